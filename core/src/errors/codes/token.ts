import { defineCodes } from '../define.ts';

/**
 * Signing tokens: the citizen's PIN policy, the token lifecycle, the PKCS#11 module and its
 * `CKR_*` return values (mapped in hardware/src/token/pkcs11-errors.ts), the issuance sequence
 * and the certificate authority adapters. Vietnamese messages tell the clerk what to do next.
 */
export const tokenCodes = defineCodes({
  DK_ERR_TOKEN_PIN_FORMAT: { status: 400, en: 'The PIN must be 6 to 8 digits', vi: 'Mã PIN phải gồm 6 đến 8 chữ số.' },
  DK_ERR_TOKEN_PIN_REPEATED: {
    status: 400,
    en: 'The PIN must not be one digit repeated',
    vi: 'Mã PIN không được gồm một chữ số lặp lại. Vui lòng chọn mã khác.',
  },
  DK_ERR_TOKEN_PIN_SEQUENCE: {
    status: 400,
    en: 'The PIN must not be a run of digits such as 123456 or 654321',
    vi: 'Mã PIN không được là dãy số liên tiếp (như 123456). Vui lòng chọn mã khác.',
  },
  DK_ERR_TOKEN_PIN_MISMATCH: { status: 400, en: 'The two PIN entries differ', vi: 'Hai lần nhập mã PIN không khớp. Vui lòng nhập lại.' },
  DK_ERR_TOKEN_TRANSITION_ILLEGAL: {
    status: 409,
    en: 'The token is not in a state that allows this change',
    vi: 'Token đang ở trạng thái không cho phép thao tác này.',
  },
  DK_ERR_TOKEN_MODULE: {
    status: 502,
    en: 'The token module returned an unexpected error',
    vi: 'Token báo lỗi không xác định. Vui lòng rút token, cắm lại và thử lại.',
  },
  DK_ERR_TOKEN_MODULE_LOAD: {
    status: 503,
    en: 'The PKCS#11 module could not be loaded',
    vi: 'Không nạp được trình điều khiển token. Vui lòng báo kỹ thuật viên.',
  },
  DK_ERR_TOKEN_MODULE_CRASHED: {
    status: 502,
    en: 'The PKCS#11 module process stopped unexpectedly',
    vi: 'Trình điều khiển token bị dừng đột ngột. Vui lòng rút token, cắm lại và thử lại.',
  },
  DK_ERR_TOKEN_TIMEOUT: {
    status: 504,
    en: 'The token did not answer before the deadline',
    vi: 'Token không phản hồi. Vui lòng rút token, cắm lại và thử lại.',
  },
  DK_ERR_TOKEN_NOT_PRESENT: {
    status: 409,
    en: 'The token was removed or is not present',
    vi: 'Không thấy token. Vui lòng cắm lại token và thử lại.',
  },
  DK_ERR_TOKEN_NOT_FOUND: {
    status: 404,
    en: 'No token with this label or serial is present',
    vi: 'Không tìm thấy token được chọn. Vui lòng kiểm tra token đã cắm.',
  },
  DK_ERR_TOKEN_NOT_BLANK: {
    status: 409,
    en: 'The token already holds a citizen PIN; it is not blank',
    vi: 'Token này đã được phát hành (đã có mã PIN). Vui lòng dùng token trắng khác, hoặc làm thủ tục cấp lại.',
  },
  DK_ERR_TOKEN_NOT_RECOGNIZED: {
    status: 422,
    en: 'The module does not recognise the token',
    vi: 'Token không được nhận dạng. Vui lòng dùng token khác.',
  },
  DK_ERR_TOKEN_PIN_INCORRECT: {
    status: 403,
    en: 'The PIN is incorrect',
    vi: 'Mã PIN không đúng. Vui lòng nhập lại (token sẽ bị khóa nếu nhập sai nhiều lần).',
  },
  DK_ERR_TOKEN_PIN_LOCKED: {
    status: 423,
    en: 'The PIN is blocked after too many wrong entries',
    vi: 'Mã PIN đã bị khóa. Cán bộ cần mở khóa token để công dân đặt mã PIN mới.',
  },
  DK_ERR_TOKEN_PIN_EXPIRED: {
    status: 403,
    en: 'The PIN has expired and must be changed',
    vi: 'Mã PIN đã hết hạn. Vui lòng đặt mã PIN mới.',
  },
  DK_ERR_TOKEN_PIN_REJECTED: {
    status: 400,
    en: 'The token rejected the PIN (length or characters)',
    vi: 'Token không chấp nhận mã PIN này. Vui lòng chọn mã khác.',
  },
  DK_ERR_TOKEN_PIN_NOT_SET: {
    status: 409,
    en: 'The user PIN of the token is not initialised',
    vi: 'Token chưa được đặt mã PIN. Vui lòng phát hành lại token.',
  },
  DK_ERR_TOKEN_NOT_LOGGED_IN: {
    status: 401,
    en: 'The operation needs a login to the token',
    vi: 'Cần nhập mã PIN để thực hiện thao tác này.',
  },
  DK_ERR_TOKEN_LOGIN_STATE: {
    status: 409,
    en: 'The token is already logged in by another user type',
    vi: 'Token đang bận với phiên làm việc khác. Vui lòng rút token, cắm lại và thử lại.',
  },
  DK_ERR_TOKEN_ISSUANCE_UNSETTLED: {
    status: 409,
    en: 'An earlier issuance for this registration may have left a certificate live at the CA; it must be revoked or found to be none before issuing again',
    vi: 'Lần cấp trước cho hồ sơ này có thể đã tạo chứng thư số chưa được thu hồi. Chưa thể cấp lại: vui lòng thử lại sau ít phút; nếu vẫn báo lỗi, liên hệ kỹ thuật viên để thu hồi chứng thư đó.',
  },
  DK_ERR_TOKEN_SESSION: {
    status: 409,
    en: 'The token session is closed or invalid',
    vi: 'Phiên làm việc với token bị gián đoạn. Vui lòng thử lại.',
  },
  DK_ERR_TOKEN_WRITE_PROTECTED: {
    status: 409,
    en: 'The token is write-protected',
    vi: 'Token đang bị khóa ghi. Vui lòng dùng token khác.',
  },
  DK_ERR_TOKEN_MEMORY: {
    status: 507,
    en: 'The token or the host ran out of memory',
    vi: 'Token đã đầy bộ nhớ. Vui lòng xóa token hoặc dùng token khác.',
  },
  DK_ERR_TOKEN_DEVICE: { status: 502, en: 'The token reported a device failure', vi: 'Token bị lỗi phần cứng. Vui lòng dùng token khác.' },
  DK_ERR_TOKEN_MECHANISM: {
    status: 422,
    en: 'The token does not support this key type or mechanism',
    vi: 'Token không hỗ trợ loại khóa của nhà cung cấp. Vui lòng dùng token khác.',
  },
  DK_ERR_TOKEN_TEMPLATE: {
    status: 422,
    en: 'The token refused the object attributes',
    vi: 'Token không chấp nhận dữ liệu ghi vào. Vui lòng báo kỹ thuật viên.',
  },
  DK_ERR_TOKEN_OBJECT: {
    status: 404,
    en: 'A key or object expected on the token is missing',
    vi: 'Không tìm thấy khóa trên token. Vui lòng phát hành lại token.',
  },
  DK_ERR_TOKEN_SIGNATURE_INVALID: {
    status: 502,
    en: 'The test signature does not verify against the certificate',
    vi: 'Chữ ký thử không hợp lệ. Token chưa được phát hành; vui lòng phát hành lại.',
  },
  DK_ERR_TOKEN_ISSUE_ABORTED: {
    status: 409,
    en: 'The token issuance stopped before completion; the token was wiped',
    vi: 'Phát hành token chưa hoàn tất; token đã được xóa để phát hành lại.',
  },
  DK_ERR_CA_UNAVAILABLE: {
    status: 503,
    en: 'The certificate authority is unreachable',
    vi: 'Không kết nối được nhà cung cấp chứng thư số. Vui lòng thử lại sau ít phút.',
  },
  DK_ERR_CA_REQUEST_INVALID: {
    status: 422,
    en: 'The certificate authority rejected the certificate request',
    vi: 'Nhà cung cấp từ chối yêu cầu cấp chứng thư số. Vui lòng kiểm tra thông tin công dân.',
  },
  DK_ERR_CA_SERIAL_UNKNOWN: {
    status: 404,
    en: 'No certificate with this serial was issued by this authority',
    vi: 'Không tìm thấy chứng thư số có số sê-ri này.',
  },
  DK_ERR_CA_PROVIDER_UNKNOWN: {
    status: 422,
    en: 'No certificate authority adapter is configured for this provider',
    vi: 'Quầy chưa được cấu hình kết nối tới nhà cung cấp chữ ký số này. Vui lòng báo kỹ thuật viên.',
  },
  DK_ERR_TOKEN_MODEL_UNKNOWN: {
    status: 422,
    en: 'No token configuration entry matches this token (manufacturer and model)',
    vi: 'Loại token này chưa được cấu hình tại quầy. Vui lòng dùng token khác hoặc báo kỹ thuật viên.',
  },
  DK_ERR_CA_ALREADY_REVOKED: { status: 409, en: 'The certificate is already revoked', vi: 'Chứng thư số này đã bị thu hồi trước đó.' },
  DK_ERR_TOKEN_IDENTITY_UNCONFIRMED: {
    status: 409,
    en: 'A signature is issued only to a chip-verified identity or one the clerk confirmed against the documents',
    vi: 'Chưa xác minh danh tính: hãy đọc chip CCCD (khớp với hồ sơ) hoặc xác nhận đã đối chiếu giấy tờ trước khi cấp chữ ký số.',
  },
  DK_ERR_REMOTE_UNAVAILABLE: {
    status: 503,
    en: 'The remote-signing provider is unreachable',
    vi: 'Không kết nối được nhà cung cấp ký số từ xa. Vui lòng thử lại sau ít phút; hồ sơ vẫn được giữ.',
  },
  DK_ERR_REMOTE_ALREADY_REGISTERED: {
    status: 409,
    en: 'The provider already has an active remote-signing account for this ID number',
    vi: 'Số định danh này đã có tài khoản ký số từ xa đang hoạt động tại nhà cung cấp. Hướng dẫn công dân đăng nhập ứng dụng của nhà cung cấp, hoặc hủy hồ sơ.',
  },
  DK_ERR_REMOTE_ACTIVATION_EXPIRED: {
    status: 410,
    en: 'The remote-signing activation expired before the citizen confirmed it',
    vi: 'Mã kích hoạt đã hết hạn. Vui lòng gửi lại yêu cầu để nhận mã mới.',
  },
  DK_ERR_REMOTE_ACTIVATION_UNKNOWN: {
    status: 404,
    en: 'The provider knows no activation with this id',
    vi: 'Nhà cung cấp không tìm thấy yêu cầu kích hoạt này. Vui lòng gửi lại yêu cầu.',
  },
  DK_ERR_REMOTE_NOT_REMOTE_CHANNEL: {
    status: 409,
    en: 'The registration is not for remote signing',
    vi: 'Hồ sơ này không đăng ký ký số từ xa.',
  },
});
