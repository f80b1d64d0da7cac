import { describe, it, expect } from 'vitest';
import { foldDiacritics, slugify } from '#domain/text.ts';
import {
  PROVINCES,
  distanceKm,
  provinceByCode,
  provincesWithin,
  resolveProvince,
} from '#domain/reference/provinces.ts';
import {
  CATEGORIES,
  PRODUCTS,
  findProductsInText,
  productByCode,
  productsInCategory,
  resolveCategory,
  resolveProduct,
} from '#domain/reference/products.ts';

/** The 63 pre-July-2025 provincial units and the new unit each became part of (DOMAIN.md). */
const FORMER_TO_NEW: readonly (readonly [string, string])[] = [
  ['Hà Nội', 'ha-noi'],
  ['Thừa Thiên Huế', 'hue'],
  ['Lai Châu', 'lai-chau'],
  ['Điện Biên', 'dien-bien'],
  ['Sơn La', 'son-la'],
  ['Lạng Sơn', 'lang-son'],
  ['Quảng Ninh', 'quang-ninh'],
  ['Thanh Hóa', 'thanh-hoa'],
  ['Nghệ An', 'nghe-an'],
  ['Hà Tĩnh', 'ha-tinh'],
  ['Cao Bằng', 'cao-bang'],
  ['Tuyên Quang', 'tuyen-quang'],
  ['Hà Giang', 'tuyen-quang'],
  ['Lào Cai', 'lao-cai'],
  ['Yên Bái', 'lao-cai'],
  ['Thái Nguyên', 'thai-nguyen'],
  ['Bắc Kạn', 'thai-nguyen'],
  ['Phú Thọ', 'phu-tho'],
  ['Vĩnh Phúc', 'phu-tho'],
  ['Hòa Bình', 'phu-tho'],
  ['Bắc Ninh', 'bac-ninh'],
  ['Bắc Giang', 'bac-ninh'],
  ['Hưng Yên', 'hung-yen'],
  ['Thái Bình', 'hung-yen'],
  ['Ninh Bình', 'ninh-binh'],
  ['Hà Nam', 'ninh-binh'],
  ['Nam Định', 'ninh-binh'],
  ['Quảng Trị', 'quang-tri'],
  ['Quảng Bình', 'quang-tri'],
  ['Quảng Ngãi', 'quang-ngai'],
  ['Kon Tum', 'quang-ngai'],
  ['Gia Lai', 'gia-lai'],
  ['Bình Định', 'gia-lai'],
  ['Khánh Hòa', 'khanh-hoa'],
  ['Ninh Thuận', 'khanh-hoa'],
  ['Lâm Đồng', 'lam-dong'],
  ['Đắk Nông', 'lam-dong'],
  ['Bình Thuận', 'lam-dong'],
  ['Đắk Lắk', 'dak-lak'],
  ['Phú Yên', 'dak-lak'],
  ['Đồng Nai', 'dong-nai'],
  ['Bình Phước', 'dong-nai'],
  ['Tây Ninh', 'tay-ninh'],
  ['Long An', 'tay-ninh'],
  ['Vĩnh Long', 'vinh-long'],
  ['Bến Tre', 'vinh-long'],
  ['Trà Vinh', 'vinh-long'],
  ['Đồng Tháp', 'dong-thap'],
  ['Tiền Giang', 'dong-thap'],
  ['Cà Mau', 'ca-mau'],
  ['Bạc Liêu', 'ca-mau'],
  ['An Giang', 'an-giang'],
  ['Kiên Giang', 'an-giang'],
  ['Hải Phòng', 'hai-phong'],
  ['Hải Dương', 'hai-phong'],
  ['Đà Nẵng', 'da-nang'],
  ['Quảng Nam', 'da-nang'],
  ['Hồ Chí Minh', 'ho-chi-minh'],
  ['Bình Dương', 'ho-chi-minh'],
  ['Bà Rịa – Vũng Tàu', 'ho-chi-minh'],
  ['Cần Thơ', 'can-tho'],
  ['Sóc Trăng', 'can-tho'],
  ['Hậu Giang', 'can-tho'],
];

const CITIES = ['ha-noi', 'hue', 'hai-phong', 'da-nang', 'ho-chi-minh', 'can-tho'];

