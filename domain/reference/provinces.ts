/**
 * The 34 provincial-level units of Vietnam in force since 1 July 2025, with the 63 former
 * units each absorbed, and the coordinates of each new unit's administrative seat.
 *
 * Listings and old documents still use pre-merger names ("Bắc Giang", "Kon Tum"), so
 * {@link resolveProvince} maps any current, English or former name to the new unit.
 */
import { lazily } from '#domain/lazy.ts';
import { foldDiacritics } from '#domain/text.ts';

/** Broad region, used for coarse grouping in statistics and for demo data. */
export type Region = 'north' | 'central' | 'highlands' | 'south';

/** Centrally-run city (thành phố trực thuộc trung ương) or province (tỉnh). */
export type ProvinceKind = 'city' | 'province';

interface ProvinceRecord {
  readonly code: string;
  readonly name: string;
  readonly nameEn: string;
  readonly kind: ProvinceKind;
  readonly region: Region;
  readonly formerUnits: readonly string[];
  readonly centre: { readonly lat: number; readonly lon: number };
  /** Extra spellings accepted by {@link resolveProvince}; not part of the public record. */
  readonly aliases?: readonly string[];
}

/*
 * Centres are the administrative seats (where the provincial People's Committee sits) of the
 * NEW units, as designated by Resolution 202/2025/QH15 of the National Assembly (12 June 2025)
 * on the arrangement of provincial-level administrative units. Coordinates are from general
 * knowledge of the seat cities, 4 decimals (~10 m resolution, accuracy ~1–3 km); they should
 * be re-checked against an authoritative gazetteer before relying on sub-5 km precision.
 *
 * Regions follow the post-merger socio-economic regions: the northern midlands and mountains
 * plus the Red River delta are 'north'; north-central and the central coast are 'central';
 * Gia Lai, Đắk Lắk and Lâm Đồng are 'highlands'; the south-east and the Mekong delta 'south'.
 */
