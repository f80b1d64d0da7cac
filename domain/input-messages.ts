/**
 * Field messages for inputs as people type them (units, kinds, implausible prices), in
 * Vietnamese and English. Spread into FIELD_MESSAGES (domain/messages.ts). Prices arrive in
 * params already formatted per language (`…Vi`, `…En`), since 25.000 and 25,000 differ.
 */
export const INPUT_FIELD_MESSAGES = {
  'unknown-unit': { en: 'unknown unit "{value}"; use one of {units}', vi: 'không có đơn vị "{value}"; dùng một trong {units}' },
  'unknown-kind': { en: 'unknown kind "{value}"; use one of {kinds}', vi: 'không có loại "{value}"; dùng một trong {kinds}' },
  'price-implausible-low': {
    en: '{priceEn} is very low for {productEn} (usually {bandEn}){hintEn} If the price is right, send priceConfirmed: true',
    vi: '{productVi}: {priceVi} rất thấp so với giá thường gặp {bandVi}{hintVi} Nếu đúng giá này, gửi kèm priceConfirmed: true',
  },
  'price-implausible-high': {
    en: '{priceEn} is very high for {productEn} (usually {bandEn}){hintEn} If the price is right, send priceConfirmed: true',
    vi: '{productVi}: {priceVi} rất cao so với giá thường gặp {bandVi}{hintVi} Nếu đúng giá này, gửi kèm priceConfirmed: true',
  },
  'unknown-region': { en: 'unknown region "{value}"; use one of {regions}', vi: 'không có vùng "{value}"; dùng một trong {regions}' },
  'reach-one-of': { en: 'give regions or provinces only with the matching scope', vi: 'chỉ ghi vùng hoặc tỉnh tương ứng với phạm vi đã chọn' },
  'reach-needs-list': { en: 'this scope needs at least one entry', vi: 'phạm vi này cần ít nhất một mục' },
  'booth-number-taken': { en: 'booth {boothNumber} is already assigned', vi: 'gian hàng số {boothNumber} đã được xếp cho đơn vị khác' },
  'booth-number-range': { en: 'must be from 1 to {max}, the fair’s booth count', vi: 'phải từ 1 đến {max}, số gian hàng của hội chợ' },
} as const;

/** Vietnamese words for the English values problem params carry (resource kinds, states). */
export const VI_PARAM_WORDS: Readonly<Record<string, string>> = Object.freeze({
  seller: 'bên bán',
  buyer: 'bên mua',
  listing: 'chào bán',
  demand: 'nhu cầu thu mua',
  fair: 'hội chợ',
  booking: 'đăng ký gian hàng',
  match: 'kết nối',
  webhook: 'webhook',
  notification: 'thông báo',
  delivery: 'lần gửi',
  draft: 'bản nháp',
  published: 'đã công bố',
  cancelled: 'đã hủy',
  active: 'đang chào bán',
  sold_out: 'đã bán hết',
  expired: 'đã hết hạn',
  withdrawn: 'đã rút',
  open: 'đang mở',
  fulfilled: 'đã đủ hàng',
  proposed: 'đề xuất',
  confirmed: 'đã xác nhận',
  declined: 'đã từ chối',
  superseded: 'đã thay thế',
  pending: 'chờ duyệt',
  approved: 'đã duyệt',
  rejected: 'bị từ chối',
  'not published': 'chưa công bố',
});

/**
 * A param value as Vietnamese text: known English words translated (also in "a or b" lists),
 * ISO dates as dd/mm/yyyy. Other values (names, ids, numbers) are left as they are.
 */
export function viParam(value: string | number): string | number {
  if (typeof value === 'number') return value;
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (iso) return `${iso[3]}/${iso[2]}/${iso[1]}`;
  if (VI_PARAM_WORDS[value]) return VI_PARAM_WORDS[value];
  const parts = value.split(' or ');
  if (parts.length > 1 && parts.every((p) => VI_PARAM_WORDS[p])) return parts.map((p) => VI_PARAM_WORDS[p]).join(' hoặc ');
  return value;
}
