import { defineCodes } from '../define.ts';
import { plainVi } from '../device-problems.ts';

/**
 * Reading the printed side of the citizen card (BRIEF §1.1–1.3): the QR payload, the TD1 MRZ,
 * the 12-digit number's structure, and the cross-check of those sources. The parsers throw the
 * `*_FORMAT` / `*_TOO_LONG` codes; the others are finding codes shown to staff (their severity is
 * set by the cross-check, not here), so the apps translate them from this one registry.
 */
export const idCardCodes = defineCodes({
  DK_ERR_ID_INPUT_TOO_LONG: {
    status: 413,
    en: 'The scanned card text is longer than any card carries',
    vi: plainVi('DK_ERR_ID_INPUT_TOO_LONG'),
  },
  DK_ERR_QR_FORMAT: {
    status: 422,
    en: 'The QR code is not a citizen card QR payload',
    vi: plainVi('DK_ERR_QR_FORMAT'),
  },
  DK_ERR_MRZ_FORMAT: {
    status: 422,
    en: 'The text is not a TD1 machine-readable zone (3 lines of 30 characters)',
    vi: plainVi('DK_ERR_MRZ_FORMAT'),
  },
  DK_ERR_MRZ_CHECK_DIGIT: {
    status: 422,
    en: 'An MRZ check digit does not match its field',
    vi: plainVi('DK_ERR_MRZ_CHECK_DIGIT'),
  },
  DK_ERR_MRZ_FIELD_INVALID: {
    status: 422,
    en: 'An MRZ field is not a valid date, sex or number',
    vi: plainVi('DK_ERR_MRZ_FIELD_INVALID'),
  },
  DK_ERR_MRZ_NOT_CITIZEN_CARD: {
    status: 422,
    en: 'The back of the card read by the camera is not a Vietnamese citizen card (document code or issuing state)',
    vi: plainVi('DK_ERR_MRZ_NOT_CITIZEN_CARD'),
  },
  DK_ERR_CAMERA_UNAVAILABLE: {
    status: 503,
    en: 'The kiosk camera (or the text recogniser behind it) could not be started',
    vi: plainVi('DK_ERR_CAMERA_UNAVAILABLE'),
  },
  DK_ERR_MRZ_CORRECTED: {
    status: 422,
    en: 'An MRZ character was corrected because a check digit proves it',
    vi: 'Một ký tự trong dòng mã đã được sửa theo chữ số kiểm tra.',
  },
  DK_ERR_ID_NUMBER_PROVINCE: {
    status: 422,
    en: 'The ID number does not start with a known province-of-registration code',
    vi: 'Mã tỉnh trong số định danh không như thường lệ. Cán bộ vui lòng kiểm tra.',
  },
  DK_ERR_ID_NUMBER_BIRTH_YEAR: {
    status: 422,
    en: 'The ID number does not encode the birth year on the card',
    vi: 'Năm sinh trong số định danh khác năm sinh trên thẻ. Cán bộ vui lòng kiểm tra.',
  },
  DK_ERR_ID_NUMBER_SEX: {
    status: 422,
    en: 'The ID number does not encode the sex on the card',
    vi: 'Giới tính trong số định danh khác giới tính trên thẻ. Cán bộ vui lòng kiểm tra.',
  },
  DK_ERR_ID_SOURCES_DISAGREE: {
    status: 409,
    en: 'Two readings of the card (QR, MRZ, typed entry) disagree on a field',
    vi: 'Thông tin đọc từ thẻ không khớp nhau. Cán bộ vui lòng kiểm tra.',
  },
  DK_ERR_ID_CARD_EXPIRED: { status: 422, en: 'The card has expired', vi: 'Thẻ căn cước đã hết hạn.' },
  DK_ERR_ID_BIRTH_DATE_FUTURE: {
    status: 422,
    en: 'The birth date read from the card is in the future',
    vi: 'Ngày sinh đọc từ thẻ không hợp lệ.',
  },
  DK_ERR_ID_CHIP_NOT_VERIFIED: {
    status: 422,
    en: 'The chip was read but its data could not be verified against the trust list (passive authentication)',
    vi: 'Chưa xác thực được dữ liệu chip theo danh sách tin cậy. Cán bộ vui lòng kiểm tra thẻ.',
  },
  DK_ERR_ID_CHIP_FAILED: {
    status: 422,
    en: 'The chip data failed passive authentication (signature or hash mismatch)',
    vi: 'Dữ liệu chip không qua được xác thực. Cán bộ vui lòng kiểm tra thẻ.',
  },
});