const DATA = [
  // ---- unchanged units ----
  {
    code: 'ha-noi', name: 'Hà Nội', nameEn: 'Hanoi', kind: 'city', region: 'north',
    formerUnits: ['Hà Nội'], centre: { lat: 21.0285, lon: 105.8542 }, aliases: ['HN'],
  },
  {
    code: 'hue', name: 'Huế', nameEn: 'Hue', kind: 'city', region: 'central',
    formerUnits: ['Thừa Thiên Huế'], centre: { lat: 16.4637, lon: 107.5909 },
    aliases: ['Thừa Thiên – Huế', 'TT Huế', 'Thành phố Huế'],
  },
  {
    code: 'lai-chau', name: 'Lai Châu', nameEn: 'Lai Chau', kind: 'province', region: 'north',
    formerUnits: ['Lai Châu'], centre: { lat: 22.3964, lon: 103.4582 },
  },
  {
    code: 'dien-bien', name: 'Điện Biên', nameEn: 'Dien Bien', kind: 'province', region: 'north',
    formerUnits: ['Điện Biên'], centre: { lat: 21.3856, lon: 103.0169 }, aliases: ['Điện Biên Phủ'],
  },
  {
    code: 'son-la', name: 'Sơn La', nameEn: 'Son La', kind: 'province', region: 'north',
    formerUnits: ['Sơn La'], centre: { lat: 21.3272, lon: 103.9141 },
  },
  {
    code: 'lang-son', name: 'Lạng Sơn', nameEn: 'Lang Son', kind: 'province', region: 'north',
    formerUnits: ['Lạng Sơn'], centre: { lat: 21.8537, lon: 106.7615 },
  },
  {
    code: 'quang-ninh', name: 'Quảng Ninh', nameEn: 'Quang Ninh', kind: 'province', region: 'north',
    formerUnits: ['Quảng Ninh'], centre: { lat: 20.9517, lon: 107.0800 }, // Hạ Long
  },
  {
    code: 'thanh-hoa', name: 'Thanh Hóa', nameEn: 'Thanh Hoa', kind: 'province', region: 'central',
    formerUnits: ['Thanh Hóa'], centre: { lat: 19.8075, lon: 105.7764 },
  },
  {
    code: 'nghe-an', name: 'Nghệ An', nameEn: 'Nghe An', kind: 'province', region: 'central',
    formerUnits: ['Nghệ An'], centre: { lat: 18.6796, lon: 105.6813 }, // Vinh
  },
  {
    code: 'ha-tinh', name: 'Hà Tĩnh', nameEn: 'Ha Tinh', kind: 'province', region: 'central',
    formerUnits: ['Hà Tĩnh'], centre: { lat: 18.3428, lon: 105.9057 },
  },
  {
    code: 'cao-bang', name: 'Cao Bằng', nameEn: 'Cao Bang', kind: 'province', region: 'north',
    formerUnits: ['Cao Bằng'], centre: { lat: 22.6657, lon: 106.2579 },
  },
  // ---- merged provinces ----
  {
    code: 'tuyen-quang', name: 'Tuyên Quang', nameEn: 'Tuyen Quang', kind: 'province', region: 'north',
    formerUnits: ['Tuyên Quang', 'Hà Giang'], centre: { lat: 21.8233, lon: 105.2180 },
  },
  {
    code: 'lao-cai', name: 'Lào Cai', nameEn: 'Lao Cai', kind: 'province', region: 'north',
    formerUnits: ['Lào Cai', 'Yên Bái'], centre: { lat: 21.7050, lon: 104.8750 }, // Yên Bái
  },
  {
    code: 'thai-nguyen', name: 'Thái Nguyên', nameEn: 'Thai Nguyen', kind: 'province', region: 'north',
    formerUnits: ['Thái Nguyên', 'Bắc Kạn'], centre: { lat: 21.5928, lon: 105.8442 },
    aliases: ['Bắc Cạn'],
  },
  {
    code: 'phu-tho', name: 'Phú Thọ', nameEn: 'Phu Tho', kind: 'province', region: 'north',
    formerUnits: ['Phú Thọ', 'Vĩnh Phúc', 'Hòa Bình'], centre: { lat: 21.3220, lon: 105.4020 }, // Việt Trì
  },
  {
    code: 'bac-ninh', name: 'Bắc Ninh', nameEn: 'Bac Ninh', kind: 'province', region: 'north',
    formerUnits: ['Bắc Ninh', 'Bắc Giang'], centre: { lat: 21.2731, lon: 106.1946 }, // Bắc Giang
  },
  {
    code: 'hung-yen', name: 'Hưng Yên', nameEn: 'Hung Yen', kind: 'province', region: 'north',
    formerUnits: ['Hưng Yên', 'Thái Bình'], centre: { lat: 20.6464, lon: 106.0511 },
  },
  {
    code: 'ninh-binh', name: 'Ninh Bình', nameEn: 'Ninh Binh', kind: 'province', region: 'north',
    formerUnits: ['Ninh Bình', 'Hà Nam', 'Nam Định'], centre: { lat: 20.2506, lon: 105.9745 }, // Hoa Lư
  },
  {
    code: 'quang-tri', name: 'Quảng Trị', nameEn: 'Quang Tri', kind: 'province', region: 'central',
    formerUnits: ['Quảng Trị', 'Quảng Bình'], centre: { lat: 17.4689, lon: 106.6223 }, // Đồng Hới
  },
  {
    code: 'quang-ngai', name: 'Quảng Ngãi', nameEn: 'Quang Ngai', kind: 'province', region: 'central',
    formerUnits: ['Quảng Ngãi', 'Kon Tum'], centre: { lat: 15.1205, lon: 108.7923 },
    aliases: ['Kontum'],
  },
  {
    code: 'gia-lai', name: 'Gia Lai', nameEn: 'Gia Lai', kind: 'province', region: 'highlands',
    formerUnits: ['Gia Lai', 'Bình Định'], centre: { lat: 13.7765, lon: 109.2237 }, // Quy Nhơn
  },
  {
    code: 'khanh-hoa', name: 'Khánh Hòa', nameEn: 'Khanh Hoa', kind: 'province', region: 'central',
    formerUnits: ['Khánh Hòa', 'Ninh Thuận'], centre: { lat: 12.2388, lon: 109.1967 }, // Nha Trang
  },
  {
    code: 'lam-dong', name: 'Lâm Đồng', nameEn: 'Lam Dong', kind: 'province', region: 'highlands',
    formerUnits: ['Lâm Đồng', 'Đắk Nông', 'Bình Thuận'], centre: { lat: 11.9416, lon: 108.4383 }, // Đà Lạt
    aliases: ['Đắc Nông', 'Daknong'],
  },
  {
    code: 'dak-lak', name: 'Đắk Lắk', nameEn: 'Dak Lak', kind: 'province', region: 'highlands',
    formerUnits: ['Đắk Lắk', 'Phú Yên'], centre: { lat: 12.6800, lon: 108.0440 }, // Buôn Ma Thuột
    aliases: ['Đắc Lắc', 'Daklak', 'Darlac'],
  },
  {
    code: 'dong-nai', name: 'Đồng Nai', nameEn: 'Dong Nai', kind: 'province', region: 'south',
    formerUnits: ['Đồng Nai', 'Bình Phước'], centre: { lat: 10.9470, lon: 106.8180 }, // Biên Hòa
  },
  {
    code: 'tay-ninh', name: 'Tây Ninh', nameEn: 'Tay Ninh', kind: 'province', region: 'south',
    formerUnits: ['Tây Ninh', 'Long An'], centre: { lat: 10.5366, lon: 106.4131 }, // Tân An
  },
  {
    code: 'vinh-long', name: 'Vĩnh Long', nameEn: 'Vinh Long', kind: 'province', region: 'south',
    formerUnits: ['Vĩnh Long', 'Bến Tre', 'Trà Vinh'], centre: { lat: 10.2537, lon: 105.9722 },
  },
  {
    code: 'dong-thap', name: 'Đồng Tháp', nameEn: 'Dong Thap', kind: 'province', region: 'south',
    formerUnits: ['Đồng Tháp', 'Tiền Giang'], centre: { lat: 10.3540, lon: 106.3650 }, // Mỹ Tho
  },
  {
    code: 'ca-mau', name: 'Cà Mau', nameEn: 'Ca Mau', kind: 'province', region: 'south',
    formerUnits: ['Cà Mau', 'Bạc Liêu'], centre: { lat: 9.1769, lon: 105.1524 },
  },
  {
    code: 'an-giang', name: 'An Giang', nameEn: 'An Giang', kind: 'province', region: 'south',
    formerUnits: ['An Giang', 'Kiên Giang'], centre: { lat: 10.0125, lon: 105.0809 }, // Rạch Giá
  },
  // ---- merged centrally-run cities ----
  {
    code: 'hai-phong', name: 'Hải Phòng', nameEn: 'Haiphong', kind: 'city', region: 'north',
    formerUnits: ['Hải Phòng', 'Hải Dương'], centre: { lat: 20.8449, lon: 106.6881 },
  },
  {
    code: 'da-nang', name: 'Đà Nẵng', nameEn: 'Da Nang', kind: 'city', region: 'central',
    formerUnits: ['Đà Nẵng', 'Quảng Nam'], centre: { lat: 16.0777, lon: 108.2235 },
  },
  {
    code: 'ho-chi-minh', name: 'Hồ Chí Minh', nameEn: 'Ho Chi Minh City', kind: 'city', region: 'south',
    formerUnits: ['Hồ Chí Minh', 'Bình Dương', 'Bà Rịa – Vũng Tàu'], centre: { lat: 10.7764, lon: 106.7010 },
    aliases: ['HCM', 'HCMC', 'TPHCM', 'TP.HCM', 'Sài Gòn', 'Saigon', 'Vũng Tàu', 'BRVT', 'BR-VT'],
  },
  {
    code: 'can-tho', name: 'Cần Thơ', nameEn: 'Can Tho', kind: 'city', region: 'south',
    formerUnits: ['Cần Thơ', 'Sóc Trăng', 'Hậu Giang'], centre: { lat: 10.0341, lon: 105.7849 },
  },
] as const satisfies readonly ProvinceRecord[];

