import type { ReceiptPrintJob } from '@dangky/core/agent';

/** An issuance receipt as the counter sends it: Vietnamese throughout, the ID number only masked. */
export const sampleReceipt: ReceiptPrintJob = {
  siteName: 'UBND phường Bến Nghé',
  heading: 'BIÊN NHẬN CẤP CHỮ KÝ SỐ',
  fields: [
    { label: 'Chủ thể', value: 'Nguyễn Thị Ánh Tuyết' },
    { label: 'Số định danh', value: '079******345' },
    { label: 'Số sê-ri chứng thư', value: '5f3a9c0e11d24b7a8e6f0c1d2b3a4958' },
    { label: 'Hiệu lực', value: '22/11/2026 – 22/11/2027' },
    { label: 'Nhà cung cấp', value: 'VNPT SmartCA' },
  ],
  howTo: ['Cắm token vào máy tính có cài phần mềm của nhà cung cấp.', 'Đăng nhập Cổng Dịch vụ công quốc gia bằng token.'],
  printedAtText: '22/11/2026 09:58',
  language: 'vi',
};
