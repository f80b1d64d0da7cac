/**
 * `npm start -- --seed demo`: loads realistic demo data THROUGH THE HTTP API, so that every
 * record passes the real handlers (validation, province and product resolution, ownership).
 *
 * All names of cooperatives, buyers and fairs are made up. The data is deterministic (a seeded
 * PRNG picks volumes, prices, tax codes and phone numbers), and every create carries an
 * `Idempotency-Key`, so running the seed again against the same table creates nothing new:
 * each request replays the first run's response (same ids).
 */
import type * as z from 'zod/mini';
import type { Role } from '#domain/access.ts';
import type { BuyerCreate } from '#domain/buyers.ts';
import type { DemandCreate } from '#domain/demands.ts';
import type { FairCreate } from '#domain/fairs.ts';
import type { ListingCreate } from '#domain/listings.ts';
import type { SellerCreate } from '#domain/sellers.ts';
import { isValidTaxCode, type certification } from '#domain/schemas.ts';
import { signDevToken } from '#infra/local/auth.ts';
import type { LocalRuntime } from '#infra/local/runtime.ts';
import { mapLimit } from '#domain/concurrency.ts';
import { SELLER_KIND_WORDS } from '#domain/kinds.ts';
import { productByCode } from '#domain/reference/products.ts';

export interface SeedSummary {
  sellers: number;
  listings: number;
  buyers: number;
  demands: number;
  fairs: number;
  bookings: number;
  /** Example users (token subjects) of each role; sign one with `npm run token -- --role <role> --sub <sub>`. */
  tokens: Record<Role, string>;
  /** Trust checks: a certificate the department verified and a second account flagged for a reused tax code. */
  trustChecks: number;
  /** Requests answered from an earlier run's idempotency record (nothing new was created). */
  replayed: number;
}

type SellerBody = z.input<typeof SellerCreate>;
type ListingBody = Omit<z.input<typeof ListingCreate>, 'sellerId'>;
type BuyerBody = z.input<typeof BuyerCreate>;
type DemandBody = Omit<z.input<typeof DemandCreate>, 'buyerId'>;
type FairBody = z.input<typeof FairCreate>;
type CertInput = z.input<typeof certification>;

/** Bump to seed a fresh copy next to an old one in a persisted table. */
const KEY_PREFIX = 'seed-demo-v1';
const CONCURRENCY = 8;

export const DEMO_USERS: Record<Role, string> = {
  cooperative: 'demo-coop-01',
  retailer: 'demo-retail-01',
  organiser: 'demo-org-01',
  admin: 'demo-admin-01',
};

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

/** mulberry32: a small, fast, seedable PRNG; good enough for demo data. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  /** A value in [min, max] on a grid of `step`. */
  const between = (min: number, max: number, step: number) => Math.round(int(Math.ceil(min / step), Math.floor(max / step))) * step;
  return { next, int, pick, between };
}

const SEED = 20270601;
/** Reset by {@link buildPlan}, so that every run draws the same values (idempotency keys need the same bodies). */
let rnd = prng(SEED);

const TAX_WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3];

/** A made-up tax code with a correct check digit; `prefix` is the province's 2-digit tax-office code. */
function taxCodeFor(prefix: string, branch?: number): string {
  for (;;) {
    const body = prefix + Array.from({ length: 9 - prefix.length }, () => rnd.int(0, 9)).join('');
    const sum = TAX_WEIGHTS.reduce((acc, w, i) => acc + w * Number(body[i]), 0);
    const check = 10 - (sum % 11);
    if (check > 9) continue;
    const code = `${body}${check}${branch ? `-${String(branch).padStart(3, '0')}` : ''}`;
    if (!isValidTaxCode(code)) throw new Error(`seed: generated an invalid tax code ${code}`);
    return code;
  }
}

const MOBILE_PREFIXES = ['090', '091', '093', '094', '096', '097', '098', '086', '088', '035', '038', '033'];
function mobile(): string {
  const d = String(rnd.int(0, 9_999_999)).padStart(7, '0');
  return `${rnd.pick(MOBILE_PREFIXES)}${d[0]} ${d.slice(1, 4)} ${d.slice(4)}`;
}
/** A landline: area code plus subscriber number, 10 digits after the 0 (`+84 24 3812 3456`, `+84 225 3812 345`). */
function landline(area: string): string {
  const d = `3${String(rnd.int(0, 9_999_999)).padStart(7, '0')}`.slice(0, 10 - area.length);
  return `+84 ${area} ${d.slice(0, 4)} ${d.slice(4)}`;
}

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Ngô', 'Dương', 'Lý', 'Phan', 'Đinh'];
const MALE = ['Văn An', 'Văn Bình', 'Đức Cường', 'Minh Dũng', 'Văn Hùng', 'Hữu Long', 'Thành Nam', 'Minh Quân', 'Văn Sơn', 'Anh Tuấn', 'Quốc Việt', 'Đình Khoa'];
const FEMALE = ['Thị Hà', 'Thị Hạnh', 'Thị Lan', 'Ngọc Mai', 'Thu Phương', 'Thị Thảo', 'Thu Trang', 'Hải Yến', 'Thị Hương', 'Minh Châu', 'Thanh Tâm', 'Thị Nga'];
function personName(family = rnd.pick(FAMILY)): string {
  return `${family} ${rnd.next() < 0.5 ? rnd.pick(MALE) : rnd.pick(FEMALE)}`;
}

// ---------------------------------------------------------------------------------------------
// Certifications (issuers are made up; OCOP certificates come from the provincial People's
// Committee, 5-star ones from the central OCOP council)

const vietgap = (validUntil = '2027-12-31', no = `VG-${rnd.int(10, 99)}-${rnd.int(1000, 9999)}`): CertInput => ({
  type: 'VietGAP',
  certificateNo: no,
  issuer: 'Trung tâm Chứng nhận Nông sản An Tâm',
  validUntil,
});
const globalgap = (validUntil = '2028-06-30'): CertInput => ({
  type: 'GlobalGAP',
  certificateNo: `GGN 40${rnd.int(10_000_000, 99_999_999)}${rnd.int(100, 999)}`,
  issuer: 'Tổ chức Chứng nhận Nông Phát Quốc tế',
  validUntil,
});
const organic = (validUntil = '2027-12-31'): CertInput => ({
  type: 'organic',
  certificateNo: `HC-${rnd.int(1000, 9999)}`,
  issuer: 'Trung tâm Chứng nhận Hữu cơ Xanh Việt',
  validUntil,
});
const ocop = (stars: 3 | 4 | 5, province: string, validUntil = '2028-12-31'): CertInput => ({
  type: 'OCOP',
  stars,
  certificateNo: `OCOP-${rnd.int(2024, 2025)}-${rnd.int(100, 999)}`,
  issuer: stars === 5 ? 'Hội đồng OCOP Trung ương' : `UBND tỉnh ${province}`,
  validUntil,
});

// ---------------------------------------------------------------------------------------------
// Sellers and their listings

interface ListingRow {
  product: string;
  variety: string;
  /** Quantity range in kg; the seed picks a value on a sensible grid. */
  kg: [number, number];
  /** Price range in VND per kg. */
  price: [number, number];
  from: string;
  to: string;
  minOrderKg: number;
  province?: string;
  certifications?: CertInput[];
  description?: string;
}

interface SellerRow {
  key: string;
  owner: string;
  name: string;
  kind: keyof typeof SELLER_KIND_WORDS;
  province: string;
  /** Tax office prefix; no tax code when absent. */
  tax?: string;
  branch?: number;
  address: string;
  description: string;
  certifications: () => CertInput[];
  listings: ListingRow[];
}

const t = (tonnes: number) => tonnes * 1000;

