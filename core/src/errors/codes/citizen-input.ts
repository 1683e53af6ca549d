import { defineCodes } from '../define.ts';

/** Field errors shown to a citizen at the kiosk, next to the field. */
export const citizenInputCodes = defineCodes({
  DK_ERR_ID_NUMBER_FORMAT: { status: 400, en: 'ID number must be exactly 12 digits', vi: 'Số định danh cá nhân phải gồm đúng 12 chữ số.' },
  DK_ERR_NAME_REQUIRED: { status: 400, en: 'Full name is required', vi: 'Vui lòng nhập họ và tên.' },
  DK_ERR_NAME_INVALID: {
    status: 400,
    en: 'Full name contains characters that are not letters',
    vi: 'Họ và tên chỉ gồm chữ cái và dấu cách.',
  },
  DK_ERR_DATE_INVALID: { status: 400, en: 'Not a valid calendar date', vi: 'Ngày không hợp lệ. Vui lòng nhập theo dạng ngày/tháng/năm.' },
  DK_ERR_BIRTH_DATE_RANGE: { status: 400, en: 'Birth date is in the future or implausibly old', vi: 'Ngày sinh không hợp lệ.' },
  DK_ERR_SEX_REQUIRED: { status: 400, en: 'Sex is required', vi: 'Vui lòng chọn giới tính.' },
  DK_ERR_TEXT_UNSTORABLE: {
    status: 400,
    en: 'This field holds a character that cannot be saved (hidden or damaged, often from pasting: a NUL or half a surrogate pair). Please delete it and type again.',
    vi: 'Ô này có ký tự không hợp lệ (ký tự ẩn hoặc bị lỗi, thường do dán từ nơi khác). Vui lòng xoá và nhập lại.',
  },
  DK_ERR_ADDRESS_REQUIRED: { status: 400, en: 'Address is required', vi: 'Vui lòng nhập nơi thường trú.' },
  DK_ERR_PHONE_INVALID: {
    status: 400,
    en: 'Not a Vietnamese mobile number',
    vi: 'Số điện thoại di động không hợp lệ (10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09).',
  },
  DK_ERR_EMAIL_INVALID: { status: 400, en: 'Not a valid e-mail address', vi: 'Địa chỉ email không hợp lệ.' },
  DK_ERR_CONSENT_REQUIRED: {
    status: 400,
    en: 'Explicit consent is required',
    vi: 'Bạn cần đồng ý cho phép xử lý dữ liệu cá nhân để tiếp tục.',
  },
  DK_ERR_CANCEL_REASON_REQUIRED: { status: 400, en: 'A cancellation needs a reason', vi: 'Vui lòng chọn lý do huỷ.' },
  DK_ERR_TOKEN_SERIAL_INVALID: { status: 400, en: 'Token serial must be 4–32 letters or digits', vi: 'Số sê-ri token không hợp lệ.' },
});
