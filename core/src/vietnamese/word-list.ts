/**
 * Test data: Vietnamese words a kiosk is asked to type — family, middle and given names, the
 * words of addresses (units, streets, places), and everyday words chosen to reach every vowel
 * cluster, ending and tone (including the rare `khuỷu`, `ngoẹo`, `thuở`, `hươu`, `khuya`).
 * Written for this project in the spelling of Decision 1989/QĐ-BGDĐT (`hoà`, `thuỷ`).
 * The Telex round-trip test types every syllable here.
 */
export const NAME_WORDS = `
Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đoàn Vương Trịnh
Trương Lâm Phùng Mai Tô Hà Tạ Cao Lương Quách Thái Châu Kiều Tăng Lưu La Đinh Lục Mạc Khúc Văn
Kim Triệu Chu Giang Âu Thân Ông Doãn Diệp Hứa Tôn Quan Lại Nghiêm Khổng Thạch Từ Hầu Khương
Khổng Bạch Bế Nông Hoàng Lò Quàng Sầm Ma Hứa Mẫn Giáp Ninh Tống Viên Thiều Ứng Ưng Yên Ôn Âu
Văn Thị Hữu Đức Minh Thanh Ngọc Quang Công Xuân Thu Kim Bảo Gia Anh Quốc Hoài Thế Đình Trọng
Phước Phúc Khắc Tấn Duy Nhật Thuỳ Diệu Mỹ Bích Hồng Tường Vĩnh Thiên Như Cẩm Tố Tuyết Thảo
An Ánh Bình Chi Cường Dũng Dung Đạt Giang Hải Hạnh Hằng Hiền Hiếu Hoa Hoà Hồng Huệ Hùng Hưng
Hương Hường Huy Huyền Khánh Khoa Khôi Kiên Lan Linh Loan Long Lộc Lợi Mai My Nam Nga Ngân
Nghĩa Nguyên Nhân Nhung Oanh Phát Phong Phương Quân Quế Quỳnh Sang Sơn Tài Tâm Tân Thắng Thành
Thịnh Thoa Thuận Thuỷ Thuý Thư Tiến Toàn Trang Trí Trinh Trung Tú Tuấn Tùng Uyên Vân Vinh Việt
Yến Hậu Luân Khải Lực Mạnh Nhàn Oánh Quyên Quyết Quý Sáng Thái Thoả Thục Toản Tuệ Tuyển Uyển
Vỹ Xoan Yên Ẩn Đan Điệp Hiệp Khuê Lệ Lễ Nhi Nhiên Nhẫn Phượng Quyền Soạn Tạo Thiện Thoại Tuyên
Cúc Đào Huệ Lài Lựu Mận Sen Trúc Tùng Bách Hoè Kha Khuyên Loát Ngoạn Ngữ Quảng Thướng Ửng Yểu
Nhạn Oai Khuê Dậu Mão Thìn Tỵ Ngọ Mùi Thân Dần Sửu Hợi Tuất Tý Giáp Ất Bính Đinh Mậu Kỷ Canh
Tân Nhâm Quý Bảy Tám Chín Mười Hai Ba Tư Năm Sáu Út Bé Cả Thơm Gấm Nụ Hến Tí Tèo Bờm
`;

export const ADDRESS_WORDS = `
Số Nhà Đường Phố Ngõ Ngách Hẻm Kiệt Tổ Khu Ấp Thôn Xóm Bản Làng Buôn Sóc Phum Xã Phường Đặc
Quận Huyện Thị Tỉnh Thành Trấn Đảo Thủ Đô Hà Nội Hồ Chí Minh Đà Nẵng Hải Phòng Cần Thơ Huế
Khánh Hoà Bình Dương Đồng Nai Lâm Đồng Tháp Lạng Cao Bằng Quảng Ninh Ngãi Trị Nghệ An Tĩnh
Thanh Hoá Hưng Yên Bắc Giang Thái Nguyên Tuyên Quang Lào Cai Điện Biên Lai Châu Sơn La Phú Thọ
Gia Lai Đắk Lắk Kon Tum Vĩnh Long Cà Mau Kiên An Giang Tây Tiền Sóc Trăng Bạc Liêu Bến Tre
Vũng Tàu Rịa Bà Nha Trang Quy Nhơn Pleiku Buôn Ma Thuột Đông Hoà Lộc Thuận Tân Phú Mỹ Tho
Sài Gòn Cầu Giấy Hoàn Kiếm Ba Đình Tây Hồ Long Biên Thủ Đức Gò Vấp Chợ Lớn Bàn Cờ Xuyên Mộc
Tràng Tiền Hàng Bạc Hàng Buồm Hàng Ngang Hàng Đào Nguyễn Huệ Lê Lợi Hai Bà Trưng Lý Thường
Kiệt Điện Biên Phủ Cách Mạng Tháng Tám Võ Thị Sáu Nam Kỳ Khởi Nghĩa Trần Hưng Đạo
Hàm Nghi Tôn Đức Thắng Lạc Long Quân Âu Cơ Phạm Ngũ Lão Đề Thám Bùi Viện Cống Quỳnh Hoa Lư
Láng Hạ Giảng Võ Kim Mã Đội Cấn Hoàng Quốc Việt Xuân Thuỷ Trường Chinh Giải Phóng Khuất Duy
Tiến Chùa Bộc Tây Sơn Thái Hà Ô Chợ Dừa Khâm Thiên Lò Đúc Huế Bạch Mai Minh Khai Kim Ngưu
Chợ Nổi Cái Răng Ninh Kiều Hậu Sông Hương Núi Ngự Bình Cửa Hữu Ngạn Tả Bờ Biển Đảo Ngọc
Lầu Tầng Căn Hộ Chung Cư Khối Dãy Lô Phòng Ký Túc Kho Chợ Trạm Bến Xe Cảng Sân Bay Ga
`;

