import { defineCodes } from '../define.ts';
import { plainVi } from '../device-problems.ts';

/** Boundary, auth and server errors shared by every process. */
export const commonCodes = defineCodes({
  DK_ERR_VALIDATION: { status: 400, en: 'The request body does not match the schema', vi: 'Dữ liệu gửi lên không hợp lệ.' },
  DK_ERR_MALFORMED_JSON: { status: 400, en: 'The request body is not valid JSON', vi: 'Dữ liệu gửi lên bị hỏng.' },
  DK_ERR_BODY_TOO_LARGE: { status: 413, en: 'The request body is larger than the limit', vi: 'Dữ liệu gửi lên quá lớn.' },
  DK_ERR_UNSUPPORTED_MEDIA: { status: 415, en: 'The request must be application/json', vi: 'Định dạng dữ liệu không được hỗ trợ.' },
  DK_ERR_NOT_FOUND: { status: 404, en: 'No such resource', vi: 'Không tìm thấy.' },
  DK_ERR_DEVICE_UNAUTHENTICATED: {
    status: 401,
    en: 'Unknown device or wrong device secret',
    vi: 'Thiết bị chưa được đăng ký với máy chủ.',
  },
  DK_ERR_STAFF_UNAUTHENTICATED: {
    status: 401,
    en: 'Not signed in, or the session has expired',
    vi: 'Bạn chưa đăng nhập hoặc phiên đã hết hạn.',
  },
  DK_ERR_BAD_CREDENTIALS: { status: 401, en: 'Wrong user name or password', vi: 'Sai tên đăng nhập hoặc mật khẩu.' },
  DK_ERR_FORBIDDEN: { status: 403, en: 'This role may not see or do this', vi: 'Bạn không có quyền thực hiện thao tác này.' },
  DK_ERR_INVALID_CURSOR: { status: 400, en: 'The sync cursor is not one this server issued', vi: 'Mốc đồng bộ không hợp lệ.' },
  DK_ERR_INVALID_RANGE: { status: 400, en: 'The date range is invalid or too long', vi: 'Khoảng ngày không hợp lệ.' },
  DK_ERR_INTERNAL: { status: 500, en: 'Unexpected server error', vi: 'Hệ thống gặp sự cố. Vui lòng thử lại sau.' },
  DK_ERR_NETWORK: {
    status: 503,
    en: 'The server could not be reached',
    vi: plainVi('DK_ERR_NETWORK'),
  },
  DK_ERR_SERVER_BUSY: {
    status: 503,
    en: 'The server is at its capacity and sheds this request; retry after the retry-after header',
    vi: plainVi('DK_ERR_SERVER_BUSY'),
  },
  DK_ERR_STORED_ROW_INVALID: { status: 500, en: 'A stored row does not match its schema', vi: 'Dữ liệu lưu trên máy bị lỗi.' },
});