describe('text folding', () => {
  it('folds Vietnamese diacritics, đ and case away', () => {
    expect(foldDiacritics('Đắk Lắk')).toBe('dak lak');
    expect(foldDiacritics('Vải thiều Lục Ngạn')).toBe('vai thieu luc ngan');
  });

  it('treats precomposed and decomposed input alike and collapses whitespace', () => {
    expect(foldDiacritics('  Thanh   Hoá\t'.normalize('NFD'))).toBe('thanh hoa');
  });

  it('makes slugs of names', () => {
    expect(slugify('Hồ Chí Minh')).toBe('ho-chi-minh');
    expect(slugify('Bà Rịa – Vũng Tàu')).toBe('ba-ria-vung-tau');
    expect(slugify('  --Đồng Tháp!! ')).toBe('dong-thap');
  });
});

describe('provinces', () => {
  it('lists exactly 34 provincial units with unique codes', () => {
    expect(PROVINCES).toHaveLength(34);
    expect(new Set(PROVINCES.map((p) => p.code)).size).toBe(34);
  });

  it('derives each code from the Vietnamese name', () => {
    for (const p of PROVINCES) expect(p.code).toBe(slugify(p.name));
  });

  it('marks exactly the six centrally-run cities as cities', () => {
    const cities = PROVINCES.filter((p) => p.kind === 'city').map((p) => p.code);
    expect(cities.sort()).toEqual([...CITIES].sort());
  });

  it('covers each of the 63 former units exactly once across formerUnits', () => {
    expect(FORMER_TO_NEW).toHaveLength(63);
    const all = PROVINCES.flatMap((p) => p.formerUnits);
    expect(all).toHaveLength(63);
    expect(new Set(all).size).toBe(63);
    expect(new Set(all)).toEqual(new Set(FORMER_TO_NEW.map(([old]) => old)));
  });

  it('resolves every former unit to the new unit it merged into', () => {
    for (const [old, code] of FORMER_TO_NEW) {
      expect(resolveProvince(old)?.code, old).toBe(code);
      expect(resolveProvince(foldDiacritics(old))?.code, foldDiacritics(old)).toBe(code);
      expect(provinceByCode(code)?.formerUnits, old).toContain(old);
    }
  });

  it('resolves old names with or without diacritics and in any case', () => {
    expect(resolveProvince('Bắc Giang')?.code).toBe('bac-ninh');
    expect(resolveProvince('bac giang')?.code).toBe('bac-ninh');
    expect(resolveProvince('kon tum')?.code).toBe('quang-ngai');
    expect(resolveProvince('KON TUM')?.code).toBe('quang-ngai');
    expect(resolveProvince('Bình Dương')?.code).toBe('ho-chi-minh');
    expect(resolveProvince('Thanh Hoa')?.code).toBe('thanh-hoa');
    expect(resolveProvince('Thanh Hoá')?.code).toBe('thanh-hoa');
    expect(resolveProvince('Ba Ria - Vung Tau')?.code).toBe('ho-chi-minh');
  });

  it('resolves names with Tỉnh, Thành phố, TP and TP. prefixes', () => {
    expect(resolveProvince('Tp. Hồ Chí Minh')?.code).toBe('ho-chi-minh');
    expect(resolveProvince('Thành phố Hồ Chí Minh')?.code).toBe('ho-chi-minh');
    expect(resolveProvince('TP Cần Thơ')?.code).toBe('can-tho');
    expect(resolveProvince('Tỉnh Bắc Giang')?.code).toBe('bac-ninh');
    expect(resolveProvince('tinh kon tum')?.code).toBe('quang-ngai');
  });

  it('resolves codes, English names and common abbreviations', () => {
    expect(resolveProvince('bac-ninh')?.code).toBe('bac-ninh');
    expect(resolveProvince('Hanoi')?.code).toBe('ha-noi');
    for (const s of ['TP.HCM', 'HCM', 'TPHCM', 'Sài Gòn', 'Saigon', 'Ho Chi Minh City']) {
      expect(resolveProvince(s)?.code, s).toBe('ho-chi-minh');
    }
    expect(resolveProvince('Hue')?.code).toBe('hue');
    expect(resolveProvince('Thừa Thiên Huế')?.code).toBe('hue');
    expect(resolveProvince('Daklak')?.code).toBe('dak-lak');
  });

  it('returns undefined for unknown or empty input', () => {
    expect(resolveProvince('Atlantis')).toBeUndefined();
    expect(resolveProvince('')).toBeUndefined();
    expect(resolveProvince('Thành phố')).toBeUndefined();
    expect(provinceByCode('bac-giang')).toBeUndefined();
  });

  it('gives centres inside Vietnam with 4 decimals', () => {
    for (const { code, centre } of PROVINCES) {
      expect(centre.lat, code).toBeGreaterThan(8.5);
      expect(centre.lat, code).toBeLessThan(23.4);
      expect(centre.lon, code).toBeGreaterThan(102.1);
      expect(centre.lon, code).toBeLessThan(109.5);
      expect(Math.round(centre.lat * 1e4) / 1e4).toBe(centre.lat);
      expect(Math.round(centre.lon * 1e4) / 1e4).toBe(centre.lon);
    }
  });
});

