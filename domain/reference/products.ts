/**
 * Catalogue of farm and OCOP products traded in Vietnam, with product categories and
 * name resolution that treats text with and without diacritics alike.
 */
import { lazily } from '#domain/lazy.ts';
import { foldDiacritics } from '#domain/text.ts';
import { PROVINCES } from '#domain/reference/provinces.ts';

// ---------------------------------------------------------------------------------------------
// Categories

const CATEGORY_DATA = [
  { code: 'fruit', name: 'Trái cây', nameEn: 'Fruit' },
  { code: 'vegetable', name: 'Rau củ', nameEn: 'Vegetables' },
  { code: 'rice_grain', name: 'Lúa gạo, ngũ cốc', nameEn: 'Rice and grains' },
  { code: 'coffee_tea_cocoa', name: 'Cà phê, chè, ca cao', nameEn: 'Coffee, tea and cocoa' },
  { code: 'spice_herb', name: 'Gia vị', nameEn: 'Spices and herbs' },
  { code: 'medicinal', name: 'Dược liệu', nameEn: 'Medicinal plants' },
  { code: 'seafood', name: 'Thủy sản', nameEn: 'Seafood and aquaculture' },
  { code: 'livestock_poultry', name: 'Chăn nuôi, gia cầm', nameEn: 'Livestock and poultry' },
  { code: 'processed_ocop', name: 'Sản phẩm chế biến, OCOP', nameEn: 'Processed and OCOP products' },
  { code: 'nut', name: 'Các loại hạt', nameEn: 'Nuts' },
] as const;

/** Code of a product category, e.g. `'fruit'`, `'processed_ocop'`. */
export type CategoryCode = (typeof CATEGORY_DATA)[number]['code'];

/** A product category. */
export interface Category {
  readonly code: CategoryCode;
  /** Vietnamese name. */
  readonly name: string;
  /** English name. */
  readonly nameEn: string;
}

/** The product categories, in display order. */
export const CATEGORIES: readonly Category[] = Object.freeze(
  CATEGORY_DATA.map((c): Category => Object.freeze({ ...c })),
);

// ---------------------------------------------------------------------------------------------
// Products

/** A product in the catalogue. */
export interface Product {
  /** Slug, e.g. `'vai-thieu'`. */
  readonly code: string;
  /** Vietnamese name with diacritics, e.g. `'Vải thiều'`. */
  readonly name: string;
  /** English name, e.g. `'Lychee'`. */
  readonly nameEn: string;
  readonly category: CategoryCode;
  /** Typical harvest months, 1–12, ascending; all twelve for year-round products. */
  readonly seasonMonths: readonly number[];
  /**
   * Write-sharding factor for storage hot keys: 4 for products whose season concentrates huge
   * volume in a few provinces, 1 otherwise.
   */
  readonly hotShards: number;
  /** Other common names (Vietnamese regional names, English synonyms). */
  readonly aliases?: readonly string[];
}

const ALL_YEAR = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const;

type ProductInput = Omit<Product, 'hotShards'> & { readonly hotShards?: number };