/** Code of one of the 34 current provincial units: a slug such as `'ha-noi'` or `'bac-ninh'`. */
export type ProvinceCode = (typeof DATA)[number]['code'];

/** A provincial-level unit (tỉnh or thành phố trực thuộc trung ương) in force since 1 July 2025. */
export interface Province {
  /** Slug of the Vietnamese name, e.g. `'ho-chi-minh'`. */
  readonly code: ProvinceCode;
  /** Vietnamese name with diacritics, without the 'Tỉnh'/'Thành phố' prefix, e.g. `'Hồ Chí Minh'`. */
  readonly name: string;
  /** English name, e.g. `'Ho Chi Minh City'`, `'Hue'`. */
  readonly nameEn: string;
  /** `'city'` for the six centrally-run cities, `'province'` otherwise. */
  readonly kind: ProvinceKind;
  readonly region: Region;
  /** Pre-merger units this unit absorbed, including its own former self where it existed. */
  readonly formerUnits: readonly string[];
  /** Administrative seat of the new unit (WGS84 degrees, 4 decimals). */
  readonly centre: { readonly lat: number; readonly lon: number };
}

/** The 34 current provincial units, in a stable order. */
export const PROVINCES: readonly Province[] = Object.freeze(
  DATA.map(({ code, name, nameEn, kind, region, formerUnits, centre }): Province =>
    Object.freeze({
      code,
      name,
      nameEn,
      kind,
      region,
      formerUnits: Object.freeze([...formerUnits]),
      centre: Object.freeze({ ...centre }),
    }),
  ),
);

// ---------------------------------------------------------------------------------------------
// Name resolution

const PREFIXES: readonly (readonly string[])[] = [['thanh', 'pho'], ['tinh'], ['tp'], ['t', 'p']];
const SUFFIXES: readonly (readonly string[])[] = [['province'], ['city']];

/**
 * Lookup key for a province name: folded, prefixes such as 'Tỉnh', 'Thành phố', 'TP.' and
 * English suffixes ('Province', 'City') removed, and all non-alphanumerics dropped, so that
 * "TP. Hồ Chí Minh", "ho chi minh" and "HoChiMinh" share one key.
 */