describe('distances between provinces', () => {
  it('puts Hà Nội between 1100 and 1200 km from Hồ Chí Minh', () => {
    const d = distanceKm('ha-noi', 'ho-chi-minh');
    expect(d).toBeGreaterThan(1100);
    expect(d).toBeLessThan(1200);
  });

  it('puts Hà Nội less than 70 km from Bắc Ninh', () => {
    expect(distanceKm('ha-noi', 'bac-ninh')).toBeLessThan(70);
  });

  it('is symmetric, zero to itself and rounded to one decimal', () => {
    for (const a of PROVINCES) {
      expect(distanceKm(a.code, a.code)).toBe(0);
      for (const b of PROVINCES) {
        const d = distanceKm(a.code, b.code);
        expect(d).toBe(distanceKm(b.code, a.code));
        expect(Math.round(d * 10) / 10).toBe(d);
        if (a !== b) expect(d).toBeGreaterThan(0);
      }
    }
  });

  it('rejects unknown codes', () => {
    expect(() => distanceKm('bac-giang' as never, 'ha-noi')).toThrow(RangeError);
  });

  it('lists provinces within a radius nearest first, including the province itself', () => {
    const near = provincesWithin('ha-noi', 100);
    expect(near[0]).toBe('ha-noi');
    expect(near).toContain('bac-ninh');
    expect(near).not.toContain('ho-chi-minh');
    const ds = near.map((c) => distanceKm('ha-noi', c as never));
    expect(ds).toEqual([...ds].sort((x, y) => x - y));
    expect(ds.every((d) => d <= 100)).toBe(true);
    expect(provincesWithin('ha-noi', 0)).toEqual(['ha-noi']);
    expect(provincesWithin('ha-noi', 5000)).toHaveLength(34);
    expect(provincesWithin('atlantis', 100)).toEqual([]);
  });
});

