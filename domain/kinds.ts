/**
 * Kinds of sellers, buyers and fairs as people name them: the API codes, and the Vietnamese
 * (and English) words for them, with or without diacritics ("siêu thị", "sieu thi", "HTX").
 */
import * as z from 'zod/mini';
import { customIssue } from '#domain/schemas.ts';
import { foldDiacritics } from '#domain/text.ts';

const key = (s: string) => foldDiacritics(s).replace(/[^a-z0-9]+/g, ' ').trim();

/** Words for each seller kind. */
export const SELLER_KIND_WORDS = {
  cooperative: ['hợp tác xã', 'HTX', 'co-operative', 'coop'],
  enterprise: ['doanh nghiệp', 'công ty', 'DN', 'company'],
  household: ['hộ kinh doanh', 'hộ gia đình', 'hộ sản xuất', 'HKD', 'household business'],
} as const;

/** Words for each buyer kind. */
export const BUYER_KIND_WORDS = {
  supermarket: ['siêu thị', 'chuỗi siêu thị'],
  wholesale_market: ['chợ đầu mối', 'chợ bán buôn', 'wholesale market'],
  commercial_centre: ['trung tâm thương mại', 'TTTM', 'commercial center', 'mall'],
  exporter: ['doanh nghiệp xuất khẩu', 'nhà xuất khẩu', 'xuất khẩu'],
  processor: ['cơ sở chế biến', 'nhà máy chế biến', 'chế biến'],
} as const;

/** Words for each fair kind: a conference (hội nghị) is not a fair (hội chợ). */
export const FAIR_KIND_WORDS = {
  fair: ['hội chợ', 'hội chợ triển lãm'],
  exhibition: ['triển lãm'],
  conference: ['hội nghị', 'hội nghị xúc tiến', 'hội thảo'],
  market_day: ['phiên chợ', 'phiên chợ Việt', 'market day'],
} as const;

/** Vietnamese names of the kinds, for human text. */
export const KIND_NAMES_VI: Readonly<Record<string, string>> = Object.freeze({
  cooperative: 'hợp tác xã',
  enterprise: 'doanh nghiệp',
  household: 'hộ kinh doanh',
  supermarket: 'siêu thị',
  wholesale_market: 'chợ đầu mối',
  commercial_centre: 'trung tâm thương mại',
  exporter: 'doanh nghiệp xuất khẩu',
  processor: 'cơ sở chế biến',
  fair: 'hội chợ',
  exhibition: 'triển lãm',
  conference: 'hội nghị',
  market_day: 'phiên chợ',
});

/**
 * A kind field: the code, or any word for it. Resolves to the code; the output schemas keep
 * the plain enum.
 */
export function kindField<K extends string>(codes: readonly K[], words: Record<K, readonly string[]>) {
  const byKey = new Map<string, K>();
  for (const code of codes) for (const w of [code, code.replace(/_/g, ' '), ...words[code]]) byKey.set(key(w), code);
  return z.pipe(
    z.string().check(z.maxLength(60)).register(z.globalRegistry, {
      description: `One of ${codes.join(', ')}, or its Vietnamese name (${codes.map((c) => words[c][0]).join(', ')})`,
      examples: [codes[0], words[codes[0]][0]],
    }),
    z.transform((value, ctx) => {
      const code = byKey.get(key(value));
      if (code === undefined) {
        customIssue(ctx, value, 'unknown-kind', { value, kinds: codes.join(', ') });
        return z.NEVER;
      }
      return code;
    }),
  );
}
