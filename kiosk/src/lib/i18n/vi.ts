/**
 * Vietnamese, the default language: plain words, one idea per sentence, for citizens who may
 * be using a touch screen for the first time. Error messages come from the core registry (see
 * `error-messages.ts`, loaded with the flow), so the server's codes and the kiosk's wording
 * cannot drift apart; `en.ts` has the same keys (checked by i18n.test.ts).
 */
export const vi = {
  app: {
    title: 'Đăng ký chữ ký số và định danh điện tử',
    language: 'English',
    languageLabel: 'Chuyển sang tiếng Anh',
    unpaired: 'Máy chưa được ghép nối. Vui lòng báo cán bộ.',
    paired: 'Đã ghép nối máy với {site}.',
    loading: 'Đang tải…',
  },
  welcome: {
    heading: 'Xin chào!',
    lead: 'Đăng ký miễn phí chữ ký số cá nhân hoặc tài khoản định danh điện tử mức 2.',
    start: 'Chạm để bắt đầu',
    steps: 'Chỉ mất vài phút. Bạn cần mang theo căn cước công dân.',
  },
  nav: {
    back: 'Quay lại',
    next: 'Tiếp tục',
    cancel: 'Huỷ, làm lại từ đầu',
    step: 'Bước {n} / {total}',
  },
  service: {
    heading: 'Bạn muốn đăng ký dịch vụ nào?',
    signature: 'Chữ ký số cá nhân miễn phí',
    signatureHint: 'Ký văn bản điện tử, đăng nhập Cổng dịch vụ công. Miễn phí 1 năm.',
    eid: 'Định danh điện tử mức 2 (VNeID)',
    eidHint: 'Tài khoản VNeID mức 2 để làm thủ tục trực tuyến.',
  },
  provider: {
    heading: 'Chọn cách dùng và nhà cung cấp',
    channel: 'Cách dùng chữ ký số',
    remote: 'Ký từ xa trên điện thoại',
    remoteHint: 'Không cần thiết bị, ký bằng ứng dụng của nhà cung cấp.',
    token: 'USB token',
    tokenHint: 'Thiết bị USB cắm vào máy tính, nhận ngay tại quầy.',
    providers: 'Nhà cung cấp',
    none: 'Chưa có danh sách nhà cung cấp. Vui lòng báo cán bộ.',
  },
  identity: {
    heading: 'Thông tin trên căn cước công dân',
    hint: 'Nhập đúng như trên thẻ căn cước.',
    idNumber: 'Số định danh cá nhân (12 số)',
    fullName: 'Họ và tên (có dấu)',
    birthDate: 'Ngày sinh',
    day: 'Ngày',
    month: 'Tháng',
    year: 'Năm',
    sex: 'Giới tính',
    male: 'Nam',
    female: 'Nữ',
    address: 'Nơi thường trú',
  },
  contact: {
    heading: 'Số điện thoại liên hệ',
    phone: 'Số điện thoại di động',
    phoneHint: 'Nhà cung cấp sẽ gửi tin nhắn đến số này.',
    email: 'Email (không bắt buộc)',
  },
  consent: {
    heading: 'Đồng ý xử lý dữ liệu cá nhân',
    text: 'Tôi đồng ý để điểm đăng ký thu thập và xử lý họ tên, số định danh, ngày sinh, giới tính, nơi thường trú, số điện thoại và email của tôi để đăng ký dịch vụ đã chọn, theo Nghị định 13/2023/NĐ-CP và Luật Bảo vệ dữ liệu cá nhân.',
    transfer: 'Tôi đồng ý để các thông tin này được chuyển cho nhà cung cấp {provider} để cấp chứng thư số.',
    eid: 'Thông tin được chuyển cho cán bộ Công an để xét duyệt tài khoản định danh điện tử.',
    retention: 'Dữ liệu được mã hoá trên máy này và xoá khỏi máy sau khi đồng bộ.',
    agree: 'Tôi đồng ý',
    decline: 'Tôi không đồng ý',
  },
  summary: {
    heading: 'Kiểm tra lại thông tin',
    service: 'Dịch vụ',
    confirm: 'Xác nhận và lấy số thứ tự',
    busy: 'Đang lưu…',
    edit: 'Sửa',
  },
  ticket: {
    heading: 'Số thứ tự của bạn',
    wait: 'Vui lòng chờ gọi số tại quầy.',
    bring: 'Mang theo căn cước công dân khi lên quầy.',
    printing: 'Đang in vé…',
    printed: 'Đã in vé. Vui lòng lấy vé.',
    printFailed: 'Không in được vé. Vui lòng ghi nhớ số thứ tự.',
    retry: 'In lại',
    done: 'Xong',
    issuedAt: 'Thời gian',
  },
  idle: {
    heading: 'Bạn còn ở đây không?',
    body: 'Để bảo vệ thông tin của bạn, màn hình sẽ tự xoá sau ít giây.',
    continue: 'Tôi vẫn ở đây',
  },
  services: {
    signature: 'Chữ ký số – {channel} ({provider})',
    eid: 'Định danh điện tử mức 2',
    remote: 'ký từ xa',
    token: 'USB token',
  },
  sync: {
    indicator: '{pending} đang chờ đồng bộ · lần cuối {time}',
    never: 'chưa',
    offline: 'Mất kết nối',
  },
  print: {
    line1: 'Vui lòng chờ gọi số tại quầy.',
    line2: 'Mang theo căn cước công dân.',
  },
  errors: {
    heading: 'Có lỗi xảy ra',
    dismiss: 'Đóng',
  },
};
