import { defineCodes } from '../define.ts';

/** Why the server rejects one event of a push (the rest of the batch is unaffected). */
export const eventCodes = defineCodes({
  DK_ERR_EVENT_INVALID: { status: 422, en: 'The event does not match its schema', vi: 'Sự kiện không hợp lệ.' },
  DK_ERR_EVENT_DEVICE_MISMATCH: {
    status: 422,
    en: 'The event names a different device than the one that sent it',
    vi: 'Sự kiện không thuộc thiết bị gửi.',
  },
  DK_ERR_EVENT_SEQUENCE_CONFLICT: {
    status: 422,
    en: 'Another event already holds this device sequence number',
    vi: 'Số thứ tự sự kiện bị trùng.',
  },
  DK_ERR_EVENT_ID_CONFLICT: {
    status: 409,
    en: 'An event with this id was already stored with a different content',
    vi: 'Mã sự kiện này đã được dùng cho một sự kiện có nội dung khác.',
  },
  DK_ERR_EVENT_TIME_OUT_OF_RANGE: {
    status: 422,
    en: "The event's time is too far from the server's clock (check the device's clock)",
    vi: 'Thời điểm ghi trên sự kiện lệch quá xa so với đồng hồ máy chủ. Vui lòng kiểm tra đồng hồ của thiết bị.',
  },
  DK_ERR_KIOSK_TIME_RANGE: {
    status: 422,
    en: 'The time spent at the kiosk is not a whole number of seconds between 0 and one hour',
    vi: 'Thời gian đăng ký tại ki-ốt không hợp lệ.',
  },
  DK_ERR_EVENT_UNSTORABLE: {
    status: 422,
    en: 'The database refused to store this event',
    vi: 'Máy chủ không lưu được sự kiện này.',
  },
  DK_ERR_UNKNOWN_REGISTRATION: {
    status: 422,
    en: 'The event refers to a registration the server does not know',
    vi: 'Không tìm thấy hồ sơ đăng ký.',
  },
  DK_ERR_ILLEGAL_TRANSITION: {
    status: 409,
    en: 'The registration is not in a state that allows this event',
    vi: 'Hồ sơ đang ở trạng thái không cho phép thao tác này.',
  },
  DK_ERR_WRONG_SITE: { status: 422, en: 'The registration belongs to another site', vi: 'Hồ sơ thuộc điểm đăng ký khác.' },
  DK_ERR_UNKNOWN_OPERATOR: { status: 422, en: 'The operator is not staff of this site', vi: 'Cán bộ không thuộc điểm đăng ký này.' },
  DK_ERR_DEVICE_KIND_FORBIDDEN: {
    status: 403,
    en: 'This kind of device may not record or read this',
    vi: 'Loại thiết bị này không được phép thực hiện thao tác này.',
  },
  DK_ERR_OPERATOR_ROLE: {
    status: 403,
    en: "The operator's role may not record this action",
    vi: 'Vai trò của cán bộ không được phép thực hiện thao tác này.',
  },
  DK_ERR_OPERATOR_NOT_SIGNED_IN: {
    status: 403,
    en: 'The operator was not signed in on this device when the action was recorded',
    vi: 'Cán bộ thực hiện không đăng nhập trên máy này vào lúc thao tác.',
  },
  DK_ERR_PULL_NEEDS_STAFF: {
    status: 403,
    en: "A counter pulls its site's queue only while a staff member of the site is signed in on it",
    vi: 'Máy quầy chỉ tải danh sách chờ khi có cán bộ của điểm đăng ký đăng nhập trên máy.',
  },
  DK_ERR_UNKNOWN_PROVIDER: {
    status: 422,
    en: 'The provider or channel is not in the catalogue',
    vi: 'Nhà cung cấp hoặc hình thức không có trong danh mục.',
  },
  DK_ERR_DUPLICATE_TICKET: {
    status: 409,
    en: 'The ticket number is already used at this site today',
    vi: 'Số thứ tự đã được dùng hôm nay.',
  },
});