describe('product catalogue', () => {
  it('has at least 45 products with unique codes and at least 40 distinct names', () => {
    expect(PRODUCTS.length).toBeGreaterThanOrEqual(45);
    expect(new Set(PRODUCTS.map((p) => p.code)).size).toBe(PRODUCTS.length);
    expect(new Set(PRODUCTS.map((p) => p.name)).size).toBe(PRODUCTS.length);
    expect(new Set(PRODUCTS.map((p) => foldDiacritics(p.name))).size).toBeGreaterThanOrEqual(40);
  });

  it('has a non-empty product list in every category', () => {
    expect(CATEGORIES).toHaveLength(10);
    for (const c of CATEGORIES) expect(productsInCategory(c.code).length, c.code).toBeGreaterThan(0);
    const total = CATEGORIES.reduce((n, c) => n + productsInCategory(c.code).length, 0);
    expect(total).toBe(PRODUCTS.length);
  });

  it('gives valid, ascending harvest months and shard counts', () => {
    for (const p of PRODUCTS) {
      expect(p.seasonMonths.length, p.code).toBeGreaterThan(0);
      expect(p.seasonMonths.every((m) => Number.isInteger(m) && m >= 1 && m <= 12), p.code).toBe(true);
      expect([...p.seasonMonths].sort((a, b) => a - b), p.code).toEqual([...p.seasonMonths]);
      expect(new Set(p.seasonMonths).size, p.code).toBe(p.seasonMonths.length);
    }
    const hot = PRODUCTS.filter((p) => p.hotShards === 4).map((p) => p.code).sort();
    expect(hot).toEqual(['ca-phe', 'gao', 'nhan-long', 'sau-rieng', 'thanh-long', 'vai-thieu', 'xoai']);
    expect(PRODUCTS.every((p) => p.hotShards === 1 || p.hotShards === 4)).toBe(true);
  });

  it('includes the produce of the domain description', () => {
    for (const name of [
      'Vải thiều', 'Nhãn lồng', 'Mận hậu', 'Xoài', 'Cà phê', 'Sầu riêng', 'Thanh long', 'Gạo', 'Chè',
      'Sâm Ngọc Linh', 'Cam', 'Hạt dẻ',
    ]) {
      expect(resolveProduct(name)?.name, name).toBe(name);
    }
  });

  it('resolves products by name with or without diacritics, by English name, alias and code', () => {
    expect(resolveProduct('vai thieu')?.code).toBe('vai-thieu');
    expect(resolveProduct('Lychee')?.code).toBe('vai-thieu');
    expect(resolveProduct('litchi')?.code).toBe('vai-thieu');
    expect(resolveProduct('ca phe')?.code).toBe('ca-phe');
    expect(resolveProduct('CÀ PHÊ')?.code).toBe('ca-phe');
    expect(resolveProduct('dragon fruit')?.code).toBe('thanh-long');
    expect(resolveProduct('sam-ngoc-linh')?.code).toBe('sam-ngoc-linh');
    expect(productByCode('vai-thieu')?.nameEn).toBe('Lychee');
    expect(productByCode('nope')).toBeUndefined();
    expect(resolveProduct('unobtainium')).toBeUndefined();
  });

  it('tells products apart by diacritics where their folded names clash', () => {
    expect(resolveProduct('Dứa')?.code).toBe('dua-pineapple');
    expect(resolveProduct('Dừa')?.code).toBe('dua-coconut');
    expect(resolveProduct('thịt bò')?.code).toBe('thit-bo');
    expect(resolveProduct('Bơ')?.code).toBe('bo');
    expect(resolveProduct('bò')?.code).toBe('thit-bo');
  });

  it('resolves categories by code or name', () => {
    expect(resolveCategory('fruit')?.code).toBe('fruit');
    expect(resolveCategory('Trái cây')?.code).toBe('fruit');
    expect(resolveCategory('thuy san')?.code).toBe('seafood');
    expect(resolveCategory('Nuts')?.code).toBe('nut');
    expect(resolveCategory('nothing')).toBeUndefined();
  });
});

describe('finding products in free text', () => {
  const codes = (text: string): string[] => findProductsInText(text).map((p) => p.code);

  it('finds lychee in a listing title with a place name', () => {
    expect(codes('Vải thiều Lục Ngạn loại 1')).toContain('vai-thieu');
    expect(codes('vai thieu luc ngan')).toEqual(['vai-thieu']);
  });

  it('prefers the longest match', () => {
    expect(codes('Chuối sấy dẻo')).toEqual(['chuoi-say']);
    expect(codes('Gà Đông Tảo Hưng Yên')).toEqual(['ga-dong-tao']);
    expect(codes('Chè Shan tuyết cổ thụ')).toEqual(['che-shan-tuyet']);
  });

  it('does not take province names or common trade phrases for products', () => {
    expect(codes('Dừa sáp Trà Vinh')).toEqual(['dua-coconut']);
    expect(codes('Cam kết tiêu thụ nông sản tại hội chợ')).toEqual([]);
    expect(codes('sản phẩm chế biến')).toEqual([]);
  });

  it('respects diacritics when the text has them', () => {
    expect(codes('về quê ăn Tết')).toEqual([]);
    expect(codes('Quế Trà My')).toEqual(['que']);
    expect(codes('doanh nghiệp nhỏ')).toEqual([]);
    expect(codes('bò Mông')).toEqual(['thit-bo']);
  });

  it('yields every candidate for a diacritic-free word that fits several products', () => {
    expect(codes('dua').sort()).toEqual(['dua-coconut', 'dua-pineapple']);
  });

  it('finds several products in order of appearance', () => {
    expect(codes('Thanh long Long An, sầu riêng Đắk Lắk và cà phê')).toEqual([
      'thanh-long',
      'sau-rieng',
      'ca-phe',
    ]);
  });
});
