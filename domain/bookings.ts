/**
 * The organiser's side of booth bookings: approving or rejecting a booking (when the fair asks
 * for approval), assigning booth numbers, and the exhibitor list a department prints.
 *
 * No overbooking: a pending booking holds its booth like an approved one (the fair's booked
 * count rose when it was made, under `bookedCount < boothCount`); rejecting it frees the booth
 * in the same transaction that records the decision. Booth numbers are unique per fair by a
 * guard item per number, written under `attribute_not_exists`.
 */
import * as z from 'zod/mini';
import { assertOwner, type Caller } from '#domain/access.ts';
import { ConflictError, NotFoundError, PreconditionFailedError, ValidationError, fieldIssue } from '#domain/errors.ts';
import type { Booking, BookingStatus, Fair } from '#domain/fair-views.ts';
import { getFair } from '#domain/fairs.ts';
import type { Deps } from '#domain/ports.ts';
import type { Lang } from '#domain/messages.ts';
import { KIND_NAMES_VI } from '#domain/kinds.ts';
import { formatDate, formatNumber } from '#domain/quantities.ts';
import { todayInVietnam } from '#domain/versioning.ts';
import { provinceByCode } from '#domain/reference/provinces.ts';
import { productByCode } from '#domain/reference/products.ts';

export const BookingPatch = z.strictObject({
  boothNumber: z.int().check(z.positive(), z.lte(5000)).register(z.globalRegistry, { description: 'The booth to give this exhibitor, 1…boothCount; 400 if another booking holds it', examples: [7] }),
  version: z.optional(z.int()),
});

async function organisersBooking(deps: Deps, caller: Caller, fairId: string, bookingId: string): Promise<{ fair: Fair; booking: Booking }> {
  const fair = await getFair(deps, caller, fairId);
  assertOwner(caller, fair.ownerId, 'fair', { id: fairId });
  const booking = await deps.bookings.get(fairId, bookingId);
  if (!booking) throw new NotFoundError('not-found', { resource: 'booking', id: bookingId });
  return { fair, booking };
}

function checkVersion(booking: Booking, ifMatch: number | undefined) {
  const current = booking.version ?? 1;
  if (ifMatch !== undefined && ifMatch !== current) throw new PreconditionFailedError('version-mismatch', { resource: 'booking', sent: ifMatch });
}

async function write(deps: Deps, prev: Booking, next: Booking, boothNumber?: number): Promise<Booking> {
  const outcome = await deps.bookings.change(prev, next);
  if (outcome === 'stale') throw new PreconditionFailedError('version-mismatch', { resource: 'booking', sent: prev.version ?? 1 });
  if (outcome === 'booth-taken') throw new ValidationError([fieldIssue('boothNumber', 'booth-number-taken', { boothNumber: boothNumber ?? 0 })]);
  return next;
}

/** Approves a pending booking, or rejects a pending or approved one (the fair's organiser). Repeating a decision is a no-op. */
export async function decideBooking(deps: Deps, caller: Caller, fairId: string, bookingId: string, decision: Exclude<BookingStatus, 'pending'>, ifMatch: number | undefined): Promise<Booking> {
  const { booking } = await organisersBooking(deps, caller, fairId, bookingId);
  const status = booking.status ?? 'approved';
  if (status === decision) return booking;
  // An organiser may still turn an approved booking down (the booth is freed); a rejection is final.
  if (status === 'rejected') throw new ConflictError('invalid-state', { resource: 'booking', state: status, expected: 'pending or approved' });
  checkVersion(booking, ifMatch);
  const next: Booking = { ...booking, status: decision, version: (booking.version ?? 1) + 1 };
  if (decision === 'rejected') delete next.boothNumber;
  return write(deps, booking, next);
}

/** Gives a booking another booth number (the fair's organiser). */
export async function assignBooth(deps: Deps, caller: Caller, fairId: string, bookingId: string, patch: z.infer<typeof BookingPatch>, ifMatch: number | undefined): Promise<Booking> {
  const { fair, booking } = await organisersBooking(deps, caller, fairId, bookingId);
  if (booking.status === 'rejected') throw new ConflictError('invalid-state', { resource: 'booking', state: 'rejected', expected: 'pending or approved' });
  checkVersion(booking, ifMatch ?? patch.version);
  if (patch.boothNumber > fair.boothCount) throw new ValidationError([fieldIssue('boothNumber', 'booth-number-range', { max: fair.boothCount })]);
  if (patch.boothNumber === booking.boothNumber) return booking;
  return write(deps, booking, { ...booking, boothNumber: patch.boothNumber, version: (booking.version ?? 1) + 1 }, patch.boothNumber);
}