const PRODUCT_DATA: readonly ProductInput[] = [
  // ---- fruit ----
  { code: 'vai-thieu', name: 'Vải thiều', nameEn: 'Lychee', category: 'fruit', seasonMonths: [5, 6, 7], hotShards: 4, aliases: ['vải', 'lychee', 'litchi'] },
  { code: 'nhan-long', name: 'Nhãn lồng', nameEn: 'Longan', category: 'fruit', seasonMonths: [7, 8], hotShards: 4, aliases: ['nhãn', 'longan'] },
  { code: 'man-hau', name: 'Mận hậu', nameEn: 'Plum', category: 'fruit', seasonMonths: [5, 6], aliases: ['mận', 'plum'] },
  { code: 'xoai', name: 'Xoài', nameEn: 'Mango', category: 'fruit', seasonMonths: [3, 4, 5, 6, 7, 8], hotShards: 4, aliases: ['mango'] },
  { code: 'sau-rieng', name: 'Sầu riêng', nameEn: 'Durian', category: 'fruit', seasonMonths: [4, 5, 6, 7, 8, 9, 10], hotShards: 4, aliases: ['durian'] },
  { code: 'thanh-long', name: 'Thanh long', nameEn: 'Dragon fruit', category: 'fruit', seasonMonths: ALL_YEAR, hotShards: 4, aliases: ['pitaya', 'pitahaya', 'dragonfruit'] },
  { code: 'cam', name: 'Cam', nameEn: 'Orange', category: 'fruit', seasonMonths: [1, 10, 11, 12], aliases: ['orange'] },
  { code: 'buoi', name: 'Bưởi', nameEn: 'Pomelo', category: 'fruit', seasonMonths: [1, 8, 9, 10, 11, 12], aliases: ['pomelo'] },
  { code: 'quyt', name: 'Quýt', nameEn: 'Mandarin', category: 'fruit', seasonMonths: [1, 2, 10, 11, 12], aliases: ['mandarin', 'tangerine'] },
  { code: 'chanh', name: 'Chanh', nameEn: 'Lime', category: 'fruit', seasonMonths: ALL_YEAR, aliases: ['chanh không hạt', 'lime'] },
  { code: 'chanh-leo', name: 'Chanh leo', nameEn: 'Passion fruit', category: 'fruit', seasonMonths: [5, 6, 7, 8, 9, 10, 11], aliases: ['chanh dây', 'passion fruit', 'passionfruit'] },
  { code: 'chom-chom', name: 'Chôm chôm', nameEn: 'Rambutan', category: 'fruit', seasonMonths: [5, 6, 7, 8], aliases: ['rambutan'] },
  { code: 'mang-cut', name: 'Măng cụt', nameEn: 'Mangosteen', category: 'fruit', seasonMonths: [5, 6, 7, 8], aliases: ['mangosteen'] },
  { code: 'vu-sua', name: 'Vú sữa', nameEn: 'Star apple', category: 'fruit', seasonMonths: [1, 2, 3, 4], aliases: ['star apple', 'milk fruit'] },
  { code: 'mit', name: 'Mít', nameEn: 'Jackfruit', category: 'fruit', seasonMonths: ALL_YEAR, aliases: ['jackfruit'] },
  { code: 'chuoi', name: 'Chuối', nameEn: 'Banana', category: 'fruit', seasonMonths: ALL_YEAR, aliases: ['banana'] },
  { code: 'bo', name: 'Bơ', nameEn: 'Avocado', category: 'fruit', seasonMonths: [5, 6, 7, 8, 9], aliases: ['bơ sáp', 'avocado'] },
  { code: 'dua-pineapple', name: 'Dứa', nameEn: 'Pineapple', category: 'fruit', seasonMonths: [3, 4, 5, 6, 7, 8], aliases: ['khóm', 'pineapple'] },
  { code: 'dua-coconut', name: 'Dừa', nameEn: 'Coconut', category: 'fruit', seasonMonths: ALL_YEAR, aliases: ['dừa xiêm', 'coconut'] },
  { code: 'dua-hau', name: 'Dưa hấu', nameEn: 'Watermelon', category: 'fruit', seasonMonths: [1, 2, 3, 4, 5, 6, 12], aliases: ['watermelon'] },
  { code: 'dua-luoi', name: 'Dưa lưới', nameEn: 'Cantaloupe', category: 'fruit', seasonMonths: ALL_YEAR, aliases: ['cantaloupe', 'muskmelon'] },
  { code: 'dau-tay', name: 'Dâu tây', nameEn: 'Strawberry', category: 'fruit', seasonMonths: [1, 2, 3, 4, 12], aliases: ['strawberry'] },
  { code: 'nho', name: 'Nho', nameEn: 'Grape', category: 'fruit', seasonMonths: [4, 5, 6, 10, 11, 12], aliases: ['grape', 'grapes'] },

  // ---- vegetables ----
  { code: 'rau-cai', name: 'Rau cải', nameEn: 'Mustard greens', category: 'vegetable', seasonMonths: ALL_YEAR, aliases: ['cải ngọt', 'cải xanh', 'mustard greens', 'bok choy'] },
  { code: 'rau-muong', name: 'Rau muống', nameEn: 'Water spinach', category: 'vegetable', seasonMonths: ALL_YEAR, aliases: ['water spinach', 'morning glory'] },
  { code: 'bap-cai', name: 'Bắp cải', nameEn: 'Cabbage', category: 'vegetable', seasonMonths: [1, 2, 3, 11, 12], aliases: ['cải bắp', 'cabbage'] },
  { code: 'su-su', name: 'Su su', nameEn: 'Chayote', category: 'vegetable', seasonMonths: ALL_YEAR, aliases: ['chayote'] },
  { code: 'ca-chua', name: 'Cà chua', nameEn: 'Tomato', category: 'vegetable', seasonMonths: ALL_YEAR, aliases: ['tomato', 'tomatoes'] },
  { code: 'dua-chuot', name: 'Dưa chuột', nameEn: 'Cucumber', category: 'vegetable', seasonMonths: ALL_YEAR, aliases: ['dưa leo', 'cucumber'] },
  { code: 'ca-rot', name: 'Cà rốt', nameEn: 'Carrot', category: 'vegetable', seasonMonths: [1, 2, 3, 12], aliases: ['carrot', 'carrots'] },
  { code: 'bi-do', name: 'Bí đỏ', nameEn: 'Pumpkin', category: 'vegetable', seasonMonths: ALL_YEAR, aliases: ['bí ngô', 'pumpkin'] },
  { code: 'khoai-lang', name: 'Khoai lang', nameEn: 'Sweet potato', category: 'vegetable', seasonMonths: ALL_YEAR, aliases: ['sweet potato'] },
  { code: 'khoai-tay', name: 'Khoai tây', nameEn: 'Potato', category: 'vegetable', seasonMonths: [1, 2, 3, 12], aliases: ['potato', 'potatoes'] },
  { code: 'hanh-tim', name: 'Hành tím', nameEn: 'Shallot', category: 'vegetable', seasonMonths: [1, 2, 3], aliases: ['shallot', 'shallots'] },
  { code: 'toi-ly-son', name: 'Tỏi Lý Sơn', nameEn: 'Ly Son garlic', category: 'vegetable', seasonMonths: [2, 3, 4], aliases: ['tỏi', 'garlic'] },
  { code: 'mang-tre', name: 'Măng tre', nameEn: 'Bamboo shoot', category: 'vegetable', seasonMonths: [4, 5, 6, 7, 8, 9], aliases: ['măng tươi', 'bamboo shoot', 'bamboo shoots'] },

  // ---- rice and grains ----
  { code: 'gao', name: 'Gạo', nameEn: 'Rice', category: 'rice_grain', seasonMonths: [2, 3, 6, 7, 10, 11], hotShards: 4, aliases: ['lúa gạo', 'lúa', 'rice', 'paddy'] },
  { code: 'gao-nep', name: 'Gạo nếp', nameEn: 'Glutinous rice', category: 'rice_grain', seasonMonths: [5, 6, 10, 11], aliases: ['nếp', 'sticky rice', 'glutinous rice'] },
  { code: 'ngo', name: 'Ngô', nameEn: 'Maize', category: 'rice_grain', seasonMonths: [5, 6, 7, 8, 9, 10, 11], aliases: ['bắp', 'corn', 'maize'] },

  // ---- coffee, tea, cocoa ----
  { code: 'ca-phe', name: 'Cà phê', nameEn: 'Coffee', category: 'coffee_tea_cocoa', seasonMonths: [1, 11, 12], hotShards: 4, aliases: ['coffee', 'cafe', 'robusta', 'arabica'] },
  { code: 'che', name: 'Chè', nameEn: 'Tea', category: 'coffee_tea_cocoa', seasonMonths: [3, 4, 5, 6, 7, 8, 9, 10], aliases: ['trà', 'tea', 'chè búp'] },
  { code: 'che-shan-tuyet', name: 'Chè Shan tuyết', nameEn: 'Shan tuyet tea', category: 'coffee_tea_cocoa', seasonMonths: [3, 4, 5, 6, 7, 8, 9, 10], aliases: ['trà Shan tuyết', 'shan tuyet tea'] },
  { code: 'ca-cao', name: 'Ca cao', nameEn: 'Cocoa', category: 'coffee_tea_cocoa', seasonMonths: [1, 3, 4, 5, 6, 10, 11, 12], aliases: ['cacao', 'cocoa'] },

  // ---- spices and herbs ----
  { code: 'ho-tieu', name: 'Hồ tiêu', nameEn: 'Black pepper', category: 'spice_herb', seasonMonths: [1, 2, 3, 4], aliases: ['tiêu đen', 'hạt tiêu', 'pepper', 'black pepper'] },
  { code: 'que', name: 'Quế', nameEn: 'Cinnamon', category: 'spice_herb', seasonMonths: [2, 3, 4, 8, 9, 10], aliases: ['cinnamon', 'cassia'] },
  { code: 'hoa-hoi', name: 'Hoa hồi', nameEn: 'Star anise', category: 'spice_herb', seasonMonths: [3, 4, 8, 9, 10], aliases: ['hồi', 'đại hồi', 'star anise'] },
  { code: 'thao-qua', name: 'Thảo quả', nameEn: 'Black cardamom', category: 'spice_herb', seasonMonths: [9, 10, 11], aliases: ['black cardamom'] },
  { code: 'gung', name: 'Gừng', nameEn: 'Ginger', category: 'spice_herb', seasonMonths: [1, 2, 11, 12], aliases: ['ginger'] },
  { code: 'nghe', name: 'Nghệ', nameEn: 'Turmeric', category: 'spice_herb', seasonMonths: [1, 2, 11, 12], aliases: ['turmeric'] },
  { code: 'ot', name: 'Ớt', nameEn: 'Chilli', category: 'spice_herb', seasonMonths: ALL_YEAR, aliases: ['chili', 'chilli', 'chili pepper'] },

  // ---- medicinal ----
  { code: 'sam-ngoc-linh', name: 'Sâm Ngọc Linh', nameEn: 'Ngoc Linh ginseng', category: 'medicinal', seasonMonths: ALL_YEAR, aliases: ['sâm', 'sâm Việt Nam', 'sâm K5', 'ginseng', 'Vietnamese ginseng'] },
  { code: 'dinh-lang', name: 'Đinh lăng', nameEn: 'Ming aralia', category: 'medicinal', seasonMonths: ALL_YEAR, aliases: ['polyscias'] },
  { code: 'ba-kich', name: 'Ba kích', nameEn: 'Morinda root', category: 'medicinal', seasonMonths: ALL_YEAR, aliases: ['morinda'] },
  { code: 'giao-co-lam', name: 'Giảo cổ lam', nameEn: 'Jiaogulan', category: 'medicinal', seasonMonths: ALL_YEAR, aliases: ['jiaogulan'] },
  { code: 'atiso', name: 'Atiso', nameEn: 'Artichoke', category: 'medicinal', seasonMonths: [1, 2, 3, 4, 12], aliases: ['atisô', 'actiso', 'artichoke'] },
  { code: 'nam-linh-chi', name: 'Nấm linh chi', nameEn: 'Lingzhi mushroom', category: 'medicinal', seasonMonths: ALL_YEAR, aliases: ['linh chi', 'lingzhi', 'reishi'] },

  // ---- seafood ----
  { code: 'tom', name: 'Tôm', nameEn: 'Shrimp', category: 'seafood', seasonMonths: ALL_YEAR, aliases: ['shrimp', 'prawn', 'prawns'] },
  { code: 'ca-tra', name: 'Cá tra', nameEn: 'Pangasius', category: 'seafood', seasonMonths: ALL_YEAR, aliases: ['pangasius', 'tra fish'] },
  { code: 'ca-basa', name: 'Cá basa', nameEn: 'Basa fish', category: 'seafood', seasonMonths: ALL_YEAR, aliases: ['cá ba sa', 'basa'] },
  { code: 'ca-ngu', name: 'Cá ngừ', nameEn: 'Tuna', category: 'seafood', seasonMonths: [1, 2, 3, 4, 5, 6, 7, 8], aliases: ['cá ngừ đại dương', 'tuna'] },
  { code: 'muc', name: 'Mực', nameEn: 'Squid', category: 'seafood', seasonMonths: ALL_YEAR, aliases: ['squid'] },
  { code: 'cua-bien', name: 'Cua biển', nameEn: 'Mud crab', category: 'seafood', seasonMonths: ALL_YEAR, aliases: ['mud crab', 'crab'] },
  { code: 'ngheu', name: 'Nghêu', nameEn: 'Clam', category: 'seafood', seasonMonths: ALL_YEAR, aliases: ['ngao', 'clam', 'clams'] },

  // ---- livestock and poultry ----
  { code: 'thit-lon', name: 'Thịt lợn', nameEn: 'Pork', category: 'livestock_poultry', seasonMonths: ALL_YEAR, aliases: ['thịt heo', 'heo', 'lợn', 'pork'] },
  { code: 'thit-bo', name: 'Thịt bò', nameEn: 'Beef', category: 'livestock_poultry', seasonMonths: ALL_YEAR, aliases: ['bò', 'beef'] },
  { code: 'ga', name: 'Gà', nameEn: 'Chicken', category: 'livestock_poultry', seasonMonths: ALL_YEAR, aliases: ['thịt gà', 'gà ta', 'chicken'] },
  { code: 'ga-dong-tao', name: 'Gà Đông Tảo', nameEn: 'Dong Tao chicken', category: 'livestock_poultry', seasonMonths: ALL_YEAR, aliases: ['dong tao chicken'] },
  { code: 'vit', name: 'Vịt', nameEn: 'Duck', category: 'livestock_poultry', seasonMonths: ALL_YEAR, aliases: ['duck'] },
  { code: 'trung-ga', name: 'Trứng gà', nameEn: 'Chicken eggs', category: 'livestock_poultry', seasonMonths: ALL_YEAR, aliases: ['trứng', 'eggs', 'egg'] },

  // ---- processed and OCOP ----
  { code: 'mat-ong', name: 'Mật ong', nameEn: 'Honey', category: 'processed_ocop', seasonMonths: ALL_YEAR, aliases: ['honey'] },
  { code: 'nuoc-mam', name: 'Nước mắm', nameEn: 'Fish sauce', category: 'processed_ocop', seasonMonths: ALL_YEAR, aliases: ['fish sauce'] },
  { code: 'mien-dong', name: 'Miến dong', nameEn: 'Arrowroot glass noodles', category: 'processed_ocop', seasonMonths: ALL_YEAR, aliases: ['miến', 'glass noodles'] },
  { code: 'keo-dua', name: 'Kẹo dừa', nameEn: 'Coconut candy', category: 'processed_ocop', seasonMonths: ALL_YEAR, aliases: ['coconut candy'] },
  { code: 'chuoi-say', name: 'Chuối sấy', nameEn: 'Dried banana', category: 'processed_ocop', seasonMonths: ALL_YEAR, aliases: ['chuối khô', 'dried banana'] },
  { code: 'nem-chua', name: 'Nem chua', nameEn: 'Fermented pork roll', category: 'processed_ocop', seasonMonths: ALL_YEAR, aliases: ['fermented pork roll'] },
  { code: 'banh-pia', name: 'Bánh pía', nameEn: 'Pia cake', category: 'processed_ocop', seasonMonths: ALL_YEAR, aliases: ['bánh bía', 'pia cake'] },
  { code: 'tom-kho', name: 'Tôm khô', nameEn: 'Dried shrimp', category: 'processed_ocop', seasonMonths: ALL_YEAR, aliases: ['dried shrimp'] },
  { code: 'muc-kho', name: 'Mực khô', nameEn: 'Dried squid', category: 'processed_ocop', seasonMonths: ALL_YEAR, aliases: ['mực một nắng', 'dried squid'] },

  // ---- nuts ----
  { code: 'hat-dieu', name: 'Hạt điều', nameEn: 'Cashew', category: 'nut', seasonMonths: [2, 3, 4, 5], aliases: ['cashew', 'cashews', 'cashew nut'] },
  { code: 'hat-de', name: 'Hạt dẻ', nameEn: 'Chestnut', category: 'nut', seasonMonths: [8, 9, 10], aliases: ['chestnut', 'chestnuts'] },
  { code: 'mac-ca', name: 'Mắc ca', nameEn: 'Macadamia', category: 'nut', seasonMonths: [8, 9, 10], aliases: ['macca', 'macadamia'] },
  { code: 'lac', name: 'Lạc', nameEn: 'Peanut', category: 'nut', seasonMonths: [5, 6, 9, 10], aliases: ['đậu phộng', 'peanut', 'peanuts', 'groundnut'] },
  { code: 'hat-sen', name: 'Hạt sen', nameEn: 'Lotus seed', category: 'nut', seasonMonths: [6, 7, 8], aliases: ['lotus seed', 'lotus seeds'] },
  { code: 'oc-cho', name: 'Óc chó', nameEn: 'Walnut', category: 'nut', seasonMonths: [8, 9], aliases: ['walnut', 'walnuts'] },
];