const SELLER_ROWS: SellerRow[] = [
  {
    key: 'phuc-loc', owner: 'demo-coop-01', name: 'HTX Vải thiều Phúc Lộc', kind: 'cooperative', province: 'Bắc Giang', tax: '24',
    address: 'Thôn Đồng Cống, xã Phượng Sơn, huyện Lục Ngạn', description: '86 hộ thành viên, 210 ha vải thiều VietGAP, có mã số vùng trồng xuất khẩu.',
    certifications: () => [vietgap('2027-12-31'), globalgap('2028-06-30')],
    listings: [
      { product: 'Vải thiều', variety: 'Vải thiều Lục Ngạn chính vụ loại 1', kg: [t(100), t(250)], price: [22_000, 32_000], from: '2027-06-08', to: '2027-07-10', minOrderKg: 2000 },
      { product: 'Vải thiều', variety: 'Vải thiều GlobalGAP đóng thùng xuất khẩu', kg: [t(30), t(60)], price: [30_000, 35_000], from: '2027-06-10', to: '2027-07-05', minOrderKg: 1000, description: 'Có mã số vùng trồng, đóng thùng carton 10 kg, xe lạnh.' },
      { product: 'Vải thiều', variety: 'Vải thiều loại 2 cho chợ đầu mối', kg: [t(50), t(120)], price: [15_000, 20_000], from: '2027-06-10', to: '2027-07-15', minOrderKg: 3000 },
    ],
  },
  {
    key: 'tan-moc', owner: 'demo-coop-01', name: 'HTX Vải sớm Tân Mộc', kind: 'cooperative', province: 'Bắc Giang', tax: '24',
    address: 'Xã Tân Mộc, huyện Lục Ngạn', description: 'Chuyên vải sớm Phúc Hòa và vải u hồng, thu hoạch từ cuối tháng 5.',
    certifications: () => [vietgap('2027-09-30'), ocop(4, 'Bắc Giang')],
    listings: [
      { product: 'Vải thiều', variety: 'Vải sớm Phúc Hòa', kg: [t(20), t(50)], price: [25_000, 35_000], from: '2027-05-20', to: '2027-06-10', minOrderKg: 500 },
      { product: 'Vải thiều', variety: 'Vải u hồng', kg: [t(40), t(90)], price: [20_000, 28_000], from: '2027-06-01', to: '2027-06-30', minOrderKg: 1000 },
    ],
  },
  {
    key: 'doi-cao', owner: 'demo-coop-02', name: 'Hộ kinh doanh Vải thiều Đồi Cao', kind: 'household', province: 'Bắc Giang', tax: '24',
    address: 'Thôn Đồi Cao, xã Quý Sơn, huyện Lục Ngạn', description: 'Vườn gia đình 6 ha, bán tại vườn và giao hàng đi các tỉnh.',
    certifications: () => [vietgap('2027-08-31')],
    listings: [
      { product: 'Vải thiều', variety: 'Vải thiều Lục Ngạn hái tại vườn', kg: [t(8), t(20)], price: [18_000, 26_000], from: '2027-06-05', to: '2027-07-05', minOrderKg: 300 },
      { product: 'vai thieu', variety: 'Vải thiều đóng thùng xốp 10 kg', kg: [t(3), t(8)], price: [25_000, 30_000], from: '2027-06-10', to: '2027-07-05', minOrderKg: 100 },
    ],
  },
  {
    key: 'thanh-ha-xanh', owner: 'demo-coop-03', name: 'HTX Vải thiều Thanh Hà Xanh', kind: 'cooperative', province: 'Hải Dương', tax: '08',
    address: 'Xã Thanh Sơn, huyện Thanh Hà', description: 'Vùng vải thiều Thanh Hà 150 ha, liên kết tiêu thụ với siêu thị Hà Nội và Hải Phòng.',
    certifications: () => [vietgap('2027-12-31'), ocop(3, 'Hải Dương')],
    listings: [
      { product: 'Vải thiều', variety: 'Vải thiều Thanh Hà loại 1', kg: [t(60), t(150)], price: [20_000, 30_000], from: '2027-06-01', to: '2027-07-05', minOrderKg: 1000 },
      { product: 'Vải thiều', variety: 'Vải tu hú Thanh Hà (chín sớm)', kg: [t(15), t(40)], price: [22_000, 30_000], from: '2027-05-25', to: '2027-06-15', minOrderKg: 500 },
      { product: 'Lychee', variety: 'Vải thiều loại 2', kg: [t(40), t(90)], price: [15_000, 20_000], from: '2027-06-05', to: '2027-07-10', minOrderKg: 2000 },
    ],
  },
  {
    key: 'kim-luong', owner: 'demo-coop-03', name: 'Công ty TNHH Nông sản Kim Lương', kind: 'enterprise', province: 'Hải Dương', tax: '08', branch: 1,
    address: 'Cụm công nghiệp Thanh Hà Mới, huyện Thanh Hà', description: 'Sơ chế, bảo quản lạnh và đóng gói trái cây xuất khẩu.',
    certifications: () => [globalgap('2028-03-31')],
    listings: [
      { product: 'Vải thiều', variety: 'Vải thiều GlobalGAP sơ chế bảo quản lạnh', kg: [t(40), t(100)], price: [28_000, 35_000], from: '2027-06-05', to: '2027-07-05', minOrderKg: 2000 },
      { product: 'Nhãn lồng', variety: 'Nhãn lồng thu mua vùng Hưng Yên, đóng hộp 5 kg', province: 'Hưng Yên', kg: [t(20), t(50)], price: [25_000, 35_000], from: '2027-07-15', to: '2027-08-20', minOrderKg: 1000 },
    ],
  },
  {
    key: 'pho-hien', owner: 'demo-coop-04', name: 'Hộ kinh doanh Nhãn lồng Phố Hiến', kind: 'household', province: 'Hưng Yên', tax: '09',
    address: 'Phường Hồng Châu, thành phố Hưng Yên', description: 'Nhãn lồng cùi dày, vườn nhãn cổ hơn 40 năm.',
    certifications: () => [vietgap('2027-12-31'), ocop(4, 'Hưng Yên')],
    listings: [
      { product: 'Nhãn lồng', variety: 'Nhãn lồng Hưng Yên cùi dày', kg: [t(10), t(30)], price: [30_000, 40_000], from: '2027-07-10', to: '2027-08-20', minOrderKg: 200 },
      { product: 'Nhãn lồng', variety: 'Nhãn hương chi chín muộn', kg: [t(5), t(15)], price: [25_000, 35_000], from: '2027-08-01', to: '2027-08-31', minOrderKg: 200 },
    ],
  },
  {
    key: 'hong-nam', owner: 'demo-coop-04', name: 'HTX Nhãn lồng Hồng Nam', kind: 'cooperative', province: 'Hưng Yên', tax: '09',
    address: 'Xã Hồng Nam, thành phố Hưng Yên', description: 'HTX 120 thành viên, có kho sấy long nhãn.',
    certifications: () => [vietgap('2028-03-31')],
    listings: [
      { product: 'Nhãn lồng', variety: 'Nhãn lồng loại 1', kg: [t(40), t(100)], price: [25_000, 35_000], from: '2027-07-15', to: '2027-08-25', minOrderKg: 1000 },
      { product: 'Nhãn lồng', variety: 'Nhãn loại 2 cho sấy long nhãn', kg: [t(30), t(80)], price: [20_000, 24_000], from: '2027-07-20', to: '2027-08-31', minOrderKg: 3000 },
      { product: 'longan', variety: 'Nhãn lồng đóng hộp 5 kg cho siêu thị', kg: [t(10), t(20)], price: [32_000, 38_000], from: '2027-07-15', to: '2027-08-20', minOrderKg: 500 },
    ],
  },
  {
    key: 'moc-chau', owner: 'demo-coop-05', name: 'HTX Mận hậu Mộc Châu Xanh', kind: 'cooperative', province: 'Sơn La', tax: '55',
    address: 'Xã Nà Mường, huyện Mộc Châu', description: '180 ha mận hậu trên cao nguyên Mộc Châu.',
    certifications: () => [vietgap('2027-12-31')],
    listings: [
      { product: 'Mận hậu', variety: 'Mận hậu Mộc Châu loại 1', kg: [t(50), t(150)], price: [15_000, 25_000], from: '2027-05-10', to: '2027-06-25', minOrderKg: 1000 },
      { product: 'Mận hậu', variety: 'Mận tam hoa Mộc Châu', kg: [t(20), t(50)], price: [20_000, 30_000], from: '2027-06-01', to: '2027-06-30', minOrderKg: 500 },
    ],
  },
  {
    key: 'yen-chau', owner: 'demo-coop-05', name: 'HTX Xoài Yên Châu Thịnh Phát', kind: 'cooperative', province: 'Sơn La', tax: '55',
    address: 'Xã Chiềng Hặc, huyện Yên Châu', description: 'Xoài tròn Yên Châu và xoài ghép, có vùng GlobalGAP xuất khẩu.',
    certifications: () => [vietgap('2027-12-31'), globalgap('2027-11-30')],
    listings: [
      { product: 'Xoài', variety: 'Xoài tròn Yên Châu', kg: [t(30), t(80)], price: [18_000, 28_000], from: '2027-06-10', to: '2027-07-31', minOrderKg: 500 },
      { product: 'Xoài', variety: 'Xoài Đài Loan ghép', kg: [t(50), t(120)], price: [12_000, 18_000], from: '2027-06-20', to: '2027-08-20', minOrderKg: 1000 },
      { product: 'mango', variety: 'Xoài GlobalGAP xuất khẩu Úc', kg: [t(20), t(40)], price: [25_000, 30_000], from: '2027-07-01', to: '2027-08-15', minOrderKg: 2000 },
    ],
  },
  {
    key: 'ea-tu', owner: 'demo-coop-06', name: 'HTX Cà phê Ea Tu Bền Vững', kind: 'cooperative', province: 'Đắk Lắk', tax: '60',
    address: 'Xã Ea Tu, thành phố Buôn Ma Thuột', description: 'Robusta chín đỏ, sơ chế ướt và phơi giàn; 350 ha.',
    certifications: () => [vietgap('2028-06-30'), organic('2028-03-31')],
    listings: [
      { product: 'Cà phê', variety: 'Robusta nhân xô, sàng 16', kg: [t(100), t(300)], price: [100_000, 115_000], from: '2027-11-15', to: '2028-01-31', minOrderKg: 5000 },
      { product: 'Cà phê', variety: 'Fine Robusta chín đỏ chế biến ướt', kg: [t(20), t(50)], price: [120_000, 130_000], from: '2027-11-20', to: '2028-01-31', minOrderKg: 1000 },
      { product: 'coffee', variety: 'Robusta nhân sàng 18 xuất khẩu', kg: [t(200), t(500)], price: [105_000, 118_000], from: '2027-12-01', to: '2028-01-31', minOrderKg: 20_000 },
    ],
  },
  {
    key: 'krong-pac', owner: 'demo-coop-06', name: 'Công ty CP Sầu riêng Krông Pắc Vàng', kind: 'enterprise', province: 'Đắk Lắk', tax: '60',
    address: 'Thị trấn Phước An, huyện Krông Pắc', description: 'Vùng trồng sầu riêng có mã số xuất khẩu chính ngạch sang Trung Quốc.',
    certifications: () => [globalgap('2028-06-30'), vietgap('2027-12-31')],
    listings: [
      { product: 'Sầu riêng', variety: 'Sầu riêng Ri6', kg: [t(50), t(150)], price: [60_000, 85_000], from: '2027-08-01', to: '2027-09-30', minOrderKg: 2000 },
      { product: 'Sầu riêng', variety: 'Sầu riêng Monthong xuất khẩu chính ngạch', kg: [t(80), t(200)], price: [85_000, 120_000], from: '2027-08-10', to: '2027-10-10', minOrderKg: 5000 },
      { product: 'durian', variety: 'Sầu riêng Musang King', kg: [t(10), t(30)], price: [110_000, 120_000], from: '2027-08-20', to: '2027-10-15', minOrderKg: 500 },
    ],
  },
  {
    key: 'gia-nghia', owner: 'demo-coop-07', name: 'HTX Cà phê Đất Đỏ Gia Nghĩa', kind: 'cooperative', province: 'Đắk Nông', tax: '64',
    address: 'Phường Nghĩa Đức, thành phố Gia Nghĩa', description: 'Cà phê Robusta trên đất đỏ bazan, 90 hộ thành viên.',
    certifications: () => [vietgap('2027-12-31')],
    listings: [
      { product: 'Cà phê', variety: 'Robusta nhân xô', kg: [t(80), t(200)], price: [100_000, 112_000], from: '2027-11-10', to: '2028-01-20', minOrderKg: 5000 },
      { product: 'Cà phê', variety: 'Robusta sơ chế honey', kg: [t(10), t(30)], price: [118_000, 130_000], from: '2027-11-20', to: '2028-01-31', minOrderKg: 1000 },
    ],
  },
  {
    key: 'dak-mil', owner: 'demo-coop-07', name: 'HTX Sầu riêng Đắk Mil Hưng Thịnh', kind: 'cooperative', province: 'Đắk Nông', tax: '64',
    address: 'Xã Đức Mạnh, huyện Đắk Mil', description: 'Sầu riêng xen canh cà phê, thu hoạch muộn hơn Tây Nguyên phía bắc.',
    certifications: () => [vietgap('2027-12-31'), ocop(3, 'Đắk Nông')],
    listings: [
      { product: 'Sầu riêng', variety: 'Sầu riêng Ri6 Đắk Mil', kg: [t(40), t(100)], price: [60_000, 80_000], from: '2027-08-15', to: '2027-10-15', minOrderKg: 1000 },
      { product: 'Sầu riêng', variety: 'Sầu riêng Dona (Monthong)', kg: [t(60), t(150)], price: [80_000, 110_000], from: '2027-08-20', to: '2027-10-20', minOrderKg: 3000 },
      { product: 'Cà phê', variety: 'Robusta nhân xô Đắk Mil', kg: [t(50), t(150)], price: [100_000, 110_000], from: '2027-11-15', to: '2028-01-15', minOrderKg: 5000 },
    ],
  },
  {
    key: 'ham-thuan', owner: 'demo-coop-08', name: 'HTX Thanh long Hàm Thuận Tâm Phát', kind: 'cooperative', province: 'Bình Thuận', tax: '34',
    address: 'Xã Hàm Liêm, huyện Hàm Thuận Bắc', description: 'Thanh long chong đèn quanh năm, nhà sơ chế đạt chuẩn xuất khẩu.',
    certifications: () => [globalgap('2028-06-30'), vietgap('2027-12-31')],
    listings: [
      { product: 'Thanh long', variety: 'Thanh long ruột trắng', kg: [t(150), t(300)], price: [10_000, 16_000], from: '2027-01-05', to: '2027-04-30', minOrderKg: 3000 },
      { product: 'Thanh long', variety: 'Thanh long ruột trắng chong đèn trái vụ', kg: [t(100), t(250)], price: [12_000, 20_000], from: '2027-09-01', to: '2027-12-31', minOrderKg: 3000 },
      { product: 'dragon fruit', variety: 'Thanh long ruột đỏ', kg: [t(50), t(120)], price: [18_000, 25_000], from: '2027-05-01', to: '2027-08-31', minOrderKg: 2000 },
    ],
  },
  {
    key: 'bac-binh', owner: 'demo-coop-08', name: 'HTX Thanh long ruột đỏ Bắc Bình', kind: 'cooperative', province: 'Bình Thuận', tax: '34',
    address: 'Xã Hồng Thái, huyện Bắc Bình', description: 'Thanh long ruột đỏ, liên kết với cơ sở chế biến sấy dẻo.',
    certifications: () => [vietgap('2028-03-31')],
    listings: [
      { product: 'Thanh long', variety: 'Thanh long ruột đỏ', kg: [t(80), t(200)], price: [18_000, 25_000], from: '2027-03-01', to: '2027-08-31', minOrderKg: 2000 },
      { product: 'Thanh long', variety: 'Thanh long ruột đỏ loại 2 cho chế biến', kg: [t(50), t(100)], price: [10_000, 13_000], from: '2027-03-01', to: '2027-08-31', minOrderKg: 5000 },
      { product: 'Thanh long', variety: 'Thanh long ruột đỏ trái vụ', kg: [t(30), t(80)], price: [22_000, 25_000], from: '2027-10-01', to: '2027-12-31', minOrderKg: 1000 },
    ],
  },
  {
    key: 'bay-loc', owner: 'demo-coop-09', name: 'Hộ kinh doanh Thanh long Bảy Lộc', kind: 'household', province: 'Long An',
    address: 'Xã Dương Xuân Hội, huyện Châu Thành', description: 'Thanh long Châu Thành, giao hàng đi TP. Hồ Chí Minh trong ngày.',
    certifications: () => [vietgap('2027-10-31')],
    listings: [
      { product: 'Thanh long', variety: 'Thanh long ruột đỏ Châu Thành', kg: [t(20), t(60)], price: [15_000, 22_000], from: '2027-02-01', to: '2027-06-30', minOrderKg: 500 },
      { product: 'Thanh long', variety: 'Thanh long ruột trắng', kg: [t(30), t(80)], price: [10_000, 15_000], from: '2027-07-01', to: '2027-12-31', minOrderKg: 1000 },
    ],
  },
  {
    key: 'phu-sa', owner: 'demo-coop-10', name: 'Công ty TNHH Lúa gạo Phù Sa Tây Đô', kind: 'enterprise', province: 'Cần Thơ', tax: '18',
    address: 'Quận Thốt Nốt, thành phố Cần Thơ', description: 'Xay xát, lau bóng và đóng gói gạo thơm; bao tiêu 2.000 ha lúa.',
    certifications: () => [vietgap('2027-12-31'), globalgap('2028-06-30')],
    listings: [
      { product: 'Gạo', variety: 'Gạo ST25', kg: [t(300), t(800)], price: [18_000, 20_000], from: '2027-03-01', to: '2027-05-31', minOrderKg: 10_000 },
      { product: 'Gạo', variety: 'Gạo Jasmine 85 xuất khẩu', kg: [t(1000), t(3000)], price: [13_000, 16_000], from: '2027-03-01', to: '2027-05-31', minOrderKg: 20_000 },
      { product: 'rice', variety: 'Gạo Đài Thơm 8 vụ Hè Thu', kg: [t(500), t(1500)], price: [14_000, 17_000], from: '2027-07-15', to: '2027-09-30', minOrderKg: 10_000 },
    ],
  },
  {
    key: 'vinh-phuoc', owner: 'demo-coop-11', name: 'HTX Nông nghiệp Vĩnh Phước An', kind: 'cooperative', province: 'An Giang', tax: '16',
    address: 'Xã Vĩnh Phước, huyện Tri Tôn', description: 'Cánh đồng lớn 600 ha, ba vụ lúa mỗi năm.',
    certifications: () => [vietgap('2027-12-31')],
    listings: [
      { product: 'Gạo', variety: 'Gạo OM 5451 vụ Đông Xuân', kg: [t(200), t(600)], price: [12_000, 14_000], from: '2027-02-20', to: '2027-04-30', minOrderKg: 5000 },
      { product: 'Gạo', variety: 'Gạo Nàng Hoa 9 vụ Hè Thu', kg: [t(150), t(400)], price: [14_000, 17_000], from: '2027-06-20', to: '2027-08-31', minOrderKg: 5000 },
      { product: 'Gạo', variety: 'Gạo Jasmine vụ Thu Đông', kg: [t(300), t(700)], price: [13_000, 15_000], from: '2027-10-15', to: '2027-12-20', minOrderKg: 10_000 },
    ],
  },
  {
    key: 'thap-muoi', owner: 'demo-coop-11', name: 'HTX Nông nghiệp Sen Hồng Tháp Mười', kind: 'cooperative', province: 'Đồng Tháp', tax: '14',
    address: 'Xã Mỹ An, huyện Tháp Mười', description: 'Lúa luân canh với sen; gạo sạch đóng túi đạt OCOP.',
    certifications: () => [vietgap('2027-12-31'), ocop(3, 'Đồng Tháp')],
    listings: [
      { product: 'Gạo', variety: 'Gạo Đài Thơm 8', kg: [t(200), t(500)], price: [14_000, 17_000], from: '2027-03-01', to: '2027-04-30', minOrderKg: 5000 },
      { product: 'Gạo', variety: 'Gạo hữu cơ luân canh trên đất sen', kg: [t(30), t(80)], price: [18_000, 20_000], from: '2027-10-15', to: '2027-12-15', minOrderKg: 1000 },
    ],
  },
  {
    key: 'tan-cuong', owner: 'demo-coop-12', name: 'HTX Chè Tân Cương Hương Sớm', kind: 'cooperative', province: 'Thái Nguyên', tax: '46',
    address: 'Xã Tân Cương, thành phố Thái Nguyên', description: 'Chè búp sao sấy thủ công, 45 ha chè VietGAP.',
    certifications: () => [vietgap('2027-12-31'), ocop(4, 'Thái Nguyên')],
    listings: [
      { product: 'Chè', variety: 'Chè búp khô Tân Cương loại đặc biệt', kg: [t(2), t(6)], price: [300_000, 400_000], from: '2027-03-15', to: '2027-10-31', minOrderKg: 20 },
      { product: 'Chè', variety: 'Chè móc câu', kg: [t(5), t(15)], price: [180_000, 250_000], from: '2027-03-15', to: '2027-10-31', minOrderKg: 50 },
      { product: 'tea', variety: 'Chè nõn tôm vụ xuân', kg: [t(1), t(3)], price: [350_000, 400_000], from: '2027-03-01', to: '2027-05-31', minOrderKg: 10 },
    ],
  },
  {
    key: 'la-bang', owner: 'demo-coop-12', name: 'Hộ kinh doanh Chè Đồi Sương La Bằng', kind: 'household', province: 'Thái Nguyên', tax: '46',
    address: 'Xã La Bằng, huyện Đại Từ', description: 'Chè xanh dưới chân núi Tam Đảo, sao chảo gang.',
    certifications: () => [ocop(3, 'Thái Nguyên')],
    listings: [
      { product: 'Chè', variety: 'Chè xanh La Bằng', kg: [t(1), t(4)], price: [150_000, 220_000], from: '2027-04-01', to: '2027-10-15', minOrderKg: 10 },
    ],
  },
  {
    key: 'nui-may', owner: 'demo-coop-13', name: 'Công ty CP Sâm Ngọc Linh Núi Mây Xanh', kind: 'enterprise', province: 'Kon Tum', tax: '61',
    address: 'Xã Măng Ri, huyện Tu Mơ Rông', description: 'Vườn sâm dưới tán rừng ở độ cao trên 1.800 m; truy xuất nguồn gốc bằng mã QR.',
    certifications: () => [ocop(5, 'Kon Tum'), vietgap('2027-12-31')],
    listings: [
      { product: 'Sâm Ngọc Linh', variety: 'Củ sâm tươi trên 10 năm tuổi', kg: [30, 80], price: [80_000_000, 100_000_000], from: '2027-01-01', to: '2027-12-31', minOrderKg: 1 },
      { product: 'Sâm Ngọc Linh', variety: 'Củ sâm tươi 5–7 năm tuổi', kg: [100, 250], price: [35_000_000, 60_000_000], from: '2027-01-01', to: '2027-12-31', minOrderKg: 2 },
      { product: 'sam ngoc linh', variety: 'Lá và hoa sâm sấy khô', kg: [200, 500], price: [2_000_000, 5_000_000], from: '2027-01-01', to: '2027-12-31', minOrderKg: 5 },
    ],
  },
  {
    key: 'xa-doai', owner: 'demo-coop-14', name: 'HTX Cam Xã Đoài Phúc Hậu', kind: 'cooperative', province: 'Nghệ An', tax: '29',
    address: 'Xã Nghi Diên, huyện Nghi Lộc', description: 'Cam Xã Đoài trồng theo quy trình VietGAP, có chỉ dẫn địa lý Cam Vinh.',
    certifications: () => [vietgap('2027-12-31'), ocop(4, 'Nghệ An')],
    listings: [
      { product: 'Cam', variety: 'Cam Xã Đoài', kg: [t(20), t(60)], price: [30_000, 40_000], from: '2027-10-20', to: '2028-01-20', minOrderKg: 500 },
      { product: 'Cam', variety: 'Cam Vinh (cam Vân Du)', kg: [t(50), t(150)], price: [18_000, 28_000], from: '2027-10-01', to: '2027-12-31', minOrderKg: 1000 },
    ],
  },
  {
    key: 'dinh-phong', owner: 'demo-coop-15', name: 'HTX Hạt dẻ Đình Phong Xanh', kind: 'cooperative', province: 'Cao Bằng', tax: '48',
    address: 'Xã Đình Phong, huyện Trùng Khánh', description: 'Hạt dẻ Trùng Khánh thu hái tự nhiên, rang và đóng gói tại HTX.',
    certifications: () => [ocop(4, 'Cao Bằng'), vietgap('2027-12-31')],
    listings: [
      { product: 'Hạt dẻ', variety: 'Hạt dẻ Trùng Khánh loại 1', kg: [t(5), t(20)], price: [100_000, 150_000], from: '2027-08-25', to: '2027-10-31', minOrderKg: 50 },
      { product: 'Hạt dẻ', variety: 'Hạt dẻ Trùng Khánh sấy khô đóng gói', kg: [t(1), t(3)], price: [160_000, 200_000], from: '2027-09-15', to: '2027-12-31', minOrderKg: 10 },
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// Buyers and their demands

interface BuyerRow {
  key: string;
  owner: string;
  name: string;
  kind: BuyerBody['kind'];
  province: string;
  tax?: string;
  area: string;
  address: string;
  deliveryProvinces?: string[];
  description: string;
  demands: DemandBody[];
}

const VIETGAP = { type: 'VietGAP' } as const;
const GLOBALGAP = { type: 'GlobalGAP' } as const;

const BUYER_ROWS: BuyerRow[] = [
  {
    key: 'sao-mai', owner: 'demo-retail-01', name: 'Siêu thị Sao Mai Mart', kind: 'supermarket', province: 'Hà Nội', tax: '01', area: '24',
    address: 'Phường Dịch Vọng, quận Cầu Giấy, Hà Nội', deliveryProvinces: ['Hà Nội', 'Bắc Ninh'],
    description: 'Chuỗi 28 siêu thị tại Hà Nội, ưu tiên nông sản có chứng nhận.',
    demands: [
      { product: 'Vải thiều', quantityKg: t(30), minQuantityKg: 2000, maxPriceVndPerKg: 30_000, neededFrom: '2027-06-01', neededTo: '2027-07-10', requiredCertifications: [VIETGAP], maxDistanceKm: 150, description: 'Vải thiều loại 1 cho chuỗi siêu thị, giao kho Hà Nội.' },
      { product: 'Nhãn lồng', quantityKg: t(15), minQuantityKg: 1000, maxPriceVndPerKg: 38_000, neededFrom: '2027-07-15', neededTo: '2027-08-20', requiredCertifications: [VIETGAP], sourcingProvinces: ['Hưng Yên'] },
      { product: 'Mận hậu', quantityKg: t(10), maxPriceVndPerKg: 25_000, neededFrom: '2027-05-15', neededTo: '2027-06-20', sourcingProvinces: ['Sơn La'] },
      { product: 'Chè', quantityKg: 1000, minQuantityKg: 100, maxPriceVndPerKg: 350_000, neededFrom: '2027-03-01', neededTo: '2027-12-31', requiredCertifications: [{ type: 'OCOP', minStars: 4 }], sourcingProvinces: ['Thái Nguyên'] },
    ],
  },
  {
    key: 'nam-ha-noi', owner: 'demo-retail-01', name: 'Chợ đầu mối Nam Hà Nội', kind: 'wholesale_market', province: 'Hà Nội', area: '24',
    address: 'Phường Hoàng Liệt, quận Hoàng Mai, Hà Nội', deliveryProvinces: ['Hà Nội'],
    description: 'Chợ đầu mối nông sản, 600 tiểu thương, hoạt động ban đêm.',
    demands: [
      { product: 'Vải thiều', quantityKg: t(200), minQuantityKg: 5000, maxPriceVndPerKg: 22_000, neededFrom: '2027-06-01', neededTo: '2027-07-15', sourcingProvinces: ['Bắc Giang', 'Hải Dương'] },
      { category: 'fruit', quantityKg: t(300), minQuantityKg: 5000, neededFrom: '2027-05-01', neededTo: '2027-09-30', maxDistanceKm: 300, description: 'Trái cây theo mùa các tỉnh miền Bắc cho tiểu thương.' },
      { product: 'Cam', quantityKg: t(80), minQuantityKg: 2000, maxPriceVndPerKg: 30_000, neededFrom: '2027-10-15', neededTo: '2028-01-15', sourcingProvinces: ['Nghệ An', 'Hà Tĩnh'] },
      { product: 'Thanh long', quantityKg: t(100), minQuantityKg: 3000, maxPriceVndPerKg: 16_000, neededFrom: '2027-01-10', neededTo: '2027-04-30' },
    ],
  },
  {
    key: 'pho-xanh', owner: 'demo-retail-02', name: 'Hệ thống siêu thị Phố Xanh', kind: 'supermarket', province: 'Hải Phòng', tax: '02', area: '225',
    address: 'Phường Trại Cau, quận Lê Chân, Hải Phòng', deliveryProvinces: ['Hải Phòng', 'Quảng Ninh'],
    description: 'Chuỗi siêu thị vùng Duyên hải, có quầy OCOP các tỉnh.',
    demands: [
      { product: 'Vải thiều', quantityKg: t(20), minQuantityKg: 1000, maxPriceVndPerKg: 28_000, neededFrom: '2027-06-01', neededTo: '2027-07-05', requiredCertifications: [VIETGAP], sourcingProvinces: ['Hải Dương'] },
      { product: 'Nhãn lồng', quantityKg: t(10), minQuantityKg: 500, maxPriceVndPerKg: 35_000, neededFrom: '2027-07-15', neededTo: '2027-08-15', maxDistanceKm: 100 },
      { product: 'Hạt dẻ', quantityKg: 2000, minQuantityKg: 100, maxPriceVndPerKg: 150_000, neededFrom: '2027-09-01', neededTo: '2027-11-30', requiredCertifications: [{ type: 'OCOP', minStars: 3 }], sourcingProvinces: ['Cao Bằng'] },
      { product: 'Sâm Ngọc Linh', quantityKg: 20, minQuantityKg: 1, maxPriceVndPerKg: 100_000_000, neededFrom: '2027-01-15', neededTo: '2027-12-31', requiredCertifications: [{ type: 'OCOP', minStars: 5 }], sourcingProvinces: ['Kon Tum'] },
    ],
  },
  {
    key: 'cau-rao', owner: 'demo-retail-02', name: 'Trung tâm Thương mại Cầu Rào Plaza', kind: 'commercial_centre', province: 'Hải Phòng', tax: '02', area: '225',
    address: 'Phường Vĩnh Niệm, quận Lê Chân, Hải Phòng',
    description: 'Trung tâm thương mại có khu trưng bày và bán sản phẩm OCOP.',
    demands: [
      { category: 'Trái cây', quantityKg: t(15), minQuantityKg: 200, neededFrom: '2027-04-01', neededTo: '2027-12-31', requiredCertifications: [{ type: 'OCOP', minStars: 3 }], description: 'Trái cây đặc sản đạt OCOP cho gian hàng OCOP các tỉnh.' },
      { product: 'Cam', quantityKg: t(10), minQuantityKg: 500, maxPriceVndPerKg: 45_000, neededFrom: '2027-11-01', neededTo: '2028-01-10', requiredCertifications: [{ type: 'OCOP', minStars: 4 }], sourcingProvinces: ['Nghệ An'] },
    ],
  },
  {
    key: 'ben-thanh-xanh', owner: 'demo-retail-03', name: 'Chuỗi siêu thị Bến Thành Xanh', kind: 'supermarket', province: 'TP. Hồ Chí Minh', tax: '03', area: '28',
    address: 'Phường Bến Thành, TP. Hồ Chí Minh', deliveryProvinces: ['Hồ Chí Minh', 'Bình Dương', 'Đồng Nai'],
    description: 'Chuỗi 45 siêu thị và cửa hàng tiện lợi khu vực Đông Nam Bộ.',
    demands: [
      { product: 'Thanh long', quantityKg: t(30), minQuantityKg: 1000, maxPriceVndPerKg: 24_000, neededFrom: '2027-03-01', neededTo: '2027-08-31', requiredCertifications: [VIETGAP], sourcingProvinces: ['Long An', 'Bình Thuận'], description: 'Thanh long ruột đỏ, trái từ 350 g.' },
      { product: 'Sầu riêng', quantityKg: t(20), minQuantityKg: 1000, maxPriceVndPerKg: 100_000, neededFrom: '2027-08-01', neededTo: '2027-10-15', sourcingProvinces: ['Đắk Lắk', 'Đắk Nông'] },
      { product: 'Gạo', quantityKg: t(100), minQuantityKg: 5000, maxPriceVndPerKg: 20_000, neededFrom: '2027-03-01', neededTo: '2027-06-30', maxDistanceKm: 200, description: 'Gạo ST25 và gạo thơm đóng túi 5 kg.' },
      { product: 'Vải thiều', quantityKg: t(15), minQuantityKg: 1000, maxPriceVndPerKg: 35_000, neededFrom: '2027-06-05', neededTo: '2027-07-05', requiredCertifications: [VIETGAP], description: 'Vải thiều miền Bắc vận chuyển bằng xe lạnh vào TP. Hồ Chí Minh.' },
      { product: 'Xoài', quantityKg: t(20), minQuantityKg: 1000, maxPriceVndPerKg: 25_000, neededFrom: '2027-06-15', neededTo: '2027-08-15', sourcingProvinces: ['Sơn La'] },
    ],
  },
  {
    key: 'tan-phu-dong', owner: 'demo-retail-04', name: 'Chợ đầu mối Nông sản Tân Phú Đông', kind: 'wholesale_market', province: 'Hồ Chí Minh', area: '28',
    address: 'Phường Tân Phú, TP. Thủ Đức, TP. Hồ Chí Minh', deliveryProvinces: ['Hồ Chí Minh'],
    description: 'Chợ đầu mối trái cây và lương thực phía Nam.',
    demands: [
      { category: 'fruit', quantityKg: t(500), minQuantityKg: 5000, neededFrom: '2027-01-01', neededTo: '2027-12-31', maxDistanceKm: 250, description: 'Trái cây các tỉnh phía Nam, nhận hàng quanh năm.' },
      { product: 'Thanh long', quantityKg: t(200), minQuantityKg: 5000, maxPriceVndPerKg: 15_000, neededFrom: '2027-07-01', neededTo: '2027-12-31', sourcingProvinces: ['Long An', 'Tiền Giang', 'Bình Thuận'] },
      { product: 'Gạo', quantityKg: t(500), minQuantityKg: 10_000, maxPriceVndPerKg: 16_000, neededFrom: '2027-03-01', neededTo: '2027-09-30', sourcingProvinces: ['An Giang', 'Đồng Tháp', 'Cần Thơ', 'Kiên Giang'] },
    ],
  },
  {
    key: 'kinh-bac', owner: 'demo-retail-05', name: 'Công ty CP Xuất nhập khẩu Nông sản Kinh Bắc', kind: 'exporter', province: 'Bắc Ninh', tax: '23', area: '222',
    address: 'Khu công nghiệp Quế Võ Mới, Bắc Ninh', deliveryProvinces: ['Bắc Ninh', 'Lạng Sơn', 'Hải Phòng'],
    description: 'Xuất khẩu trái cây qua cửa khẩu Lạng Sơn và cảng Hải Phòng.',
    demands: [
      { product: 'Vải thiều', quantityKg: t(300), minQuantityKg: 10_000, maxPriceVndPerKg: 32_000, neededFrom: '2027-06-05', neededTo: '2027-07-10', requiredCertifications: [GLOBALGAP], sourcingProvinces: ['Bắc Giang', 'Hải Dương'], description: 'Vải xuất khẩu có mã số vùng trồng.' },
      { product: 'Nhãn lồng', quantityKg: t(100), minQuantityKg: 5000, maxPriceVndPerKg: 30_000, neededFrom: '2027-07-15', neededTo: '2027-08-31', deliveryProvince: 'Lạng Sơn', maxDistanceKm: 250, description: 'Giao tại kho ngoại quan gần cửa khẩu.' },
      { product: 'Xoài', quantityKg: t(80), minQuantityKg: 5000, maxPriceVndPerKg: 22_000, neededFrom: '2027-06-15', neededTo: '2027-08-15', deliveryProvince: 'Lạng Sơn', sourcingProvinces: ['Sơn La'] },
    ],
  },
  {
    key: 'me-kong-xanh', owner: 'demo-retail-05', name: 'Công ty TNHH Xuất khẩu Trái cây Mê Kông Xanh', kind: 'exporter', province: 'Tiền Giang', tax: '12', area: '273',
    address: 'Khu công nghiệp Tân Hương Mới, Châu Thành, Tiền Giang', deliveryProvinces: ['Đồng Tháp', 'Hồ Chí Minh'],
    description: 'Đóng gói và xuất khẩu trái cây, gạo sang Trung Quốc, Hàn Quốc, EU.',
    demands: [
      { product: 'Sầu riêng', quantityKg: t(300), minQuantityKg: 10_000, maxPriceVndPerKg: 110_000, neededFrom: '2027-08-01', neededTo: '2027-10-31', requiredCertifications: [GLOBALGAP], sourcingProvinces: ['Đắk Lắk', 'Đắk Nông'] },
      { product: 'Thanh long', quantityKg: t(400), minQuantityKg: 10_000, maxPriceVndPerKg: 18_000, neededFrom: '2027-01-01', neededTo: '2027-12-31', requiredCertifications: [GLOBALGAP], sourcingProvinces: ['Bình Thuận', 'Long An'] },
      { product: 'Gạo', quantityKg: t(2000), minQuantityKg: 20_000, maxPriceVndPerKg: 15_000, neededFrom: '2027-03-01', neededTo: '2027-06-30', sourcingProvinces: ['An Giang', 'Cần Thơ', 'Đồng Tháp'] },
    ],
  },
  {
    key: 'pho-noi', owner: 'demo-retail-06', name: 'Công ty CP Chế biến Nông sản Phố Nối', kind: 'processor', province: 'Hưng Yên', tax: '09', area: '221',
    address: 'Khu công nghiệp Phố Nối Mới, thị xã Mỹ Hào, Hưng Yên',
    description: 'Sấy long nhãn, vải sấy và đóng lon trái cây.',
    demands: [
      { product: 'Nhãn lồng', quantityKg: t(200), minQuantityKg: 5000, maxPriceVndPerKg: 22_000, neededFrom: '2027-07-15', neededTo: '2027-08-31', maxDistanceKm: 120, description: 'Nhãn cho sấy long nhãn.' },
      { product: 'Vải thiều', quantityKg: t(150), minQuantityKg: 5000, maxPriceVndPerKg: 18_000, neededFrom: '2027-06-05', neededTo: '2027-07-15', maxDistanceKm: 150, description: 'Vải cho sấy khô và đóng lon.' },
    ],
  },
  {
    key: 'song-sai-gon', owner: 'demo-retail-06', name: 'Công ty TNHH Rang xay Cà phê Sông Sài Gòn', kind: 'processor', province: 'Bình Dương', tax: '37', area: '274',
    address: 'Khu công nghiệp Mỹ Phước Mới, Bình Dương', deliveryProvinces: ['Bình Dương'],
    description: 'Rang xay cà phê cho chuỗi quán và xuất khẩu cà phê hòa tan.',
    demands: [
      { product: 'Cà phê', quantityKg: t(200), minQuantityKg: 10_000, maxPriceVndPerKg: 125_000, neededFrom: '2027-11-15', neededTo: '2028-02-28', sourcingProvinces: ['Đắk Lắk', 'Đắk Nông', 'Lâm Đồng'] },
      { product: 'Cà phê', quantityKg: t(30), minQuantityKg: 1000, maxPriceVndPerKg: 135_000, neededFrom: '2027-12-01', neededTo: '2028-02-28', requiredCertifications: [{ type: 'organic' }], description: 'Fine Robusta hữu cơ cho dòng rang đặc sản.' },
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// Fairs and booth bookings

interface FairRow {
  key: string;
  owner: string;
  body: FairBody;
  /** Seller keys that book a booth. */
  bookings: string[];
}

const FAIR_ROWS: FairRow[] = [
  {
    key: 'duyen-hai', owner: 'demo-org-01',
    body: {
      name: 'Hội chợ Nông sản và Sản phẩm OCOP vùng Duyên hải 2027', kind: 'fair', province: 'Hải Phòng',
      venue: 'Khu triển lãm Quảng trường Hoa Phượng, quận Lê Chân, Hải Phòng',
      startsOn: '2027-04-14', endsOn: '2027-04-18', registrationClosesOn: '2027-03-31', boothCount: 330,
      products: ['Vải thiều', 'Nhãn lồng', 'Cam', 'Hạt dẻ', 'Sâm Ngọc Linh', 'Chè'],
      categories: ['fruit', 'processed_ocop', 'nut', 'medicinal', 'coffee_tea_cocoa'],
      description: 'Kết nối cung cầu nông sản và sản phẩm OCOP của Cao Bằng, Nghệ An, Kon Tum, Sơn La, Bắc Ninh, Hưng Yên với hệ thống phân phối Hải Phòng. 330 gian hàng tiêu chuẩn.',
      // A regional fair with booths for many provinces, far ones included.
      reach: { scope: 'regions', regions: ['Trung du và miền núi phía Bắc', 'Đồng bằng sông Hồng', 'Bắc Trung Bộ và duyên hải miền Trung', 'Tây Nguyên'] },
      boothFeeVnd: 2_000_000,
    },
    bookings: ['phuc-loc', 'thanh-ha-xanh', 'pho-hien', 'xa-doai', 'dinh-phong', 'nui-may', 'moc-chau', 'tan-cuong'],
  },
  {
    key: 'vai-thieu-2027', owner: 'demo-org-01',
    body: {
      name: 'Hội nghị Xúc tiến tiêu thụ Vải thiều Lục Ngạn năm 2027', kind: 'conference', province: 'Bắc Giang',
      venue: 'Nhà văn hóa trung tâm thị trấn Chũ, huyện Lục Ngạn',
      startsOn: '2027-05-25', endsOn: '2027-05-26', registrationClosesOn: '2027-05-14', boothCount: 60,
      products: ['Vải thiều'], categories: ['fruit'],
      description: 'Gặp gỡ giữa HTX, doanh nghiệp thu mua, siêu thị và doanh nghiệp xuất khẩu trước chính vụ vải thiều; ký kết bao tiêu.',
      reach: { scope: 'provinces', provinces: ['Bắc Giang', 'Hải Dương'] },
    },
    bookings: ['phuc-loc', 'tan-moc', 'doi-cao', 'kim-luong'],
  },
  {
    key: 'phien-cho-viet', owner: 'demo-org-02',
    body: {
      name: 'Phiên chợ Việt – Đưa hàng Việt về khu công nghiệp 2027', kind: 'market_day', province: 'TP. Hồ Chí Minh',
      venue: 'Khu nhà ở công nhân Khu công nghiệp Phú An Thạnh Mới, TP. Hồ Chí Minh',
      startsOn: '2027-03-20', endsOn: '2027-03-21', registrationClosesOn: '2027-03-10', boothCount: 80,
      categories: ['fruit', 'rice_grain', 'processed_ocop'],
      description: 'Phiên chợ hàng bình ổn giá cho công nhân: trái cây, gạo, sản phẩm OCOP với giá ưu đãi.',
      reach: { scope: 'regions', regions: ['south-east', 'mekong-delta'] },
    },
    bookings: ['bay-loc', 'phu-sa', 'vinh-phuoc'],
  },
  {
    key: 'tay-nguyen', owner: 'demo-org-02',
    body: {
      name: 'Triển lãm Cà phê và Nông sản Tây Nguyên 2027', kind: 'exhibition', province: 'Đắk Lắk',
      venue: 'Trung tâm Hội chợ Triển lãm Ban Mê Xanh, Buôn Ma Thuột',
      startsOn: '2027-03-10', endsOn: '2027-03-14', registrationClosesOn: '2027-02-25', boothCount: 200,
      products: ['Cà phê', 'Sầu riêng'], categories: ['coffee_tea_cocoa', 'fruit'],
      description: 'Trưng bày cà phê đặc sản, sầu riêng và nông sản Tây Nguyên; phiên kết nối với doanh nghiệp rang xay và xuất khẩu.',
      reach: { scope: 'national' },
    },
    bookings: ['ea-tu', 'krong-pac', 'gia-nghia', 'dak-mil'],
  },
  {
    key: 'ocop-kon-tum', owner: 'demo-org-01',
    body: {
      name: 'Hội nghị Kết nối tiêu thụ sản phẩm OCOP Kon Tum – Hải Phòng 2027', kind: 'conference', province: 'Hải Phòng',
      venue: 'Trung tâm Hội nghị Bạch Đằng Mới, Hải Phòng',
      startsOn: '2027-09-16', endsOn: '2027-09-17', registrationClosesOn: '2027-09-05', boothCount: 40,
      products: ['Sâm Ngọc Linh'], categories: ['medicinal', 'processed_ocop'],
      description: 'Xúc tiến tiêu thụ sâm Ngọc Linh và sản phẩm OCOP vùng núi Kon Tum tại thị trường Hải Phòng.',
      // Brings Central Highlands OCOP producers 800 km north; the organiser approves each booth.
      reach: { scope: 'regions', regions: ['Tây Nguyên'], minOcopStars: 3 },
      approvalRequired: true,
      boothFeeVnd: 0,
    },
    bookings: ['nui-may'],
  },
];

// ---------------------------------------------------------------------------------------------
// Building the request bodies (all randomness drawn here, in a fixed order)

const quantityStep = (max: number) => (max >= 100_000 ? 5000 : max >= 10_000 ? 1000 : max >= 1000 ? 100 : 5);
const priceStep = (max: number) => (max >= 1_000_000 ? 500_000 : max >= 100_000 ? 5000 : 500);
const domainOf = (key: string) => `${key.replaceAll('-', '')}.example.vn`;

interface Plan {
  sellers: { key: string; owner: string; body: SellerBody }[];
  listings: { key: string; owner: string; seller: string; label: string; body: ListingBody }[];
  buyers: { key: string; owner: string; body: BuyerBody }[];
  demands: { key: string; owner: string; buyer: string; label: string; body: DemandBody }[];
  fairs: FairRow[];
  bookings: { key: string; owner: string; fair: string; seller: string; label: string }[];
}

function buildPlan(): Plan {
  rnd = prng(SEED);
  const plan: Plan = { sellers: [], listings: [], buyers: [], demands: [], fairs: FAIR_ROWS, bookings: [] };
  const sellerOwner = new Map<string, string>();
  // Half of the records are typed as people type them (the API's synonyms and units): the kind in
  // Vietnamese words, the product by its name, the first volume in tấn.
  for (const [n, row] of SELLER_ROWS.entries()) {
    const asTyped = n % 2 === 1;
    sellerOwner.set(row.key, row.owner);
    plan.sellers.push({
      key: row.key,
      owner: row.owner,
      body: {
        name: row.name,
        kind: asTyped ? SELLER_KIND_WORDS[row.kind][0] : row.kind,
        ...(row.tax ? { taxCode: taxCodeFor(row.tax, row.branch) } : {}),
        province: row.province,
        address: row.address,
        contact: { name: personName(), phone: mobile(), email: `lienhe@${domainOf(row.key)}` },
        certifications: row.certifications(),
        description: row.description,
      },
    });
    row.listings.forEach((l, i) => {
      const quantityKg = rnd.between(l.kg[0], l.kg[1], quantityStep(l.kg[1]));
      plan.listings.push({
        key: `${row.key}-${i + 1}`,
        owner: row.owner,
        seller: row.key,
        label: `${l.variety} – ${row.name}`,
        body: {
          product: asTyped ? (productByCode(l.product)?.name ?? l.product) : l.product,
          ...(l.province ? { province: l.province } : {}),
          variety: l.variety,
          quantityKg: asTyped && i === 0 && quantityKg % 100 === 0 ? { value: quantityKg / 1000, unit: 'tấn' } : quantityKg,
          minOrderKg: Math.min(l.minOrderKg, quantityKg),
          priceVndPerKg: rnd.between(l.price[0], l.price[1], priceStep(l.price[1])),
          availableFrom: l.from,
          availableTo: l.to,
          ...(l.certifications ? { certifications: l.certifications } : {}),
          ...(l.description ? { description: l.description } : {}),
        },
      });
    });
  }
  for (const row of BUYER_ROWS) {
    plan.buyers.push({
      key: row.key,
      owner: row.owner,
      body: {
        name: row.name,
        kind: row.kind,
        ...(row.tax ? { taxCode: taxCodeFor(row.tax) } : {}),
        province: row.province,
        address: row.address,
        ...(row.deliveryProvinces ? { deliveryProvinces: row.deliveryProvinces } : {}),
        contact: { name: personName(), phone: rnd.next() < 0.5 ? landline(row.area) : mobile(), email: `thumua@${domainOf(row.key)}` },
        description: row.description,
      },
    });
    row.demands.forEach((d, i) => {
      plan.demands.push({ key: `${row.key}-${i + 1}`, owner: row.owner, buyer: row.key, label: `${d.product ?? d.category} – ${row.name}`, body: d });
    });
  }
  for (const fair of FAIR_ROWS) {
    for (const seller of fair.bookings) {
      const owner = sellerOwner.get(seller);
      if (!owner) throw new Error(`seed: fair ${fair.key} books unknown seller ${seller}`);
      plan.bookings.push({ key: `${fair.key}-${seller}`, owner, fair: fair.key, seller, label: `${seller} @ ${fair.body.name}` });
    }
  }
  return plan;
}

// ---------------------------------------------------------------------------------------------
// The HTTP client

interface ApiResult {
  status: number;
  body: unknown;
  replayed: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function client(runtime: LocalRuntime) {
  const tokens = new Map<string, Promise<string>>();
  const tokenFor = (sub: string, role: Role) => {
    const id = `${role}:${sub}`;
    let token = tokens.get(id);
    if (!token) tokens.set(id, (token = signDevToken(runtime.secrets, sub, [role])));
    return token;
  };
  /** One POST (or a GET) as `sub`; throws with the response body unless it returns 2xx. Retries 503 (busy) briefly. */
  return async function post(path: string, as: { sub: string; role: Role }, idempotencyKey: string | undefined, body?: unknown, extraHeaders: Record<string, string> = {}, method: 'POST' | 'GET' = 'POST'): Promise<ApiResult> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${await tokenFor(as.sub, as.role)}`,
      ...(idempotencyKey !== undefined ? { 'idempotency-key': `${KEY_PREFIX}:${idempotencyKey}` } : {}),
      accept: 'application/json',
      ...extraHeaders,
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(runtime.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      } catch (err) {
        throw new Error(`Seeding failed: POST ${path} could not reach ${runtime.url}: ${(err as Error).message}`, { cause: err });
      }
      const text = await res.text();
      if (res.status === 503 && attempt < 5) {
        await sleep(100 * 2 ** attempt);
        continue;
      }
      if (res.status < 200 || res.status > 299) {
        throw new Error(`Seeding failed: POST ${path} as ${as.sub} (${as.role}) returned ${res.status}: ${text}\nRequest body: ${JSON.stringify(body)}`);
      }
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        throw new Error(`Seeding failed: POST ${path} returned ${res.status} with a body that is not JSON: ${text.slice(0, 500)}`);
      }
      return { status: res.status, body: parsed, replayed: res.headers.get('idempotent-replayed') === 'true' };
    }
  };
}

const idOf = (r: ApiResult, what: string): string => {
  const id = (r.body as { id?: unknown } | undefined)?.id;
  if (typeof id !== 'string') throw new Error(`Seeding failed: the response for ${what} has no id: ${JSON.stringify(r.body)}`);
  return id;
};

// ---------------------------------------------------------------------------------------------

/**
 * Loads the demo data into the running service at `runtime.url`. Safe to run again: every
 * create carries an idempotency key, so a second run replays the first run's responses.
 */
export async function seedDemo(runtime: LocalRuntime, progress: (line: string) => void): Promise<SeedSummary> {
  const plan = buildPlan();
  const post = client(runtime);
  const total = plan.sellers.length + plan.buyers.length + plan.listings.length + plan.demands.length + plan.fairs.length * 2 + plan.bookings.length + 2;
  let done = 0;
  let replayed = 0;
  let width = 0;
  const report = (what: string) => {
    const line = `Seeding demo data: ${done}/${total} (${what.length > 70 ? `${what.slice(0, 69)}…` : what})`;
    width = Math.max(width, line.length);
    progress(line.padEnd(width));
  };
  const count = (r: ApiResult, what: string) => {
    done++;
    if (r.replayed) replayed++;
    report(what);
    return r;
  };

  const sellerIds = new Map<string, string>();
  const buyerIds = new Map<string, string>();
  const fairIds = new Map<string, string>();
  report('starting');

  // 1. Profiles: sellers (cooperatives) and buyers (retailers).
  type Task = () => Promise<void>;
  const profileTasks: Task[] = [
    ...plan.sellers.map((s) => async () => {
      const r = count(await post('/v1/sellers', { sub: s.owner, role: 'cooperative' }, `seller:${s.key}`, s.body), `seller ${s.body.name}`);
      sellerIds.set(s.key, idOf(r, `seller ${s.key}`));
    }),
    ...plan.buyers.map((b) => async () => {
      const r = count(await post('/v1/buyers', { sub: b.owner, role: 'retailer' }, `buyer:${b.key}`, b.body), `buyer ${b.body.name}`);
      buyerIds.set(b.key, idOf(r, `buyer ${b.key}`));
    }),
  ];
  await mapLimit(profileTasks, CONCURRENCY, (task) => task());

  // 2. Listings, demands and draft fairs.
  const offerTasks: Task[] = [
    ...plan.listings.map((l) => async () => {
      const body = { sellerId: sellerIds.get(l.seller)!, ...l.body };
      count(await post('/v1/listings', { sub: l.owner, role: 'cooperative' }, `listing:${l.key}`, body), `listing ${l.label}`);
    }),
    ...plan.demands.map((d) => async () => {
      const body = { buyerId: buyerIds.get(d.buyer)!, ...d.body };
      count(await post('/v1/demands', { sub: d.owner, role: 'retailer' }, `demand:${d.key}`, body), `demand ${d.label}`);
    }),
    ...plan.fairs.map((f) => async () => {
      const r = count(await post('/v1/fairs', { sub: f.owner, role: 'organiser' }, `fair:${f.key}`, f.body), `fair ${f.body.name}`);
      fairIds.set(f.key, idOf(r, `fair ${f.key}`));
    }),
  ];
  await mapLimit(offerTasks, CONCURRENCY, (task) => task());

  // 3. Publish the fairs, so they are visible and bookable.
  await mapLimit(plan.fairs, CONCURRENCY, async (f) => {
    // A fair is created at version 1; publishing names it (a re-run replays the first publish).
    count(await post(`/v1/fairs/${fairIds.get(f.key)}/publish`, { sub: f.owner, role: 'organiser' }, `publish:${f.key}`, undefined, { 'if-match': '"1"' }), `publish ${f.body.name}`);
  });

  // 4. Booth bookings.
  await mapLimit(plan.bookings, CONCURRENCY, async (b) => {
    const body = { sellerId: sellerIds.get(b.seller)!, note: 'Đăng ký 01 gian hàng tiêu chuẩn' };
    count(await post(`/v1/fairs/${fairIds.get(b.fair)}/bookings`, { sub: b.owner, role: 'cooperative' }, `booking:${b.key}`, body), `booking ${b.label}`);
  });

  // 5. Certificates a buyer can trust: the department verifies Phúc Lộc's first certificate, and a
  //    second account registering Phúc Lộc's name and tax code is flagged for review.
  const phucLoc = plan.sellers.find((s) => s.key === 'phuc-loc');
  if (phucLoc) {
    const verify = { decision: 'verified', note: 'Đã đối chiếu số chứng nhận với sổ cấp của tổ chức chứng nhận', version: 1 };
    count(await post(`/v1/sellers/${sellerIds.get('phuc-loc')}/certifications/0/verify`, { sub: DEMO_USERS.admin, role: 'admin' }, 'verify:phuc-loc:0', verify), 'verify a certificate of HTX Vải thiều Phúc Lộc');
    count(await post('/v1/sellers', { sub: 'demo-coop-copycat', role: 'cooperative' }, 'seller:copycat', phucLoc.body), 'a second account with the same tax code (flagged)');
  }

  // 6. The organiser approves the bookings of the fair that needs approval (a no-op on a re-run).
  for (const b of plan.bookings.filter((x) => FAIR_ROWS.find((f) => f.key === x.fair)?.body.approvalRequired)) {
    const fair = FAIR_ROWS.find((f) => f.key === b.fair)!;
    const list = await post(`/v1/fairs/${fairIds.get(b.fair)}/bookings?limit=100`, { sub: fair.owner, role: 'organiser' }, undefined, undefined, {}, 'GET');
    const items = ((list.body as { items?: { id: string; sellerId: string }[] }).items ?? []).filter((i) => i.sellerId === sellerIds.get(b.seller));
    for (const item of items) await post(`/v1/fairs/${fairIds.get(b.fair)}/bookings/${item.id}/approve`, { sub: fair.owner, role: 'organiser' }, `approve:${b.key}`, undefined, { 'if-match': '"1"' });
  }

  // 7. One deal closed: the demo retailer and the demo cooperative both accept a proposal between
  //    them, so each sees the other's contact and the next step. Skipped when one is already
  //    confirmed (a re-run) or when allocation proposed nothing between them.
  await runtime.stream.settle();
  const coopSellers = new Set(plan.sellers.filter((x) => x.owner === DEMO_USERS.cooperative).map((x) => sellerIds.get(x.key)));
  type MatchItem = { id: string; sellerId: string };
  const matchesOf = async (status: string) =>
    (((await post(`/v1/matches?status=${status}&side=buyer&limit=100`, { sub: DEMO_USERS.retailer, role: 'retailer' }, undefined, undefined, {}, 'GET')).body as { items?: MatchItem[] }).items ?? []).filter((m) => coopSellers.has(m.sellerId));
  if ((await matchesOf('confirmed')).length === 0) {
    const deal = (await matchesOf('proposed'))[0];
    if (deal) {
      try {
        await post(`/v1/matches/${deal.id}/accept`, { sub: DEMO_USERS.retailer, role: 'retailer' }, `accept:buyer:${deal.id}`, undefined);
        await post(`/v1/matches/${deal.id}/accept`, { sub: DEMO_USERS.cooperative, role: 'cooperative' }, `accept:seller:${deal.id}`, undefined);
      } catch (err) {
        // The demo stays usable without it (the volume may have gone to another deal meanwhile).
        progress(`Seeding demo data: could not close the demo deal (${(err as Error).message.slice(0, 120)})`);
      }
    }
  }

  report(replayed === total ? 'done; everything was already there' : 'done');
  return {
    sellers: plan.sellers.length,
    listings: plan.listings.length,
    buyers: plan.buyers.length,
    demands: plan.demands.length,
    fairs: plan.fairs.length,
    bookings: plan.bookings.length,
    trustChecks: phucLoc ? 2 : 0,
    tokens: { ...DEMO_USERS },
    replayed,
  };
}

/** The demo users by role with the names of what each owns (the portal's dev sign-in page lists them). */
export function demoAccounts(): { sub: string; role: Role; owns: string[] }[] {
  const owned = new Map<string, { role: Role; owns: string[] }>();
  const add = (sub: string, role: Role, name: string) => {
    const entry = owned.get(sub) ?? { role, owns: [] };
    entry.owns.push(name);
    owned.set(sub, entry);
  };
  for (const s of SELLER_ROWS) add(s.owner, 'cooperative', s.name);
  for (const b of BUYER_ROWS) add(b.owner, 'retailer', b.name);
  for (const f of FAIR_ROWS) add(f.owner, 'organiser', f.body.name);
  const accounts = [...owned].map(([sub, e]) => ({ sub, ...e }));
  accounts.push({ sub: DEMO_USERS.admin, role: 'admin', owns: [] });
  return accounts;
}