export const EVERYDAY_WORDS = `
khuỷu khuya ngoẹo ngoáo ngoằn ngoèo thuở huơ quơ hươu rượu bướu khướu tuổi người chuyện chuyến
khuyên khuyết quyển luyện tuyệt nguyện xoáy quay quấy khuấy khuây nguây ngoáy loay hoay oai
ngoài khoai toại xoài hoài oải quái quải quai khoái thoáng hoạch hoạt loạt khoát oán hoán
khoẻ loè hoẹ toé oe xoè khoé ngoẻo chuẩn tuần xuân luật thuật khuất quất quật quần huân
tuyên thuyền duyên xuyên truyền uyển quýt huýt suýt tuýp khuynh huỳnh uỵch quỵch huých
giường giếng giặt giữ giữa gìn giúp giỏi già giá giàu giết giận giấy giày gieo giòn gì
nghe nghèo nghĩ nghỉ nghiêng nghịch nghiệp nghênh nghề ghế ghi ghép ghé ghẹ gà gỗ gương
ăn ắt ẳng ặc ấy ẩn ấm ậm ầm ê ề ể ễ ế ệ ô ồ ổ ỗ ố ộ ơ ờ ở ỡ ớ ợ ư ừ ử ữ ứ ự ý ỳ ỷ ỹ ỵ y
ai ái ài ải ãi ại ao áo ào ảo ão ạo au áu àu ảu ạu âu ấu ầu ẩu ẫu ậu ay áy ày ảy ãy ạy ây ấy
ầy ẩy ẫy ậy eo éo èo ẻo ẽo ẹo êu ếu ều ểu ễu ệu ia ía ìa ỉa ĩa ịa iu íu ìu ỉu ịu oi ói òi ỏi
õi ọi ôi ối ồi ổi ỗi ội ơi ới ời ởi ỡi ợi ua úa ùa ủa ũa ụa ui úi ùi ủi ũi ụi ưa ứa ừa ửa ữa
ựa ưi ứi ừi ửi ưu ứu ừu ửu ữu ựu iêu yêu yếu yểu hiếu hiểu liều kiệu điều tiêu nhiều biếu
uôi tuổi muối nuôi chuối cuối đuối suối ươi tươi mười người bưởi cười lười rưởi ươu hươu
rượu bướu khướu cứu hưu bưu lưu mưu sưu
bác học sách mách cạch ách ếch ịch ích xích lịch mộc cốc ngóc ọc ốc óc úc ục ực ức túc thức
lắp cắp đáp họp hộp lớp tiếp kíp ấp úp ụp rập sập tắt tất tốt một bụt mứt sút đất mặt mắt
ăm ắm ằm ẳm ẵm ặm em ém èm ẻm ẽm ẹm ang áng àng ảng ãng ạng anh ánh ành ảnh ãnh ạnh inh ính
ình ỉnh ĩnh ịnh ong óng òng ỏng õng ọng ông ống ồng ổng ỗng ộng ung úng ùng ủng ũng ụng
ưng ứng ừng ửng ững ựng êng ếng ềnh ênh ếch ệch uênh
xoong boong soóc kính chào quý khách mời bạn chạm vào màn hình chọn ngôn ngữ tiếng Việt
Anh đăng ký chữ ký số miễn phí định danh điện tử mức hai căn cước công dân thẻ giữ yên
đọc không được nhập tay nhờ cán bộ tiếp theo quay lại thay đổi đồng ý từ chối xác nhận
hướng dẫn nghe phóng to chữ tương phản cao bàn phím xoá dấu cách hoàn thành vé số thứ tự
`;

/** Every distinct syllable above (NFC). */
export const SYLLABLES: readonly string[] = [
  ...new Set(
    [NAME_WORDS, ADDRESS_WORDS, EVERYDAY_WORDS]
      .join(' ')
      .normalize('NFC')
      .split(/\s+/)
      .filter((w) => w !== '' && /^\p{L}+$/u.test(w)),
  ),
];