/** The product catalogue, in a stable order grouped by category. */
export const PRODUCTS: readonly Product[] = Object.freeze(
  PRODUCT_DATA.map(({ aliases, seasonMonths, hotShards, ...rest }): Product =>
    Object.freeze({
      ...rest,
      seasonMonths: Object.freeze([...seasonMonths]),
      hotShards: hotShards ?? 1,
      ...(aliases !== undefined ? { aliases: Object.freeze([...aliases]) } : {}),
    }),
  ),
);

// ---------------------------------------------------------------------------------------------
// Tokens: a word of the input, in two forms.
//
// `folded` ignores all diacritics ("vai"). `toned` keeps the letters' vowel marks and đ and
// the syllable's tone mark, but normalises where the tone sits ("hoà" and "hòa" are equal), so
// that a word typed WITH diacritics can be told from a different word that folds the same
// ("quế" cinnamon vs "quê" home, "hồi" star anise vs "hội" association).

const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/g;

interface Token {
  readonly folded: string;
  readonly toned: string;
  /** Whether the word was written with any diacritic (or đ). */
  readonly accented: boolean;
}

function toToken(word: string): Token {
  const lower = word.normalize('NFD').toLowerCase();
  const tones = lower.match(TONE_MARKS) ?? [];
  const toned = lower.replace(TONE_MARKS, '').normalize('NFC') + tones.join('');
  const folded = foldDiacritics(word);
  return { folded, toned, accented: folded !== word.normalize('NFC').toLowerCase() };
}