function provinceKey(input: string): string {
  let words = foldDiacritics(input).split(/[^a-z0-9]+/).filter((w) => w !== '');
  for (const prefix of PREFIXES) {
    if (words.length > prefix.length && prefix.every((w, i) => words[i] === w)) {
      words = words.slice(prefix.length);
      break;
    }
  }
  for (const suffix of SUFFIXES) {
    const at = words.length - suffix.length;
    if (at > 0 && suffix.every((w, i) => words[at + i] === w)) {
      words = words.slice(0, at);
      break;
    }
  }
  return words.join('');
}

const BY_CODE: ReadonlyMap<string, Province> = new Map(PROVINCES.map((p) => [p.code, p]));

const byKey = lazily((): ReadonlyMap<string, Province> => {
  const map = new Map<string, Province>();
  DATA.forEach((record, i) => {
    const province = PROVINCES[i]!;
    const aliases: readonly string[] = 'aliases' in record ? record.aliases : [];
    for (const term of [record.code, record.name, record.nameEn, ...record.formerUnits, ...aliases]) {
      const key = provinceKey(term);
      const existing = map.get(key);
      if (existing !== undefined && existing !== province) {
        throw new Error(`province key '${key}' is ambiguous: ${existing.code} / ${province.code}`);
      }
      map.set(key, province);
    }
  });
  return map;
});

/**
 * Finds the current provincial unit for a name as people write it.
 *
 * Accepts the code (`'bac-ninh'`), the current Vietnamese name, the English name, or the name
 * of any former (pre-July-2025) unit, with or without diacritics, in any case, with or without
 * a 'Tỉnh ', 'Thành phố ', 'TP ' or 'TP. ' prefix, plus a few common abbreviations
 * ('TP.HCM', 'HCM', 'Sài Gòn', 'Daklak').
 *
 * @example resolveProvince('Bắc Giang')?.code === 'bac-ninh'
 * @example resolveProvince('kon tum')?.code === 'quang-ngai'
 * @example resolveProvince('TP.HCM')?.code === 'ho-chi-minh'
 * @returns the province, or `undefined` when nothing matches
 */
export function resolveProvince(input: string): Province | undefined {
  const key = provinceKey(input);
  return key === '' ? undefined : byKey().get(key);
}

/**
 * Looks a province up by its exact code (e.g. `'ha-noi'`).
 *
 * @returns the province, or `undefined` for an unknown code
 */
export function provinceByCode(code: string): Province | undefined {
  return BY_CODE.get(code);
}

// ---------------------------------------------------------------------------------------------
// Distances

const EARTH_RADIUS_KM = 6371.0088;
const N = PROVINCES.length;
const INDEX: ReadonlyMap<string, number> = new Map(PROVINCES.map((p, i) => [p.code, i]));

function haversineKm(a: Province['centre'], b: Province['centre']): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Great-circle distances between centres, km rounded to 0.1, row-major N×N. */
const distances = lazily((): Float64Array => {
  const m = new Float64Array(N * N);
  for (let i = 0; i < N; i++) {
    for (let j = i + 1; j < N; j++) {
      const d = Math.round(haversineKm(PROVINCES[i]!.centre, PROVINCES[j]!.centre) * 10) / 10;
      m[i * N + j] = d;
      m[j * N + i] = d;
    }
  }
  return m;
});

function indexOf(code: string): number {
  const i = INDEX.get(code);
  if (i === undefined) throw new RangeError(`unknown province code '${code}'`);
  return i;
}

/**
 * Great-circle (haversine) distance between the administrative seats of two provinces.
 *
 * @returns kilometres, rounded to one decimal; 0 for the same province
 * @throws RangeError when either code is not a current province code
 */
export function distanceKm(a: ProvinceCode, b: ProvinceCode): number {
  return distances()[indexOf(a) * N + indexOf(b)]!;
}

/**
 * Codes of the provinces whose seat lies within `maxKm` of the given province's seat,
 * including the province itself, nearest first (ties broken by code).
 *
 * @param code - a current province code
 * @param maxKm - inclusive radius in kilometres
 * @returns the codes; empty when `code` is unknown or `maxKm` is negative or NaN
 */
export function provincesWithin(code: string, maxKm: number): string[] {
  const i = INDEX.get(code);
  if (i === undefined || !(maxKm >= 0)) return [];
  const found: { code: string; d: number }[] = [];
  const km = distances();
  for (let j = 0; j < N; j++) {
    const d = km[i * N + j]!;
    if (d <= maxKm) found.push({ code: PROVINCES[j]!.code, d });
  }
  found.sort((x, y) => x.d - y.d || (x.code < y.code ? -1 : x.code > y.code ? 1 : 0));
  return found.map((f) => f.code);
}
