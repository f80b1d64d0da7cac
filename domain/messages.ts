/**
 * Problem wording in Vietnamese and English, keyed by a stable code. The code also forms the
 * problem `type` URI, so clients can branch on it without parsing text.
 */
import { INPUT_FIELD_MESSAGES, viParam } from '#domain/input-messages.ts';

export type Lang = 'vi' | 'en';

type Text = { title: string; detail: string };
const define = <T extends Record<string, { vi: Text; en: Text }>>(t: T) => t;

export const MESSAGES = define({
  'validation-failed': {
    en: { title: 'Invalid request', detail: '{count} field(s) are invalid; see `errors`.' },
    vi: { title: 'Yêu cầu không hợp lệ', detail: 'Có {count} trường không hợp lệ; xem `errors`.' },
  },
  'malformed-json': {
    en: { title: 'Malformed JSON', detail: 'The request body is not valid JSON.' },
    vi: { title: 'JSON sai cú pháp', detail: 'Nội dung yêu cầu không phải JSON hợp lệ.' },
  },
  'bad-cursor': {
    en: { title: 'Invalid cursor', detail: 'The pagination cursor is invalid, expired or belongs to another query.' },
    vi: { title: 'Con trỏ phân trang không hợp lệ', detail: 'Con trỏ phân trang không hợp lệ, đã hết hạn hoặc thuộc truy vấn khác.' },
  },
  'bad-header': {
    en: { title: 'Invalid header', detail: 'Header {header} is invalid.' },
    vi: { title: 'Tiêu đề không hợp lệ', detail: 'Tiêu đề {header} không hợp lệ.' },
  },
  'search-needs-filter': {
    en: { title: 'Filter required', detail: 'Give at least one of: {filters}.' },
    vi: { title: 'Cần điều kiện lọc', detail: 'Hãy cung cấp ít nhất một trong: {filters}.' },
  },
  unauthenticated: {
    en: { title: 'Sign-in required', detail: 'Send a valid bearer token in the Authorization header.' },
    vi: { title: 'Cần đăng nhập', detail: 'Hãy gửi mã truy cập hợp lệ trong tiêu đề Authorization.' },
  },
  'forbidden-role': {
    en: { title: 'Not allowed', detail: 'Your role may not do this.' },
    vi: { title: 'Không được phép', detail: 'Vai trò của bạn không được thực hiện thao tác này.' },
  },
  'mfa-required': {
    en: { title: 'Second factor required', detail: 'Organisers and admins must sign in with their authenticator app (MFA) to do this; sign in again with it.' },
    vi: { title: 'Cần xác thực hai lớp', detail: 'Ban tổ chức và quản trị viên phải đăng nhập bằng ứng dụng xác thực (MFA) để thực hiện thao tác này; hãy đăng nhập lại với mã xác thực.' },
  },
  'forbidden-owner': {
    en: { title: 'Not allowed', detail: 'Only the owner of this {resource} may do this.' },
    vi: { title: 'Không được phép', detail: 'Chỉ chủ sở hữu {resource} này mới được thực hiện thao tác này.' },
  },
  'not-found': {
    en: { title: 'Not found', detail: 'No {resource} with id {id}.' },
    vi: { title: 'Không tìm thấy', detail: 'Không có {resource} với mã {id}.' },
  },
  'route-not-found': {
    en: { title: 'Not found', detail: 'No route matches {method} {path}.' },
    vi: { title: 'Không tìm thấy', detail: 'Không có đường dẫn {method} {path}.' },
  },
  'version-required': {
    en: { title: 'Version required', detail: 'Send the version you read, as If-Match: "<version>" or a `version` field.' },
    vi: { title: 'Cần số phiên bản', detail: 'Hãy gửi phiên bản bạn đã đọc, qua If-Match: "<version>" hoặc trường `version`.' },
  },
  'version-mismatch': {
    en: { title: 'Stale version', detail: 'The {resource} has changed since you read it (you sent version {sent}). Read it again and retry.' },
    vi: { title: 'Phiên bản đã cũ', detail: '{resource} đã thay đổi kể từ khi bạn đọc (bạn gửi phiên bản {sent}). Hãy đọc lại rồi thử lại.' },
  },
  'idempotency-key-reused': {
    en: { title: 'Idempotency key reused', detail: 'This Idempotency-Key was used with a different request.' },
    vi: { title: 'Khóa idempotency bị dùng lại', detail: 'Idempotency-Key này đã được dùng cho một yêu cầu khác.' },
  },
  'idempotency-in-progress': {
    en: { title: 'Request in progress', detail: 'A request with this Idempotency-Key is still being processed; retry shortly.' },
    vi: { title: 'Yêu cầu đang xử lý', detail: 'Một yêu cầu với Idempotency-Key này đang được xử lý; hãy thử lại sau giây lát.' },
  },
  'payload-too-large': {
    en: { title: 'Body too large', detail: 'The request body exceeds {limit} bytes.' },
    vi: { title: 'Nội dung quá lớn', detail: 'Nội dung yêu cầu vượt quá {limit} byte.' },
  },
  'unsupported-media-type': {
    en: { title: 'Unsupported content type', detail: 'Send the body as application/json.' },
    vi: { title: 'Kiểu nội dung không hỗ trợ', detail: 'Hãy gửi nội dung dạng application/json.' },
  },
  'not-acceptable': {
    en: { title: 'Not acceptable', detail: 'This resource is available as {types}.' },
    vi: { title: 'Không thể đáp ứng định dạng', detail: 'Tài nguyên này có ở dạng {types}.' },
  },
  'unknown-province': {
    en: { title: 'Unknown province', detail: '"{value}" is not a province (current or former name, or code).' },
    vi: { title: 'Tỉnh không xác định', detail: '"{value}" không phải tên tỉnh/thành (mới hoặc cũ) hay mã tỉnh.' },
  },
  'invalid-state': {
    en: { title: 'Not possible now', detail: 'The {resource} is {state}; this action needs it to be {expected}.' },
    vi: { title: 'Không thể thực hiện lúc này', detail: '{resource} đang ở trạng thái {state}; thao tác này cần trạng thái {expected}.' },
  },
  'fair-full': {
    en: { title: 'No booths left', detail: 'All {boothCount} booths of this fair are booked.' },
    vi: { title: 'Hết gian hàng', detail: 'Cả {boothCount} gian hàng của hội chợ đã được đặt.' },
  },
  'registration-closed': {
    en: { title: 'Registration closed', detail: 'Booth registration for this fair closed on {date}.' },
    vi: { title: 'Đã hết hạn đăng ký', detail: 'Hội chợ đã hết hạn đăng ký gian hàng ngày {date}.' },
  },
  'already-booked': {
    en: { title: 'Already booked', detail: 'This seller already holds a booth at this fair.' },
    vi: { title: 'Đã đặt gian hàng', detail: 'Cơ sở này đã có một gian hàng tại hội chợ.' },
  },
  'volume-gone': {
    en: { title: 'Volume no longer available', detail: 'The {side} no longer has the volume this match needs; it was taken by another confirmed match.' },
    vi: { title: 'Không còn đủ sản lượng', detail: 'Bên {side} không còn đủ sản lượng cho kết nối này; đã được một kết nối khác xác nhận trước.' },
  },
  'busy-retry': {
    en: { title: 'Busy', detail: 'Too many simultaneous changes; retry shortly.' },
    vi: { title: 'Hệ thống bận', detail: 'Có quá nhiều thay đổi cùng lúc; hãy thử lại sau giây lát.' },
  },
  'internal-error': {
    en: { title: 'Internal error', detail: 'Something went wrong on our side. The request id identifies it.' },
    vi: { title: 'Lỗi hệ thống', detail: 'Đã có lỗi phía máy chủ. Mã yêu cầu giúp tra cứu lỗi này.' },
  },
  'business-rule': {
    en: { title: 'Rule violated', detail: '{rule}' },
    vi: { title: 'Vi phạm quy tắc', detail: '{rule}' },
  },
  'malformed-path': {
    en: { title: 'Malformed path', detail: 'The path has a broken percent-escape (a % not followed by two hex digits of valid UTF-8).' },
    vi: { title: 'Đường dẫn không hợp lệ', detail: 'Đường dẫn có mã thoát phần trăm bị hỏng (dấu % không theo sau bởi hai chữ số hex của UTF-8 hợp lệ).' },
  },
  'headers-too-large': {
    en: { title: 'Request line or headers too large', detail: 'The request line (path and query string) and headers together must stay under {limit} bytes.' },
    vi: { title: 'Dòng yêu cầu hoặc header quá lớn', detail: 'Dòng yêu cầu (đường dẫn và chuỗi truy vấn) cùng các header phải dưới {limit} byte.' },
  },
  'bad-request': {
    en: { title: 'Bad request', detail: 'The request is not valid HTTP.' },
    vi: { title: 'Yêu cầu không hợp lệ', detail: 'Yêu cầu không đúng chuẩn HTTP.' },
  },
  'replay-failed': {
    en: { title: 'Replay failed', detail: 'The parked record failed again: {error}' },
    vi: { title: 'Chạy lại không thành công', detail: 'Bản ghi bị giữ lại vẫn lỗi: {error}' },
  },
  'role-already-held': {
    en: { title: 'Role already held', detail: 'You already have the {role} role.' },
    vi: { title: 'Đã có vai trò', detail: 'Bạn đã có vai trò {role}.' },
  },
  'role-request-pending': {
    en: { title: 'Request already pending', detail: 'You already have a pending role request; wait for the department’s decision.' },
    vi: { title: 'Đang chờ duyệt', detail: 'Bạn đã có một yêu cầu đang chờ duyệt; hãy chờ Sở quyết định.' },
  },
  'forbidden-province': {
    en: { title: 'Not your province', detail: 'You act for other provinces than {province}.' },
    vi: { title: 'Ngoài phạm vi tỉnh', detail: 'Bạn không phụ trách tỉnh/thành {province}.' },
  },
  'forbidden-national-only': {
    en: { title: 'National admins only', detail: 'Only a national admin may grant roles directly.' },
    vi: { title: 'Chỉ quản trị cấp quốc gia', detail: 'Chỉ quản trị cấp quốc gia mới được cấp vai trò trực tiếp.' },
  },
  'no-code-pending': {
    en: { title: 'No code to confirm', detail: 'There is no confirmation code waiting for your {channel} address; ask for a new one.' },
    vi: { title: 'Không có mã chờ xác nhận', detail: 'Không có mã xác nhận nào đang chờ cho địa chỉ {channel} của bạn; hãy yêu cầu mã mới.' },
  },
  'code-resend-too-soon': {
    en: { title: 'Wait a little', detail: 'A code was sent less than a minute ago; wait before asking for another.' },
    vi: { title: 'Hãy chờ một chút', detail: 'Mã vừa được gửi chưa đến một phút; hãy chờ rồi yêu cầu mã khác.' },
  },
  'address-verified': {
    en: { title: 'Already confirmed', detail: 'Your {channel} address is already confirmed.' },
    vi: { title: 'Đã xác nhận', detail: 'Địa chỉ {channel} của bạn đã được xác nhận.' },
  },
  'bad-unsubscribe-token': {
    en: { title: 'Invalid link', detail: 'This unsubscribe link is invalid or was changed.' },
    vi: { title: 'Liên kết không hợp lệ', detail: 'Liên kết hủy nhận tin không hợp lệ hoặc đã bị sửa.' },
  },
  'quota-exceeded': {
    en: { title: 'Daily limit reached', detail: 'You may create at most {max} items of kind {kind} a day; try again after midnight, Vietnam time.' },
    vi: { title: 'Đã đạt giới hạn trong ngày', detail: 'Mỗi ngày bạn được tạo tối đa {max} mục loại {kind}; hãy thử lại sau nửa đêm (giờ Việt Nam).' },
  },
  'webhook-limit': {
    en: { title: 'Too many webhooks', detail: 'A profile may have at most {max} webhook endpoints; delete one first.' },
    vi: { title: 'Quá nhiều webhook', detail: 'Mỗi hồ sơ có tối đa {max} địa chỉ webhook; hãy xóa bớt một địa chỉ trước.' },
  },
});

