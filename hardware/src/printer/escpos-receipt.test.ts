import { describe, expect, it } from 'vitest';
import { receiptPrintJob } from '@dangky/core/agent';
import { createEscPosDecoder, type DecodedTicket } from './escpos-decode.ts';
import { encodeReceipt } from './escpos-receipt.ts';
import { sampleReceipt } from './sample-receipt.ts';

/** The issuance receipt goes through the simulator's decoder as printed paper: one line per item. */

function decode(bytes: Uint8Array, chunkSize: number): DecodedTicket[] {
  const out: DecodedTicket[] = [];
  const decoder = createEscPosDecoder((ticket) => out.push(ticket));
  for (let at = 0; at < bytes.length; at += chunkSize) decoder.push(bytes.subarray(at, at + chunkSize));
  return out;
}

describe('encodeReceipt', () => {
  it('is a valid job by the protocol schema (the sample the tests print)', () => {
    expect(receiptPrintJob.parse(sampleReceipt)).toEqual(sampleReceipt);
  });

  it.each([1, 3, 7, 4096])(
    'decodes back to site, heading, one line per field and numbered how-to steps (chunks of %i bytes)',
    (chunkSize) => {
      const bytes = encodeReceipt(sampleReceipt);
      expect([...bytes.subarray(0, 5)]).toEqual([0x1b, 0x40, 0x1b, 0x74, 52]);
      expect([...bytes.subarray(-4)]).toEqual([0x1d, 0x56, 66, 48]);
      expect(decode(bytes, chunkSize)).toEqual([
        {
          lines: [
            'UBND phường Bến Nghé',
            'BIÊN NHẬN CẤP CHỮ KÝ SỐ',
            'Chủ thể: Nguyễn Thị Ánh Tuyết',
            'Số định danh: 079******345',
            'Số sê-ri chứng thư: 5f3a9c0e11d24b7a8e6f0c1d2b3a4958',
            'Hiệu lực: 22/11/2026 – 22/11/2027',
            'Nhà cung cấp: VNPT SmartCA',
            '1. Cắm token vào máy tính có cài phần mềm của nhà cung cấp.',
            '2. Đăng nhập Cổng Dịch vụ công quốc gia bằng token.',
            '22/11/2026 09:58',
          ],
          qrPayload: null,
        },
      ]);
    },
  );

  it('prints a line for the citizen to sign and the clerk who issued, by name, before the time', () => {
    const job = receiptPrintJob.parse({
      ...sampleReceipt,
      signatures: [{ label: 'Chữ ký của công dân' }, { label: 'Cán bộ cấp', name: 'Nguyễn Thị Lan' }],
    });
    const [printed] = decode(encodeReceipt(job), 64);
    expect(printed!.lines.slice(-6)).toEqual([
      'Chữ ký của công dân',
      '.'.repeat(32),
      'Cán bộ cấp',
      '.'.repeat(32),
      'Nguyễn Thị Lan',
      '22/11/2026 09:58',
    ]);
  });

  it('is deterministic and honours the code page option', () => {
    expect(encodeReceipt(sampleReceipt)).toEqual(encodeReceipt(sampleReceipt));
    expect([...encodeReceipt(sampleReceipt, { codePage: 30 }).subarray(2, 5)]).toEqual([0x1b, 0x74, 30]);
  });

  it('refuses text the code page lacks rather than printing garbage', () => {
    expect(() => encodeReceipt({ ...sampleReceipt, heading: '收据' })).toThrow(
      expect.objectContaining({ code: 'DK_ERR_PRINTER_UNENCODABLE' }),
    );
  });
});