function tokenize(text: string): Token[] {
  return text
    .normalize('NFC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '')
    .map(toToken);
}

/** Whether a word of the input matches a word of a catalogue term. */
function tokenMatches(input: Token, term: Token): boolean {
  if (input.folded !== term.folded) return false;
  // A word typed without diacritics matches on its folded form; one typed with them must be
  // spelled the same ("nhỏ" small is not "nho" grape, "quê" is not "quế").
  return !input.accented || input.toned === term.toned;
}

// ---------------------------------------------------------------------------------------------
// Lookup maps (built once, on first use: tokenizing every term costs a cold start ~15 ms)

const BY_CODE: ReadonlyMap<string, Product> = new Map(PRODUCTS.map((p) => [p.code, p]));

/** Names a free text may use for a product (codes are keys, not words, so they are left out). */
function textTermsOf(p: Product): string[] {
  return [p.name, p.nameEn, ...(p.aliases ?? [])];
}

/** Key of a whole term in tone-aware form, and in folded form. */
function tonedKey(tokens: readonly Token[]): string {
  return tokens.map((t) => t.toned).join(' ');
}
function foldedKey(tokens: readonly Token[]): string {
  return tokens.map((t) => t.folded).join(' ');
}

/**
 * Two maps: by tone-aware key (exact spelling wins) and by folded key. On a folded clash
 * ("bo": Bơ avocado) codes and names are registered before aliases and the first one stays.
 */
const aliasIndexes = lazily(() => {
  const toned = new Map<string, Product>();
  const folded = new Map<string, Product>();
  const passes: ((p: Product) => string[])[] = [
    (p) => [p.code],
    (p) => [p.name, p.nameEn],
    (p) => [...(p.aliases ?? [])],
  ];
  for (const pass of passes) {
    for (const p of PRODUCTS) {
      for (const term of pass(p)) {
        const tokens = tokenize(term);
        if (tokens.length === 0) continue;
        const tk = tonedKey(tokens);
        if (!toned.has(tk)) toned.set(tk, p);
        const fk = foldedKey(tokens);
        if (!folded.has(fk)) folded.set(fk, p);
      }
    }
  }
  return { toned: toned as ReadonlyMap<string, Product>, folded: folded as ReadonlyMap<string, Product> };
});

/**
 * Finds a product by code, Vietnamese name, English name or alias, with or without
 * diacritics, in any case; punctuation and extra spaces are ignored.
 *
 * When the input carries diacritics, an exact (tone-aware) match is preferred, so "bò"
 * and "bơ" are told apart where the catalogue knows both spellings; otherwise the folded form
 * decides.
 *
 * @example resolveProduct('vai thieu')?.code === 'vai-thieu'
 * @example resolveProduct('Lychee')?.code === 'vai-thieu'
 * @returns the product, or `undefined` when nothing matches
 */
export function resolveProduct(input: string): Product | undefined {
  const tokens = tokenize(input);
  if (tokens.length === 0) return undefined;
  const { toned, folded } = aliasIndexes();
  return toned.get(tonedKey(tokens)) ?? folded.get(foldedKey(tokens));
}

/** Looks a product up by its exact code (e.g. `'vai-thieu'`). */
export function productByCode(code: string): Product | undefined {
  return BY_CODE.get(code);
}

const categoryByKey = lazily((): ReadonlyMap<string, Category> => {
  const map = new Map<string, Category>();
  for (const c of CATEGORIES) {
    for (const term of [c.code, c.name, c.nameEn]) map.set(foldedKey(tokenize(term)), c);
  }
  return map;
});

/**
 * Finds a category by code (`'rice_grain'`), Vietnamese name or English name, with or
 * without diacritics, in any case.
 *
 * @returns the category, or `undefined` when nothing matches
 */
export function resolveCategory(input: string): Category | undefined {
  return categoryByKey().get(foldedKey(tokenize(input)));
}

const BY_CATEGORY: ReadonlyMap<CategoryCode, readonly Product[]> = (() => {
  const map = new Map<CategoryCode, Product[]>(CATEGORIES.map((c) => [c.code, []]));
  for (const p of PRODUCTS) map.get(p.category)!.push(p);
  return map;
})();

/** Products of a category, in catalogue order (a fresh array). */
export function productsInCategory(category: CategoryCode): Product[] {
  return [...(BY_CATEGORY.get(category) ?? [])];
}

// ---------------------------------------------------------------------------------------------
// Free-text search

/**
 * Common phrases of trade texts whose words fold onto a product's name ("cam kết" commit vs
 * "cam" orange, "tiêu thụ" consume vs "tiêu" pepper, "hội chợ" fair vs "hồi" star anise),
 * and a few place names of producing areas.
 * They, and all province names, take part in matching but yield no product, so that the
 * longest-match rule lets them shadow the shorter product word.
 */
const BLOCKER_PHRASES: readonly string[] = [
  'cam kết', 'tiêu thụ', 'tiêu chuẩn', 'tiêu chí', 'tiêu dùng', 'mục tiêu', 'chỉ tiêu',
  'hội chợ', 'hội nghị', 'hiệp hội', 'hội viên', 'bộ công thương', 'vừa và nhỏ', 'nhỏ và vừa',
  'quê hương', 'chế biến', 'vai trò', 'liên lạc',
  'miền bắc', 'miền trung', 'miền nam', 'miền tây', 'miền núi',
  // place names of producing areas that begin with a product word ("trà" = tea)
  'Trà My', 'Bắc Trà My', 'Nam Trà My', 'Trà Bồng', 'Trà Lĩnh', 'Trà Cú', 'Trà Ôn',
];

interface Term {
  readonly tokens: readonly Token[];
  /** `undefined` for a blocker phrase. */
  readonly product: Product | undefined;
}

/** Terms indexed by the folded form of their first word. */
const termsByFirst = lazily((): ReadonlyMap<string, readonly Term[]> => {
  const map = new Map<string, Term[]>();
  const add = (text: string, product: Product | undefined): void => {
    const tokens = tokenize(text);
    if (tokens.length === 0) return;
    const first = tokens[0]!.folded;
    const list = map.get(first) ?? [];
    list.push({ tokens, product });
    map.set(first, list);
  };
  for (const p of PRODUCTS) {
    for (const term of textTermsOf(p)) add(term, p);
  }
  for (const phrase of BLOCKER_PHRASES) add(phrase, undefined);
  for (const province of PROVINCES) {
    for (const name of new Set([province.name, ...province.formerUnits])) add(name, undefined);
  }
  return map;
});

/**
 * Products named in a free text, e.g. a search box entry or a listing title.
 *
 * Words typed without diacritics are compared folded (so "vai thieu" finds Vải thiều); words
 * typed with diacritics must be spelled as in the catalogue ("quê" does not find Quế, "nhỏ"
 * does not find Nho; where the tone mark sits does not matter: "hoà" = "hòa"). Among
 * overlapping matches the longest wins ("chuối sấy" is dried banana, not banana; "Trà Vinh"
 * is a province, not tea). A diacritic-free word that fits several products ("dua") yields
 * them all.
 *
 * @example findProductsInText('Vải thiều Lục Ngạn loại 1') // → [vai-thieu]
 * @returns distinct products, in order of first appearance in the text
 */
export function findProductsInText(text: string): Product[] {
  const words = tokenize(text);
  interface Hit { start: number; length: number; product: Product | undefined }
  const hits: Hit[] = [];
  const terms = termsByFirst();
  for (let start = 0; start < words.length; start++) {
    for (const term of terms.get(words[start]!.folded) ?? []) {
      const n = term.tokens.length;
      if (start + n > words.length) continue;
      if (term.tokens.every((t, k) => tokenMatches(words[start + k]!, t))) {
        hits.push({ start, length: n, product: term.product });
      }
    }
  }
  // Longest first; a hit is kept if it does not overlap a longer kept hit. Equal spans are
  // kept together (that is how an ambiguous folded word yields every candidate).
  hits.sort((a, b) => b.length - a.length || a.start - b.start);
  const owner: (Hit | undefined)[] = new Array<Hit | undefined>(words.length);
  const kept: Hit[] = [];
  for (const hit of hits) {
    let free = true;
    for (let k = hit.start; k < hit.start + hit.length; k++) {
      const o = owner[k];
      if (o !== undefined && !(o.start === hit.start && o.length === hit.length)) {
        free = false;
        break;
      }
    }
    if (!free) continue;
    for (let k = hit.start; k < hit.start + hit.length; k++) owner[k] ??= hit;
    kept.push(hit);
  }
  kept.sort((a, b) => a.start - b.start);
  const seen = new Set<Product>();
  const out: Product[] = [];
  for (const hit of kept) {
    if (hit.product !== undefined && !seen.has(hit.product)) {
      seen.add(hit.product);
      out.push(hit.product);
    }
  }
  return out;
}
