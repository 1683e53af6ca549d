import type { TicketPrintJob } from '@dangky/core/agent';

/** The ticket `dangky-hw printer test` prints and the tests use: every kind of Vietnamese letter a real one carries. */
export const sampleTicket: TicketPrintJob = {
  ticketNumber: 'A-012',
  siteName: 'UBND phường Bến Nghé',
  serviceLabel: 'Chữ ký số – USB token (VNPT SmartCA)',
  issuedAtText: '22/11/2026 09:41',
  lines: ['Vui lòng chờ gọi số', 'Quầy sẽ hiển thị trên màn hình'],
  qrPayload: 'https://dangky.example/r/01JD3K7Q2M8X',
  language: 'vi',
};
