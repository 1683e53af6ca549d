import { defineCodes } from '../define.ts';

/**
 * Why a gate that protects citizens refuses (core/src/gates): a signature goes only to the right
 * person, once, and only to someone entitled to it. The same codes come from the counter's gate
 * panel (before the clerk acts) and from the server's push (an event it will not store), so a
 * clerk reads the same Vietnamese sentence either way. Each message says what to do next.
 */
export const gateCodes = defineCodes({
  DK_ERR_IDENTITY_CHIP_MISMATCH: {
    status: 409,
    en: 'A chip whose passive authentication passed contradicts the registration (ID number, name or birth date)',
    vi: 'Chip CCCD đã xác thực KHÔNG khớp với đăng ký (số định danh, họ tên hoặc ngày sinh). Không được cấp: hãy sửa đăng ký theo chip, hoặc huỷ với lý do “nhân thân không khớp”.',
  },
  DK_ERR_IDENTITY_CHIP_REREAD: {
    status: 409,
    en: 'The registration was changed by hand after the verified chip read; the chip must be read again',
    vi: 'Đăng ký đã được sửa tay sau lần đọc chip. Vui lòng đọc lại chip CCCD để đối chiếu.',
  },
  DK_ERR_IDENTITY_APPROVAL_REQUIRED: {
    status: 409,
    en: 'An unverified or failed chip disagrees with the registration: a site manager must approve with a written reason',
    vi: 'Chip chưa xác thực được (hoặc xác thực lỗi) và không khớp với đăng ký. Cần cán bộ quản lý điểm phê duyệt, ghi rõ lý do, trước khi cấp.',
  },
  DK_ERR_IDENTITY_CHECK_UNSUPPORTED: {
    status: 422,
    en: 'The identity check the event claims is not backed by the recorded chip read or registration',
    vi: 'Cách xác minh danh tính được ghi không khớp với kết quả đọc chip đã lưu. Vui lòng xác minh lại.',
  },
  DK_ERR_CARE_HOLDER_UNCONFIRMED: {
    status: 409,
    en: 'Unblocking a PIN or revoking a certificate needs the holder identified now (chip or documents), or an authority’s written request for a revocation',
    vi: 'Cần xác minh người giữ token ngay tại quầy (đọc chip hoặc đối chiếu giấy tờ) trước khi mở khoá hoặc thu hồi; thu hồi theo yêu cầu của cơ quan có thẩm quyền thì ghi rõ cơ quan và số văn bản.',
  },
  DK_ERR_CERTIFICATE_ALREADY_HELD: {
    status: 409,
    en: 'The citizen already holds an active free certificate of this programme',
    vi: 'Công dân đã có chứng thư số miễn phí đang hoạt động. Mỗi người chỉ được cấp một chứng thư miễn phí; nếu token bị mất hoặc hỏng, hãy thu hồi chứng thư cũ trước rồi cấp lại.',
  },
  DK_ERR_ELIGIBILITY_SIGNATURE_AGE: {
    status: 422,
    en: 'A personal digital signature needs full civil capacity: 18 years or older',
    vi: 'Chữ ký số cá nhân chỉ cấp cho người từ đủ 18 tuổi (có năng lực hành vi dân sự đầy đủ).',
  },
  DK_ERR_ELIGIBILITY_EID_GUARDIAN: {
    status: 422,
    en: 'e-ID level 2 for a citizen under 14 goes through a parent or guardian, not in person on their own',
    vi: 'Người dưới 14 tuổi đăng ký định danh điện tử mức 2 thông qua cha, mẹ hoặc người giám hộ. Vui lòng đến cùng người đại diện tại Công an cấp xã.',
  },
  DK_ERR_ELIGIBILITY_EID_AGE: {
    status: 422,
    en: 'e-ID level 2 is not issued below the minimum age (level 1 only, through a representative)',
    vi: 'Trẻ dưới 6 tuổi chưa được cấp định danh điện tử mức 2; cha, mẹ hoặc người giám hộ có thể đăng ký mức 1 trên ứng dụng VNeID.',
  },
  DK_ERR_ISSUANCE_CARD_EXPIRED: {
    status: 422,
    en: 'The citizen’s ID card has expired: no issuance on an expired card',
    vi: 'Thẻ căn cước của công dân đã hết hạn nên không cấp được. Công dân cần làm thủ tục cấp đổi thẻ trước.',
  },
  DK_ERR_CANCEL_TOO_EARLY: {
    status: 409,
    en: 'A "citizen left" cancellation needs a no-show whose grace period has passed, or an explicit confirmation',
    vi: 'Chưa hết thời gian chờ công dân quay lại. Hãy gọi lại, đưa về hàng chờ, hoặc xác nhận huỷ.',
  },
  DK_ERR_APPROVAL_NOT_MANAGER: {
    status: 403,
    en: 'Only a manager of the registration’s site may approve an identity mismatch',
    vi: 'Chỉ cán bộ quản lý của điểm đăng ký này mới được phê duyệt.',
  },
  DK_ERR_APPROVAL_UNKNOWN: {
    status: 422,
    en: 'No approval the manager made on the server matches this event',
    vi: 'Không tìm thấy phê duyệt của cán bộ quản lý cho hồ sơ này.',
  },
  DK_ERR_APPROVAL_NOT_NEEDED: {
    status: 409,
    en: 'There is no unverified chip mismatch on this registration to approve',
    vi: 'Hồ sơ này không có sai khác với chip cần phê duyệt.',
  },
  DK_ERR_APPROVAL_REASON_REQUIRED: {
    status: 400,
    en: 'An approval needs a written reason (at least 10 characters)',
    vi: 'Vui lòng ghi lý do phê duyệt (ít nhất 10 ký tự).',
  },
  DK_ERR_CORRECTION_CONTRADICTS_CHIP: {
    status: 409,
    en: 'A typed correction may not change the ID number, name or birth date a verified chip holds',
    vi: 'Không được sửa tay số định danh, họ tên hoặc ngày sinh đã có trên chip CCCD đã xác thực. Hãy sửa đăng ký theo chip (đọc chip tại quầy).',
  },
  DK_ERR_CORRECTION_NOTE_REQUIRED: {
    status: 400,
    en: 'A correction for another reason needs a note saying which',
    vi: 'Vui lòng ghi rõ lý do sửa.',
  },
  DK_ERR_CORRECTION_EMPTY: {
    status: 400,
    en: 'A correction must change at least one field',
    vi: 'Chưa có trường nào được sửa.',
  },
  DK_ERR_EID_REFUSAL_REASON_REQUIRED: {
    status: 400,
    en: 'A refused e-ID level 2 result needs the officer’s reason',
    vi: 'Vui lòng ghi lý do cán bộ Công an từ chối.',
  },
  DK_ERR_OFFICER_REFERENCE_REQUIRED: {
    status: 400,
    en: 'The officer’s reference number is required',
    vi: 'Vui lòng nhập số tham chiếu (số biên nhận) của cán bộ Công an.',
  },
});