/** Every booking of a fair, by booth number (then by time), for the organiser and admins. */
export async function exhibitors(deps: Deps, caller: Caller, fairId: string): Promise<{ fair: Fair; bookings: Booking[] }> {
  const fair = await getFair(deps, caller, fairId);
  assertOwner(caller, fair.ownerId, 'fair', { id: fairId, adminMay: true });
  const bookings: Booking[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.bookings.listByFair(fairId, { limit: 100, cursor });
    bookings.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  bookings.sort((a, b) => (a.boothNumber ?? Infinity) - (b.boothNumber ?? Infinity) || a.id.localeCompare(b.id));
  return { fair, bookings };
}

const STATUS_WORDS: Record<Lang, Record<BookingStatus, string>> = {
  vi: { pending: 'Chờ duyệt', approved: 'Đã duyệt', rejected: 'Bị từ chối' },
  en: { pending: 'Pending', approved: 'Approved', rejected: 'Rejected' },
};

const HEADINGS: Record<Lang, string[]> = {
  vi: ['Gian hàng số', 'Đơn vị', 'Loại hình', 'Tỉnh/thành', 'Sản phẩm', 'Người liên hệ', 'Điện thoại', 'Email', 'Chứng nhận', 'Trạng thái', 'Phí gian hàng (₫)', 'Ghi chú', 'Ngày đăng ký'],
  en: ['Booth', 'Exhibitor', 'Kind', 'Province', 'Products', 'Contact', 'Phone', 'Email', 'Certificates', 'Status', 'Booth fee (VND)', 'Note', 'Registered on'],
};

const cell = (v: string | number | undefined) => {
  const s = v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

function certificates(b: Booking, lang: Lang): string {
  return (b.certifications ?? [])
    .map((c) => (c.type === 'OCOP' ? `OCOP ${c.stars ?? ''}★` : `${c.type === 'organic' && lang === 'vi' ? 'hữu cơ' : c.type} (${lang === 'vi' ? 'đến' : 'until'} ${formatDate(c.validUntil, lang)})`))
    .join('; ');
}

/** One exhibitor, for the API documentation of the CSV exhibitor list. */
export const EXHIBITOR_EXAMPLE: Booking = {
  id: '01J9ZB00000000000000000001',
  fairId: '01J9ZF00000000000000000001',
  sellerId: '01J8ZQ3Y2N5J1S8WG4Q6A0B9CD',
  sellerName: 'HTX Vải thiều Phúc Lộc',
  ownerId: 'example',
  fairOwnerId: 'example',
  boothNumber: 12,
  status: 'approved',
  sellerKind: 'cooperative',
  sellerProvince: 'bac-ninh',
  products: ['vai-thieu'],
  contact: { name: 'Nguyễn Văn An', phone: '+84912345678' },
  certifications: [{ type: 'VietGAP', validUntil: '2027-12-31' }],
  feeVnd: 3_000_000,
  createdAt: '2027-03-01T02:00:00.000Z',
};

/**
 * The exhibitor list as CSV: booth, seller, kind, province, products, contact, certificates,
 * status, fee, note; in Vietnamese unless English is asked for. Starts with a byte-order mark
 * so spreadsheet programs read Vietnamese letters as UTF-8.
 */
export function exhibitorsCsv(bookings: Booking[], lang: Lang): string {
  const rows = bookings.map((b) => [
    b.boothNumber,
    b.sellerName,
    b.sellerKind ? (lang === 'vi' ? (KIND_NAMES_VI[b.sellerKind] ?? b.sellerKind) : b.sellerKind) : '',
    b.sellerProvince ? ((lang === 'vi' ? provinceByCode(b.sellerProvince)?.name : provinceByCode(b.sellerProvince)?.nameEn) ?? b.sellerProvince) : '',
    (b.products ?? []).map((p) => (lang === 'vi' ? productByCode(p)?.name : productByCode(p)?.nameEn) ?? p).join('; '),
    b.contact?.name,
    b.contact?.phone,
    b.contact?.email,
    certificates(b, lang),
    STATUS_WORDS[lang][b.status ?? 'approved'],
    b.feeVnd !== undefined ? formatNumber(b.feeVnd, lang) : '',
    b.note,
    formatDate(todayInVietnam(new Date(b.createdAt)), lang),
  ]);
  return '\uFEFF' + [HEADINGS[lang], ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
