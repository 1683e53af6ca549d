/**
 * Vietnamese, the default language: plain words, one idea per sentence, for citizens who may
 * be using a touch screen for the first time. This file holds only the welcome screen's texts;
 * the flow's are in `vi-flow.ts` and error messages come from the core registry, both added by
 * `flow-messages.ts` when the flow loads. `en.ts` has the same keys (checked by i18n.test.ts).
 */
export const vi = {
  app: {
    title: 'Đăng ký chữ ký số và định danh điện tử',
    language: 'English',
    languageLabel: 'English — chuyển sang tiếng Anh',
    unpaired: 'Máy chưa được ghép nối. Vui lòng báo cán bộ.',
    paired: 'Đã ghép nối máy với {site}.',
    loading: 'Đang tải…',
    largeText: 'Chữ to',
    highContrast: 'Tương phản cao',
    displayLabel: 'Cách hiển thị',
    help: 'Hướng dẫn',
  },
  revoked: {
    heading: 'Máy này không còn được ghép nối với hệ thống.',
    body: 'Máy tạm ngừng nhận đăng ký. Vui lòng báo cán bộ.',
    kept: 'Máy còn {count} dữ liệu chưa gửi: số lượng đã được báo về hệ thống, dữ liệu cá nhân đã được xoá khỏi máy.',
  },
  booth: {
    days: 'Gian hàng hoạt động từ ngày {first} đến ngày {last}.',
  },
  welcome: {
    heading: 'Xin chào!',
    lead: 'Đăng ký miễn phí chữ ký số cá nhân hoặc tài khoản định danh điện tử mức 2.',
    start: 'Chạm để bắt đầu',
    steps: 'Chỉ mất vài phút. Bạn cần mang theo căn cước công dân.',
  },
  devices: {
    printer: 'Máy in',
    'nfc-reader': 'Đầu đọc chip',
    'qr-scanner': 'Máy quét QR',
    'token-slot': 'Khe token',
    camera: 'Camera',
    'headset-jack': 'Giắc tai nghe',
    state: { ready: 'sẵn sàng', busy: 'đang dùng', offline: 'mất kết nối', error: 'lỗi' },
  },
  sync: {
    indicator: '{pending} đang chờ đồng bộ · lần cuối {time}',
    never: 'chưa',
    offline: 'Mất kết nối',
  },
  errors: {
    heading: 'Có lỗi xảy ra',
    dismiss: 'Đóng',
  },
};
