import { defineCodes } from '../define.ts';

/**
 * The offline hand-off: a counter opening the registration sealed in a printed ticket's QR, with
 * no server to ask. Each refusal says what the clerk can do about it.
 */
export const handoffCodes = defineCodes({
  DK_ERR_HANDOFF_MALFORMED: {
    status: 400,
    en: 'The scanned code is not a readable registration ticket',
    vi: 'Mã vừa quét không phải mã QR trên phiếu đăng ký, hoặc bị in mờ. Hãy quét lại mã QR trên phiếu.',
  },
  DK_ERR_HANDOFF_VERSION: {
    status: 400,
    en: 'The ticket was sealed in a format this counter does not know',
    vi: 'Phiếu được in theo định dạng mà quầy này chưa hỗ trợ. Hãy cập nhật quầy hoặc tìm đăng ký khi có mạng.',
  },
  DK_ERR_HANDOFF_OTHER_SITE: {
    status: 403,
    en: 'The ticket is sealed for another site (or with a key this counter no longer holds)',
    vi: 'Phiếu này được cấp tại điểm đăng ký khác nên quầy này không mở được. Mời công dân đăng ký lại tại ki-ốt của điểm này.',
  },
  DK_ERR_HANDOFF_TAMPERED: {
    status: 400,
    en: 'The ticket failed its integrity check: it was altered or damaged after printing',
    vi: 'Mã QR trên phiếu đã bị thay đổi hoặc hư hỏng nên không thể tin cậy. Mời công dân đăng ký lại tại ki-ốt.',
  },
  DK_ERR_HANDOFF_EXPIRED: {
    status: 410,
    en: 'The ticket is from an earlier day and is no longer valid',
    vi: 'Phiếu này đã hết hạn (phiếu chỉ dùng trong ngày được cấp). Mời công dân đăng ký lại tại ki-ốt.',
  },
  DK_ERR_HANDOFF_NO_KEY: {
    status: 409,
    en: 'This counter holds no site key yet, so it cannot open tickets offline',
    vi: 'Quầy chưa nhận khóa của điểm đăng ký nên chưa mở được phiếu khi mất mạng. Hãy kết nối máy chủ một lần để nhận khóa.',
  },
});
