/**
 * Text helpers for Vietnamese names.
 *
 * People type Vietnamese with or without diacritics ("Vải thiều" / "vai thieu"), so every
 * lookup and match on names goes through {@link foldDiacritics} first.
 */

const COMBINING_MARKS = /\p{M}+/gu;
const WHITESPACE = /\s+/gu;

/**
 * Folds a string to a diacritic-free, lower-case, whitespace-normalised form for comparison.
 *
 * NFD-normalises the input, strips all combining marks (tones and vowel marks), maps
 * `đ`→`d` and `Đ`→`D` (which Unicode does not decompose), lower-cases, collapses runs of
 * whitespace to a single space and trims.
 *
 * @example foldDiacritics('Vải thiều Lục Ngạn') === 'vai thieu luc ngan'
 * @example foldDiacritics('Đắk Lắk') === 'dak lak'
 * @param s - any string, in any Unicode normalisation form
 * @returns the folded string; punctuation is kept as is
 */
export function foldDiacritics(s: string): string {
  return s
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(WHITESPACE, ' ')
    .trim();
}

/**
 * Turns a (Vietnamese) name into a URL- and key-safe slug.
 *
 * Applies {@link foldDiacritics}, replaces every run of characters other than `a-z` and
 * `0-9` with a single `-`, and trims leading and trailing dashes.
 *
 * @example slugify('Hồ Chí Minh') === 'ho-chi-minh'
 * @example slugify('Bà Rịa – Vũng Tàu') === 'ba-ria-vung-tau'
 * @param s - any string
 * @returns the slug; empty when `s` has no letters or digits
 */
export function slugify(s: string): string {
  return foldDiacritics(s)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
