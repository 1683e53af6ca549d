import { defineCodes } from '../define.ts';

/**
 * Running a province: sites and booths, device enrolment, staff accounts and passwords,
 * providers, token stock and the audit log. Messages speak to the administrator or, for a
 * revoked device or a closed booth, to whoever stands at the screen.
 */
export const administrationCodes = defineCodes({
  DK_ERR_ALREADY_BOOTSTRAPPED: {
    status: 409,
    en: 'An administrator already exists; sign in and create accounts from the administration pages',
    vi: 'Đã có quản trị viên. Hãy đăng nhập và tạo tài khoản trong trang quản trị.',
  },
  DK_ERR_SITE_EXISTS: { status: 409, en: 'A site with this id already exists', vi: 'Mã điểm đăng ký này đã được dùng.' },
  DK_ERR_UNKNOWN_SITE: { status: 404, en: 'No such site', vi: 'Không tìm thấy điểm đăng ký.' },
  DK_ERR_UNKNOWN_COMMUNE: {
    status: 422,
    en: 'The commune is not one of the province’s 2025 administrative units',
    vi: 'Phường/xã không thuộc danh mục đơn vị hành chính 2025 của tỉnh/thành này.',
  },
  DK_ERR_SITE_DATES_INVALID: {
    status: 400,
    en: 'An event booth needs a first and a last day, the last not before the first',
    vi: 'Gian hàng sự kiện cần ngày bắt đầu và ngày kết thúc (không trước ngày bắt đầu).',
  },
  DK_ERR_OPENING_HOURS_INVALID: {
    status: 400,
    en: 'Opening hours must be HH:MM–HH:MM, closing after opening, and a lunch break inside them',
    vi: 'Giờ làm việc phải có dạng GG:PP–GG:PP, giờ đóng sau giờ mở, giờ nghỉ trưa (nếu có) nằm trong giờ làm việc.',
  },
  DK_ERR_SITE_NOT_OPEN_YET: {
    status: 409,
    en: 'This event booth has not opened yet; registrations start on its first day',
    vi: 'Gian hàng chưa đến ngày hoạt động. Quý vị vui lòng quay lại từ ngày khai mạc.',
  },
  DK_ERR_SITE_CLOSED: {
    status: 409,
    en: 'This event booth has closed; registrations are no longer taken here',
    vi: 'Gian hàng đã kết thúc hoạt động và không nhận đăng ký mới. Quý vị vui lòng đến UBND phường/xã gần nhất.',
  },
  DK_ERR_ENROLMENT_CODE_INVALID: {
    status: 401,
    en: 'The enrolment code is unknown or has already been used',
    vi: 'Mã ghép nối không đúng hoặc đã được sử dụng.',
  },
  DK_ERR_ENROLMENT_CODE_EXPIRED: {
    status: 401,
    en: 'The enrolment code has expired (codes last 15 minutes); ask for a new one',
    vi: 'Mã ghép nối đã hết hạn (hiệu lực 15 phút). Hãy xin mã mới.',
  },
  DK_ERR_DEVICE_REVOKED: {
    status: 401,
    en: 'This device is no longer enrolled; it was revoked or its secret was replaced',
    vi: 'Thiết bị này không còn được ghép nối với hệ thống. Hãy liên hệ quản trị viên.',
  },
  DK_ERR_UNKNOWN_DEVICE: { status: 404, en: 'No such device', vi: 'Không tìm thấy thiết bị.' },
  DK_ERR_DEVICE_EXISTS: { status: 409, en: 'A device with this id already exists', vi: 'Mã thiết bị này đã được dùng.' },
  DK_ERR_TICKET_PREFIX_TAKEN: {
    status: 409,
    en: 'Another kiosk of the site already uses this ticket prefix',
    vi: 'Một ki-ốt khác của điểm đã dùng tiền tố số phiếu này.',
  },
  DK_ERR_STAFF_EXISTS: { status: 409, en: 'A staff account with this user name already exists', vi: 'Tên đăng nhập này đã tồn tại.' },
  DK_ERR_UNKNOWN_STAFF: { status: 404, en: 'No such staff account', vi: 'Không tìm thấy tài khoản.' },
  DK_ERR_ACCOUNT_DISABLED: {
    status: 403,
    en: 'This account is disabled',
    vi: 'Tài khoản này đã bị vô hiệu hóa. Hãy liên hệ quản trị viên.',
  },
  DK_ERR_ACCOUNT_LOCKED: {
    status: 423,
    en: 'This account is locked after repeated failed sign-ins; an administrator can unlock it',
    vi: 'Tài khoản đã bị khoá vì đăng nhập sai quá nhiều lần. Hãy liên hệ quản trị viên để mở khoá.',
  },
  DK_ERR_ADDRESS_LOCKED: {
    status: 429,
    en: 'Too many failed sign-ins from this address; it may try again after retry-after, or an administrator can unlock it',
    vi: 'Máy này đã đăng nhập sai quá nhiều lần nên tạm thời bị chặn. Hãy đợi rồi thử lại, hoặc liên hệ quản trị viên.',
  },
  DK_ERR_SIGN_IN_THROTTLED: {
    status: 429,
    en: 'Several failed sign-ins in a row; wait for retry-after before the next try',
    vi: 'Bạn đã nhập sai mật khẩu nhiều lần. Vui lòng đợi một lát rồi thử lại.',
  },
  DK_ERR_SIGN_IN_BUSY: {
    status: 429,
    en: 'Too many sign-ins are being checked at once; retry after retry-after',
    vi: 'Hệ thống đang bận kiểm tra đăng nhập. Vui lòng thử lại sau vài giây.',
  },
  DK_ERR_PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    en: 'The password was reset; choose a new one before going on',
    vi: 'Mật khẩu đã được đặt lại. Hãy đặt mật khẩu mới trước khi tiếp tục.',
  },
  DK_ERR_PASSWORD_TOO_SHORT: {
    status: 400,
    en: 'The password is too short (at least 12 characters)',
    vi: 'Mật khẩu quá ngắn (ít nhất 12 ký tự).',
  },
  DK_ERR_PASSWORD_COMMON: {
    status: 400,
    en: 'The password is in the list of common passwords',
    vi: 'Mật khẩu này quá phổ biến, dễ bị đoán. Hãy chọn mật khẩu khác.',
  },
  DK_ERR_PASSWORD_LIKE_USERNAME: {
    status: 400,
    en: 'The password must not contain the user name',
    vi: 'Mật khẩu không được chứa tên đăng nhập.',
  },
  DK_ERR_CURRENT_PASSWORD_WRONG: {
    status: 400,
    en: 'The current password is wrong',
    vi: 'Mật khẩu hiện tại không đúng.',
  },
  DK_ERR_CURRENT_PASSWORD_MISSING: {
    status: 400,
    en: 'Type the current password',
    vi: 'Hãy nhập mật khẩu hiện tại.',
  },
  DK_ERR_PASSWORD_REPEAT_MISMATCH: {
    status: 400,
    en: 'The new password typed again differs from the first',
    vi: 'Mật khẩu mới nhập lại không khớp với lần nhập đầu.',
  },
  DK_ERR_PASSWORD_UNCHANGED: {
    status: 400,
    en: 'The new password must differ from the current one',
    vi: 'Mật khẩu mới phải khác mật khẩu hiện tại.',
  },
  DK_ERR_ROLE_SCOPE_INVALID: {
    status: 400,
    en: 'This role needs a different scope (clerks and site managers need sites; managers and province admins a province)',
    vi: 'Vai trò này cần phạm vi khác (nhân viên và quản lý điểm cần điểm đăng ký; quản lý thành phố và quản trị tỉnh cần tỉnh/thành).',
  },
  DK_ERR_PROVIDER_EXISTS: { status: 409, en: 'A provider with this id already exists', vi: 'Mã nhà cung cấp này đã tồn tại.' },
  DK_ERR_KEY_TYPES_INVALID: {
    status: 400,
    en: 'Each channel of the provider needs the key types its CA certifies, and only offered channels may have them',
    vi: 'Mỗi kênh của nhà cung cấp cần loại khóa mà CA chứng thực, và chỉ kênh được cung cấp mới có loại khóa.',
  },
  DK_ERR_KEY_TYPE_NOT_CERTIFIED: {
    status: 409,
    en: 'The provider’s catalogue does not list this key type for this channel: its CA would not certify the key',
    vi: 'Nhà cung cấp không chứng thực loại khóa này cho kênh này. Hãy cấp lại với loại khóa trong danh mục nhà cung cấp.',
  },
  DK_ERR_TOKEN_NOT_IN_STOCK: {
    status: 409,
    en: 'This token is not in the site’s stock; receive it into stock or use another token',
    vi: 'Token này không có trong kho của điểm; nhận token vào kho hoặc dùng token khác.',
  },
  DK_ERR_TOKEN_STOCK_UNCHECKED: {
    status: 503,
    en: 'The token could not be checked against the site’s stock (no connection to the server); nothing was issued — check the network and check again',
    vi: 'Chưa kiểm tra được token trong kho của điểm vì quầy không kết nối được máy chủ; chưa cấp gì. Hãy kiểm tra mạng rồi kiểm tra lại.',
  },
  DK_ERR_TOKEN_ALREADY_IN_STOCK: {
    status: 409,
    en: 'A token with this serial is already in stock somewhere',
    vi: 'Token có số sê-ri này đã có trong kho.',
  },
  DK_ERR_AUDIT_PERSONAL_DATA: {
    status: 400,
    en: 'An audit entry may hold references and codes only, never personal data',
    vi: 'Nhật ký kiểm toán chỉ ghi mã tham chiếu, không ghi dữ liệu cá nhân.',
  },
});
