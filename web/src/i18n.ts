/**
 * The portal's words in Vietnamese (the default) and English. The choice is remembered in
 * localStorage and sent to the API as Accept-Language, so API errors come back in it too.
 */
import { signal } from '@preact/signals';

export type Lang = 'vi' | 'en';
const KEY = 'ketnoi.lang';

const stored = typeof localStorage !== 'undefined' ? localStorage.getItem(KEY) : null;
export const lang = signal<Lang>(stored === 'en' ? 'en' : 'vi');

export function setLang(next: Lang) {
  lang.value = next;
  localStorage.setItem(KEY, next);
  document.documentElement.lang = next;
}

const W = {
  appName: ['Kết Nối', 'Kết Nối'],
  tagline: ['Kết nối cung – cầu nông sản', 'Connecting farm supply and demand'],
  skip: ['Bỏ qua, tới nội dung chính', 'Skip to main content'],
  langSwitch: ['English', 'Tiếng Việt'],
  langSwitchLabel: ['Chuyển sang tiếng Anh', 'Switch to Vietnamese'],
  signIn: ['Đăng nhập', 'Sign in'],
  signOut: ['Đăng xuất', 'Sign out'],
  devSignInTitle: ['Đăng nhập thử (chế độ cục bộ)', 'Dev sign-in (local mode)'],
  devSignInIntro: ['Chọn một người dùng mẫu theo vai trò. Trang này chỉ có khi chạy cục bộ.', 'Pick a demo user by role. This page exists only in local mode.'],
  newUserOf: ['Người dùng mới', 'New user'],
  signedInAs: ['Đang đăng nhập: {who}', 'Signed in as {who}'],
  loading: ['Đang tải…', 'Loading…'],
  saving: ['Đang lưu…', 'Saving…'],
  save: ['Lưu', 'Save'],
  create: ['Tạo', 'Create'],
  cancel: ['Hủy', 'Cancel'],
  edit: ['Sửa', 'Edit'],
  open: ['Mở', 'Open'],
  next: ['Trang sau', 'Next page'],
  first: ['Trang đầu', 'First page'],
  none: ['Chưa có gì.', 'Nothing yet.'],
  saved: ['Đã lưu.', 'Saved.'],
  formHasErrors: ['Vui lòng sửa các ô được đánh dấu.', 'Please correct the marked fields.'],
  networkError: ['Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.', 'Could not reach the server. Check the connection and try again.'],
  // roles
  role_cooperative: ['Hợp tác xã / người bán', 'Cooperative / seller'],
  role_retailer: ['Nhà bán lẻ / người mua', 'Retailer / buyer'],
  role_organiser: ['Ban tổ chức hội chợ', 'Fair organiser'],
  role_admin: ['Cán bộ Sở Công Thương', 'Department officer'],
  // navigation
  nav: ['Điều hướng chính', 'Main navigation'],
  inbox: ['Hộp thư', 'Inbox'],
  unreadCount: ['{n} chưa đọc', '{n} unread'],
  mySellers: ['Hồ sơ người bán', 'Seller profiles'],
  myBuyers: ['Hồ sơ người mua', 'Buyer profiles'],
  myFairs: ['Hội chợ', 'Fairs'],
  stats: ['Thống kê', 'Statistics'],
  // inbox
  inboxEmpty: ['Hộp thư trống.', 'Your inbox is empty.'],
  unreadOnly: ['Chỉ thư chưa đọc', 'Unread only'],
  markRead: ['Đánh dấu đã đọc', 'Mark as read'],
  unread: ['Chưa đọc', 'Unread'],
  // profiles
  deviceIndexNote: ['Danh sách gồm các hồ sơ bạn đã tạo hoặc mở trên thiết bị này.', 'Lists the profiles you created or opened on this device.'],
  openById: ['Mở theo mã', 'Open by id'],
  newSeller: ['Thêm hồ sơ người bán', 'New seller profile'],
  newBuyer: ['Thêm hồ sơ người mua', 'New buyer profile'],
  name: ['Tên', 'Name'],
  kind: ['Loại hình', 'Kind'],
  taxCode: ['Mã số thuế', 'Tax code'],
  province: ['Tỉnh/thành', 'Province'],
  provinceHint: ['Gõ tên mới hoặc tên cũ, có dấu hoặc không dấu', 'Type the new or a former name, with or without diacritics'],
  address: ['Địa chỉ', 'Address'],
  contactName: ['Người liên hệ', 'Contact person'],
  phone: ['Điện thoại', 'Phone'],
  email: ['Email', 'Email'],
  description: ['Mô tả', 'Description'],
  certifications: ['Chứng nhận', 'Certificates'],
  addCertificate: ['Thêm chứng nhận', 'Add certificate'],
  remove: ['Xóa', 'Remove'],
  certType: ['Loại chứng nhận', 'Certificate type'],
  stars: ['Số sao OCOP', 'OCOP stars'],
  certificateNo: ['Số chứng nhận', 'Certificate number'],
  issuer: ['Nơi cấp', 'Issuer'],
  validUntil: ['Hiệu lực đến', 'Valid until'],
  kind_cooperative: ['Hợp tác xã', 'Cooperative'],
  kind_enterprise: ['Doanh nghiệp', 'Enterprise'],
  kind_household: ['Hộ kinh doanh', 'Household business'],
  kind_supermarket: ['Siêu thị', 'Supermarket'],
  kind_wholesale_market: ['Chợ đầu mối', 'Wholesale market'],
  kind_commercial_centre: ['Trung tâm thương mại', 'Commercial centre'],
  kind_exporter: ['Doanh nghiệp xuất khẩu', 'Exporter'],
  kind_processor: ['Cơ sở chế biến', 'Processor'],
  kind_fair: ['Hội chợ', 'Fair'],
  kind_exhibition: ['Triển lãm', 'Exhibition'],
  kind_conference: ['Hội nghị', 'Conference'],
  kind_market_day: ['Phiên chợ', 'Market day'],
  // listings
  listings: ['Chào bán', 'Listings'],
  newListing: ['Chào bán nông sản', 'List produce'],
  product: ['Sản phẩm', 'Product'],
  category: ['Nhóm hàng', 'Category'],
  variety: ['Giống / quy cách', 'Variety / grade'],
  quantity: ['Sản lượng', 'Quantity'],
  unit: ['Đơn vị', 'Unit'],
  tonnes: ['tấn', 'tonnes'],
  kg: ['kg', 'kg'],
  minOrder: ['Đơn tối thiểu', 'Minimum order'],
  price: ['Giá (₫/kg)', 'Price (₫/kg)'],
  priceHint: ['Ví dụ 25.000', 'For example 25.000'],
  availableFrom: ['Có hàng từ', 'Available from'],
  availableTo: ['Có hàng đến', 'Available until'],
  dateHint: ['dd/mm/yyyy', 'dd/mm/yyyy'],
  pickDate: ['Chọn ngày trên lịch', 'Pick a date from the calendar'],
  status: ['Trạng thái', 'Status'],
  remaining: ['Còn lại', 'Remaining'],
  window: ['Thời gian', 'Window'],
  status_active: ['Đang chào bán', 'Active'],
  status_sold_out: ['Đã bán hết', 'Sold out'],
  status_expired: ['Hết hạn', 'Expired'],
  status_withdrawn: ['Đã rút', 'Withdrawn'],
  status_open: ['Đang tìm hàng', 'Open'],
  status_fulfilled: ['Đã đủ hàng', 'Fulfilled'],
  status_draft: ['Bản nháp', 'Draft'],
  status_published: ['Đã công bố', 'Published'],
  status_cancelled: ['Đã hủy', 'Cancelled'],
  status_proposed: ['Đề xuất', 'Proposed'],
  status_confirmed: ['Đã xác nhận', 'Confirmed'],
  status_declined: ['Đã từ chối', 'Declined'],
  status_superseded: ['Không còn hiệu lực', 'Superseded'],
  // demands
  demands: ['Nhu cầu thu mua', 'Purchase demands'],
  newDemand: ['Đăng nhu cầu thu mua', 'Post a demand'],
  productOrCategory: ['Sản phẩm hoặc nhóm hàng', 'Product or category'],
  minQuantity: ['Lô tối thiểu mỗi nhà cung cấp', 'Smallest lot per supplier'],
  maxPrice: ['Giá tối đa (₫/kg)', 'Price ceiling (₫/kg)'],
  neededFrom: ['Cần từ ngày', 'Needed from'],
  neededTo: ['Cần đến ngày', 'Needed until'],
  requiredCerts: ['Chứng nhận yêu cầu', 'Required certificates'],
  sourcingProvinces: ['Vùng nguyên liệu (tỉnh/thành)', 'Sourcing provinces'],
  sourcingHint: ['Tìm theo tên mới hoặc tên cũ (ví dụ "Bắc Giang")', 'Search by new or former name (e.g. "Bắc Giang")'],
  deliveryProvince: ['Tỉnh/thành nhận hàng', 'Delivery province'],
  anyProvince: ['Không giới hạn', 'Any province'],
  // matches
  proposals: ['Đề xuất kết nối', 'Proposals'],
  noProposals: ['Chưa có đề xuất. Hệ thống ghép cặp ngay khi có nguồn phù hợp.', 'No proposals yet. Matching runs as soon as something fits.'],
  score: ['Điểm phù hợp', 'Match score'],
  factor_priceMargin: ['Giá', 'Price'],
  factor_distance: ['Khoảng cách', 'Distance'],
  factor_productFit: ['Đúng sản phẩm', 'Product fit'],
  factor_windowOverlap: ['Trùng thời gian', 'Window overlap'],
  factor_volumeFit: ['Sản lượng', 'Volume fit'],
  factor_certifications: ['Chứng nhận', 'Certificates'],
  reasons: ['Lý do', 'Reasons'],
  proposedKg: ['Khối lượng đề xuất', 'Proposed quantity'],
  accept: ['Đồng ý', 'Accept'],
  decline: ['Từ chối', 'Decline'],
  you: ['Bạn', 'You'],
  otherSide: ['Bên kia', 'Other side'],
  decision_pending: ['chưa trả lời', 'pending'],
  decision_accepted: ['đã đồng ý', 'accepted'],
  decision_declined: ['đã từ chối', 'declined'],
  buyerContact: ['Liên hệ người mua', "Buyer's contact"],
  sellerContact: ['Liên hệ nhà cung cấp', "Supplier's contact"],
  call: ['Gọi {phone}', 'Call {phone}'],
  viewMatch: ['Xem đề xuất', 'View proposal'],
  km: ['{n} km', '{n} km'],
  // fairs
  fairSuggestions: ['Hội chợ gợi ý', 'Suggested fairs'],
  bookBooth: ['Đăng ký gian hàng', 'Book a booth'],
  booked: ['Đã đăng ký gian hàng.', 'Booth booked.'],
  newFair: ['Tạo hội chợ', 'New fair'],
  venue: ['Địa điểm', 'Venue'],
  startsOn: ['Ngày bắt đầu', 'Starts on'],
  endsOn: ['Ngày kết thúc', 'Ends on'],
  registrationClosesOn: ['Hạn đăng ký', 'Registration closes on'],
  boothCount: ['Số gian hàng', 'Booths'],
  freeBooths: ['{free}/{total} gian còn trống', '{free} of {total} booths free'],
  productsFeatured: ['Sản phẩm (cách nhau bởi dấu phẩy)', 'Products (comma separated)'],
  publish: ['Công bố', 'Publish'],
  cancelFair: ['Hủy hội chợ', 'Cancel the fair'],
  confirmCancelFair: ['Hủy hội chợ này? Không thể hoàn tác.', 'Cancel this fair? This cannot be undone.'],
  exhibitors: ['Danh sách gian hàng', 'Exhibitor list'],
  print: ['In danh sách', 'Print the list'],
  downloadCsv: ['Tải CSV', 'Download CSV'],
  exhibitor: ['Đơn vị tham gia', 'Exhibitor'],
  note: ['Ghi chú', 'Note'],
  bookedAt: ['Ngày đăng ký', 'Booked on'],
  // stats
  period: ['Khoảng thời gian', 'Period'],
  from: ['Từ ngày', 'From'],
  to: ['Đến ngày', 'To'],
  show: ['Xem', 'Show'],
  tonnageByProvince: ['Sản lượng theo tỉnh/thành (tấn)', 'Tonnage by province (tonnes)'],
  listedT: ['Chào bán', 'Listed'],
  demandedT: ['Nhu cầu', 'Demanded'],
  confirmedT: ['Đã chốt', 'Confirmed'],
  totals: ['Tổng cộng', 'Totals'],
  weeklyTrend: ['Xu hướng theo tuần (tấn)', 'Weekly trend (tonnes)'],
  weekOf: ['Tuần từ {d}', 'Week of {d}'],
  notYet: ['Sắp có', 'Coming soon'],
  webhooks: ['Webhook', 'Webhooks'],
  notFound: ['Không tìm thấy trang.', 'Page not found.'],
  home: ['Trang chủ', 'Home'],
} satisfies Record<string, [string, string]>;

export type Word = keyof typeof W;

/** The word in the current language, with `{name}` placeholders filled. */
export function t(key: Word, params: Record<string, string | number> = {}): string {
  const text = W[key][lang.value === 'vi' ? 0 : 1];
  return text.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));
}

/** A word from a dynamic key (statuses, kinds); falls back to the raw value. */
export function tk(prefix: string, value: string): string {
  const key = `${prefix}_${value}`;
  return key in W ? t(key as Word) : value;
}