export type MessageCode = keyof typeof MESSAGES;

/** Fills `{param}` placeholders of a message in the chosen language. */
export function renderMessage(code: MessageCode, lang: Lang, params: Record<string, string | number> = {}): Text {
  const text = MESSAGES[code][lang];
  // Vietnamese text gets Vietnamese words and dd/mm/yyyy dates for the English values in params.
  const value = (k: string) => (params[k] === undefined ? `{${k}}` : lang === 'vi' ? viParam(params[k]) : params[k]);
  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (_, k: string) => String(value(k)));
  return { title: fill(text.title), detail: fill(text.detail) };
}

/** Picks vi or en from an Accept-Language header; English unless Vietnamese is preferred. */
export function pickLang(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'en';
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag, ...rest] = part.trim().toLowerCase().split(';');
      const q = rest.find((r) => r.trim().startsWith('q='));
      return { tag: tag.trim(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('vi')) return 'vi';
    if (tag.startsWith('en') || tag === '*') return 'en';
  }
  return 'en';
}

/** Field-level messages raised by our own refinements (zod's own issues use its locales). */
export const FIELD_MESSAGES = {
  'unknown-province': { en: 'unknown province "{value}" (use a code, a current or a former name)', vi: 'không có tỉnh/thành "{value}" (dùng mã, tên mới hoặc tên cũ)' },
  'unknown-product': { en: 'unknown product "{value}"; see GET /v1/products', vi: 'không có sản phẩm "{value}"; xem GET /v1/products' },
  'unknown-category': { en: 'unknown category "{value}"; see GET /v1/products', vi: 'không có nhóm hàng "{value}"; xem GET /v1/products' },
  'ocop-needs-stars': { en: 'an OCOP certification needs stars (3 to 5)', vi: 'chứng nhận OCOP cần số sao (3 đến 5)' },
  'stars-only-ocop': { en: 'only OCOP certifications have stars', vi: 'chỉ chứng nhận OCOP mới có số sao' },
  'window-order': { en: 'must not be before the start of the window', vi: 'không được trước ngày bắt đầu' },
  'product-or-category': { en: 'give exactly one of product or category', vi: 'cần đúng một trong hai: product hoặc category' },
  'area-one-of': { en: 'give sourcingProvinces or maxDistanceKm, not both', vi: 'chỉ dùng một trong hai: sourcingProvinces hoặc maxDistanceKm' },
  'min-above-quantity': { en: 'must not exceed quantityKg', vi: 'không được vượt quá quantityKg' },
  'dates-order': { en: 'dates must satisfy registrationClosesOn <= startsOn <= endsOn', vi: 'ngày phải thỏa registrationClosesOn <= startsOn <= endsOn' },
  'unknown-field': { en: 'unknown or server-owned field; remove it', vi: 'trường không tồn tại hoặc do hệ thống quản lý; hãy bỏ trường này' },
  'tax-code-format': { en: 'must be 10 digits, or 10 digits, a dash and 3 digits for a branch', vi: 'phải gồm 10 chữ số, hoặc 10 chữ số, dấu gạch và 3 chữ số với chi nhánh' },
  'tax-code-check-digit': { en: 'the check digit (10th digit) does not match; please check the tax code', vi: 'chữ số kiểm tra (chữ số thứ 10) không khớp; hãy kiểm tra lại mã số thuế' },
  'phone-format': { en: 'must be a Vietnamese phone number: a mobile number of 10 digits (09x, 08x, 07x, 05x, 03x) or a landline 02xx plus 7 digits, written 0… or +84…', vi: 'phải là số điện thoại Việt Nam: di động 10 chữ số (09x, 08x, 07x, 05x, 03x) hoặc cố định 02xx và 7 chữ số, viết 0… hoặc +84…' },
  'ulid-format': { en: 'must be an id as returned by this API (26-character ULID)', vi: 'phải là mã do API này trả về (ULID 26 ký tự)' },
  'below-committed': { en: 'must be at least {min} kg, already committed by confirmed matches', vi: 'phải ít nhất {min} kg, lượng đã cam kết qua các kết nối đã xác nhận' },
  'below-booked': { en: 'must be at least {min}, the booths already booked', vi: 'phải ít nhất {min}, số gian hàng đã được đặt' },
  'kg-range': { en: 'must be from 0.001 kg (1 g) to 100,000,000 kg', vi: 'phải từ 0,001 kg (1 g) đến 100.000.000 kg' },
  'kg-precision': { en: 'at most 3 decimals (whole grams)', vi: 'tối đa 3 chữ số thập phân (đến từng gam)' },
  'vnd-integer': { en: 'must be a whole number of đồng', vi: 'phải là số đồng nguyên' },
  'vnd-range': { en: 'must be from 1 to 100,000,000 đồng', vi: 'phải từ 1 đến 100.000.000 đồng' },
  'date-in-past': { en: 'must be today ({min}) or later', vi: 'phải từ hôm nay ({min}) trở đi' },
  'date-too-far': { en: 'must be no later than {max} (two years ahead)', vi: 'không được sau {max} (tối đa hai năm tới)' },
  'date-too-early': { en: 'must be no earlier than {min} (one year back)', vi: 'không được trước {min} (tối đa một năm trước)' },
  'page-limit': { en: 'must be a whole number from 1 to 100', vi: 'phải là số nguyên từ 1 đến 100' },
  'empty-patch': { en: 'a change needs at least one field', vi: 'cần ít nhất một trường để thay đổi' },
  'province-scope-required': { en: 'you act for several provinces: name one', vi: 'bạn phụ trách nhiều tỉnh/thành: hãy chọn một' },
  'code-format': { en: 'must be the 6 digits of the code', vi: 'phải là 6 chữ số của mã' },
  'code-wrong': { en: 'this code is wrong or has expired ({left} tries left)', vi: 'mã không đúng hoặc đã hết hạn (còn {left} lần thử)' },
  'contact-needed': { en: 'this channel needs a {channel} address; add it first', vi: 'kênh này cần {channel}; hãy thêm trước' },
  'webhook-url-invalid': { en: 'must be an absolute http(s) URL without user name or password', vi: 'phải là URL http(s) đầy đủ, không chứa tên đăng nhập hay mật khẩu' },
  'webhook-url-https': { en: 'must use https (http only to localhost when running locally)', vi: 'phải dùng https (chỉ dùng http tới localhost khi chạy cục bộ)' },
  'webhook-url-unresolvable': { en: 'the host "{host}" does not resolve', vi: 'không phân giải được tên miền "{host}"' },
  ...INPUT_FIELD_MESSAGES,
  'webhook-url-blocked': { en: 'resolves to {address}, a private, loopback, link-local or reserved address; webhooks go to public addresses only', vi: 'trỏ tới {address}, là địa chỉ nội bộ, loopback, link-local hoặc dành riêng; webhook chỉ gửi tới địa chỉ công khai' },
  // my things (issue 9)
  'certification-index': { en: 'must be the position of a certificate in the seller’s `certifications`, from 0', vi: 'phải là vị trí của chứng nhận trong `certifications` của bên bán, bắt đầu từ 0' },
  'mine-only': { en: 'only `mine=true` is supported: list your own profiles', vi: 'chỉ hỗ trợ `mine=true`: liệt kê hồ sơ của bạn' },
} as const;
export type FieldMessageCode = keyof typeof FIELD_MESSAGES;

/** Renders a field message in the chosen language. */
export function renderFieldMessage(code: FieldMessageCode, lang: Lang, params: Record<string, unknown> = {}): string {
  return FIELD_MESSAGES[code][lang].replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));
}
