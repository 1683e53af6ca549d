import { describe, expect, it } from 'vitest';
import { main } from './main.ts';

/** `dangky-hw id parse-qr|parse-mrz` through main(), as a technician runs it. Synthetic people only. */

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
};
const run = async (...argv: string[]) => {
  const c = capture();
  const code = await main(['id', ...argv], c.io);
  return { code, out: c.out.join(''), err: c.err.join('') };
};

const QR = '001099012345||Nguyễn Văn An|15051999|Nam|Số 1 Ngõ Thử, Phường X, Hà Nội|20042021';
const MRZ = ['IDVNM0990123459001099012345<<0', '9905153M3905151VNM<<<<<<<<<<<4', 'NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<'];
const TODAY = ['--today', '2026-11-29'];

describe('dangky-hw id', () => {
  it('parse-qr prints the fields under the core names and exits 0', async () => {
    const { code, out, err } = await run('parse-qr', QR, ...TODAY);
    expect([code, err]).toEqual([0, '']);
    expect(JSON.parse(out)).toEqual({
      fields: {
        idNumber: '001099012345',
        oldIdNumber: null,
        fullName: 'Nguyễn Văn An',
        birthDate: '1999-05-15',
        sex: 'M',
        address: 'Số 1 Ngõ Thử, Phường X, Hà Nội',
        issueDate: '2021-04-20',
      },
      card: { generation: 'cccd', extraFieldCount: 0 },
      checks: [],
      findings: [],
    });
  });

  it('parse-qr of a new card with a number that disagrees with the birth year: exit 0 with a warning', async () => {
    const { code, out } = await run('parse-qr', '079305001234||Trần Thị Thanh Linh|02012004|Nữ|Số 9 Đường Mẫu|01072024||||', ...TODAY);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({
      card: { generation: 'can-cuoc' },
      findings: [{ code: 'DK_ERR_ID_NUMBER_BIRTH_YEAR', severity: 'warning' }],
    });
  });

  it('parse-qr of something else: exit 2, the code and why on stderr', async () => {
    const { code, out, err } = await run('parse-qr', '001099012345||Nguyễn Văn An|1999-05-15|Nam|Hà Nội|20042021', ...TODAY);
    expect([code, out]).toEqual([2, '']);
    expect(JSON.parse(err)).toEqual({ error: { code: 'DK_ERR_QR_FORMAT', message: expect.any(String), detail: { field: 'birthDate' } } });
  });

  it('parse-mrz of the brief example: five passing check digits, exit 0', async () => {
    const { code, out } = await run('parse-mrz', ...MRZ, ...TODAY);
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(result.fields).toMatchObject({
      idNumber: '001099012345',
      documentNumber: '099012345',
      surname: 'NGUYEN',
      givenNames: 'VAN AN',
      birthDate: '1999-05-15',
      expiryDate: '2039-05-15',
      sex: 'M',
    });
    expect(result.checks.filter((c: { kind: string }) => c.kind === 'check-digit')).toHaveLength(5);
    expect(result).toMatchObject({ corrections: [], findings: [] });
  });

  it('parse-mrz takes the three lines as one argument too, and corrects what a check digit proves', async () => {
    const misread = [MRZ[0]?.replace('0990', '099O'), MRZ[1], MRZ[2]].join('\n');
    const { code, out } = await run('parse-mrz', misread, ...TODAY);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({
      corrections: [{ line: 1, position: 9, from: 'O', to: '0' }],
      findings: [{ code: 'DK_ERR_MRZ_CORRECTED', severity: 'info' }],
    });
    expect((await run('parse-mrz', misread, ...TODAY, '--no-correct')).code).toBe(1);
  });

  it('parse-mrz with a failed check digit or an expired card: exit 1', async () => {
    const bad = await run('parse-mrz', MRZ[0] ?? '', `${MRZ[1]?.slice(0, 29)}9`, MRZ[2] ?? '', ...TODAY);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out).findings).toEqual([
      expect.objectContaining({ code: 'DK_ERR_MRZ_CHECK_DIGIT', detail: { check: 'composite' } }),
    ]);
    const expired = await run('parse-mrz', ...MRZ, '--today', '2040-01-01');
    expect(expired.code).toBe(1);
    expect(JSON.parse(expired.out).findings).toEqual([expect.objectContaining({ code: 'DK_ERR_ID_CARD_EXPIRED' })]);
  });

  it('parse-mrz of text that is not an MRZ: exit 2 with DK_ERR_MRZ_FORMAT and the reason', async () => {
    const { code, err } = await run('parse-mrz', MRZ[0] ?? '', MRZ[1] ?? '', 'TOO<SHORT', ...TODAY);
    expect(code).toBe(2);
    expect(JSON.parse(err).error).toMatchObject({ code: 'DK_ERR_MRZ_FORMAT', detail: { reason: 'line is not 30 characters', line: 3 } });
  });

  it('usage and bad options: exit 2', async () => {
    expect((await run()).code).toBe(2);
    expect((await run('parse-mrz', 'a', 'b')).err).toMatch(/^usage: dangky-hw id/);
    const unknown = await run('parse-qr', QR, '--bogus');
    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.err).error.code).toBe('DK_ERR_VALIDATION');
    expect(JSON.parse((await run('parse-qr', QR, '--today', 'tomorrow')).err).error.code).toBe('DK_ERR_VALIDATION');
  });

  it('defaults today to the day in Hồ Chí Minh City', async () => {
    expect((await run('parse-mrz', ...MRZ)).code).toBe(0);
  });
});
