/**
 * The 6 socio-economic regions (vùng kinh tế – xã hội) of Vietnam, as grouped by the National
 * Master Plan 2021–2030 (Resolution 81/2023/QH15 of the National Assembly, 9 January 2023),
 * listed by the 63 pre-merger provincial units it names.
 *
 * Several of the 34 units formed on 1 July 2025 join units of two regions (Quảng Ngãi + Kon
 * Tum, Gia Lai + Bình Định, Lâm Đồng + Đắk Nông + Bình Thuận, Tây Ninh + Long An, Bắc Ninh +
 * Bắc Giang, Phú Thọ + Vĩnh Phúc …): such a unit belongs to every region one of its former
 * units belongs to, so a fair meant for the Central Highlands reaches producers of Quảng Ngãi
 * (Kon Tum) and of Lâm Đồng.
 */
import { lazily } from '#domain/lazy.ts';
import { foldDiacritics } from '#domain/text.ts';
import { PROVINCES } from '#domain/reference/provinces.ts';

export const REGION_CODES = ['northern-midlands-mountains', 'red-river-delta', 'north-central-coast', 'central-highlands', 'south-east', 'mekong-delta'] as const;
export type RegionCode = (typeof REGION_CODES)[number];

export interface SocioEconomicRegion {
  readonly code: RegionCode;
  readonly name: string;
  readonly nameEn: string;
  /** Pre-merger provincial units, as named in Resolution 81/2023/QH15. */
  readonly formerUnits: readonly string[];
}

export const REGIONS: readonly SocioEconomicRegion[] = Object.freeze([
  {
    code: 'northern-midlands-mountains',
    name: 'Trung du và miền núi phía Bắc',
    nameEn: 'Northern Midlands and Mountains',
    formerUnits: ['Hà Giang', 'Cao Bằng', 'Bắc Kạn', 'Lạng Sơn', 'Tuyên Quang', 'Thái Nguyên', 'Phú Thọ', 'Bắc Giang', 'Lào Cai', 'Yên Bái', 'Điện Biên', 'Lai Châu', 'Sơn La', 'Hòa Bình'],
  },
  {
    code: 'red-river-delta',
    name: 'Đồng bằng sông Hồng',
    nameEn: 'Red River Delta',
    formerUnits: ['Hà Nội', 'Vĩnh Phúc', 'Bắc Ninh', 'Quảng Ninh', 'Hải Dương', 'Hải Phòng', 'Hưng Yên', 'Thái Bình', 'Hà Nam', 'Nam Định', 'Ninh Bình'],
  },
  {
    code: 'north-central-coast',
    name: 'Bắc Trung Bộ và duyên hải miền Trung',
    nameEn: 'North Central and Central Coast',
    formerUnits: ['Thanh Hóa', 'Nghệ An', 'Hà Tĩnh', 'Quảng Bình', 'Quảng Trị', 'Thừa Thiên Huế', 'Đà Nẵng', 'Quảng Nam', 'Quảng Ngãi', 'Bình Định', 'Phú Yên', 'Khánh Hòa', 'Ninh Thuận', 'Bình Thuận'],
  },
  {
    code: 'central-highlands',
    name: 'Tây Nguyên',
    nameEn: 'Central Highlands',
    formerUnits: ['Kon Tum', 'Gia Lai', 'Đắk Lắk', 'Đắk Nông', 'Lâm Đồng'],
  },
  {
    code: 'south-east',
    name: 'Đông Nam Bộ',
    nameEn: 'South East',
    formerUnits: ['Hồ Chí Minh', 'Đồng Nai', 'Bình Dương', 'Bình Phước', 'Tây Ninh', 'Bà Rịa – Vũng Tàu'],
  },
  {
    code: 'mekong-delta',
    name: 'Đồng bằng sông Cửu Long',
    nameEn: 'Mekong Delta',
    formerUnits: ['Long An', 'Tiền Giang', 'Bến Tre', 'Trà Vinh', 'Vĩnh Long', 'Cần Thơ', 'Hậu Giang', 'Sóc Trăng', 'An Giang', 'Đồng Tháp', 'Kiên Giang', 'Bạc Liêu', 'Cà Mau'],
  },
] satisfies SocioEconomicRegion[]);

const regionOfUnit = lazily((): ReadonlyMap<string, RegionCode> => new Map(REGIONS.flatMap((r) => r.formerUnits.map((u) => [foldDiacritics(u), r.code] as const))));

/** The region of a pre-merger unit by name, e.g. 'Kon Tum' → central-highlands. */
export const regionOfFormerUnit = (name: string) => regionOfUnit().get(foldDiacritics(name));

const regionsOfProvinces = lazily((): ReadonlyMap<string, readonly RegionCode[]> => new Map(
  PROVINCES.map((p) => [p.code, [...new Set(p.formerUnits.map((u) => regionOfUnit().get(foldDiacritics(u))).filter((r): r is RegionCode => r !== undefined))]]),
));

/** The regions a current province belongs to (through its former units), usually one. */
export const regionsOfProvince = (code: string): readonly RegionCode[] => regionsOfProvinces().get(code) ?? [];

/** The current provinces with at least one former unit in one of the regions. */
export function provincesInRegions(regions: readonly string[]): string[] {
  return PROVINCES.filter((p) => regionsOfProvince(p.code).some((r) => regions.includes(r))).map((p) => p.code);
}

/** A region by code or by its Vietnamese or English name, with or without diacritics. */
export function resolveRegion(input: string): SocioEconomicRegion | undefined {
  const key = foldDiacritics(input).replace(/[^a-z0-9]+/g, ' ').trim();
  return REGIONS.find((r) => [r.code.replace(/-/g, ' '), r.name, r.nameEn].some((n) => foldDiacritics(n).replace(/[^a-z0-9]+/g, ' ').trim() === key));
}
