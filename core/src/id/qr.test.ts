import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DangkyError } from '../errors/index.ts';
import { parseQr } from './qr.ts';

/** QR payloads of the two card generations (BRIEF §1.2). All people are synthetic. */

const CCCD = '001099012345||Nguyễn Văn An|15051999|Nam|Số 1 Ngõ Thử, Phường X, Hà Nội|20042021';
const CAN_CUOC = '079305001234|025123456|Trần Thị Thanh Linh|02012005|Nữ|Số 9 Đường Mẫu, Phường Y, TP. Hồ Chí Minh|01072024||||';

const codeOf = (payload: string): string | undefined => {
  try {
    parseQr(payload);
    return undefined;
  } catch (error) {
    return error instanceof DangkyError ? error.code : 'not typed';
  }
};

describe('parseQr', () => {
  it.each([
    {
      name: 'chip CCCD (7 fields, no old number)',
      payload: CCCD,
      expected: {
        generation: 'cccd',
        idNumber: '001099012345',
        oldIdNumber: null,
        fullName: 'Nguyễn Văn An',
        birthDate: '1999-05-15',
        sex: 'M',
        address: 'Số 1 Ngõ Thử, Phường X, Hà Nội',
        issueDate: '2021-04-20',
        extraFieldCount: 0,
      },
    },
    {
      name: 'Căn cước (11 fields, old CMND, Nữ)',
      payload: CAN_CUOC,
      expected: {
        generation: 'can-cuoc',
        idNumber: '079305001234',
        oldIdNumber: '025123456',
        fullName: 'Trần Thị Thanh Linh',
        birthDate: '2005-01-02',
        sex: 'F',
        address: 'Số 9 Đường Mẫu, Phường Y, TP. Hồ Chí Minh',
        issueDate: '2024-07-01',
        extraFieldCount: 4,
      },
    },
    { name: 'serial scanner CR', payload: `${CCCD}\r`, expected: { idNumber: '001099012345', extraFieldCount: 0 } },
    { name: 'CRLF', payload: `${CCCD}\r\n`, expected: { issueDate: '2021-04-20' } },
    { name: 'NFD from a keyboard', payload: CAN_CUOC.normalize('NFD'), expected: { fullName: 'Trần Thị Thanh Linh', sex: 'F' } },
    { name: 'sex in capitals', payload: CCCD.replace('|Nam|', '|NAM|'), expected: { sex: 'M' } },
    { name: 'unknown trailing fields ignored', payload: `${CCCD}|x|y|z|w|v`, expected: { generation: 'can-cuoc', extraFieldCount: 5 } },
  ])('$name', ({ payload, expected }) => {
    expect(parseQr(payload)).toMatchObject(expected);
  });

  it('returns NFC text', () => {
    const result = parseQr(CAN_CUOC.normalize('NFD'));
    expect(result.fullName).toBe(result.fullName.normalize('NFC'));
    expect(result.address).toBe('Số 9 Đường Mẫu, Phường Y, TP. Hồ Chí Minh');
  });

  it.each([
    { name: 'six fields', payload: CCCD.split('|').slice(0, 6).join('|'), code: 'DK_ERR_QR_FORMAT' },
    { name: '11-digit ID', payload: CCCD.replace('001099012345', '00109901234'), code: 'DK_ERR_QR_FORMAT' },
    { name: 'old number of 8 digits', payload: CAN_CUOC.replace('025123456', '02512345'), code: 'DK_ERR_QR_FORMAT' },
    { name: 'empty name', payload: CCCD.replace('Nguyễn Văn An', ''), code: 'DK_ERR_QR_FORMAT' },
    { name: 'name with digits', payload: CCCD.replace('Nguyễn Văn An', 'Nguyễn 2'), code: 'DK_ERR_QR_FORMAT' },
    { name: '31 February', payload: CCCD.replace('15051999', '31021999'), code: 'DK_ERR_QR_FORMAT' },
    { name: 'ISO date instead of ddMMyyyy', payload: CCCD.replace('15051999', '1999-05-15'), code: 'DK_ERR_QR_FORMAT' },
    { name: 'sex broken by a keyboard wedge', payload: CCCD.replace('|Nam|', '|N?|'), code: 'DK_ERR_QR_FORMAT' },
    { name: 'sex as an object key', payload: CCCD.replace('|Nam|', '|constructor|'), code: 'DK_ERR_QR_FORMAT' },
    { name: 'empty address', payload: CCCD.replace('Số 1 Ngõ Thử, Phường X, Hà Nội', ' '), code: 'DK_ERR_QR_FORMAT' },
    { name: 'bad issue date', payload: CCCD.replace('20042021', '2004202'), code: 'DK_ERR_QR_FORMAT' },
    { name: 'two payloads in one scan', payload: `${CCCD}\r${CCCD}`, code: 'DK_ERR_QR_FORMAT' },
    { name: 'a URL', payload: 'https://example.test/?q=1', code: 'DK_ERR_QR_FORMAT' },
    { name: 'over 1 KB', payload: `${CCCD}|${'x'.repeat(1024)}`, code: 'DK_ERR_ID_INPUT_TOO_LONG' },
    { name: 'over 1 KB of UTF-8 in fewer characters', payload: `${CCCD}|${'ữ'.repeat(340)}`, code: 'DK_ERR_ID_INPUT_TOO_LONG' },
  ])('refuses $name with $code', ({ payload, code }) => {
    expect(codeOf(payload)).toBe(code);
  });

  it('never puts the payload into the error', () => {
    try {
      parseQr(CCCD.replace('15051999', '99999999'));
      expect.unreachable();
    } catch (error) {
      expect(JSON.stringify({ m: (error as Error).message, d: (error as DangkyError).detail })).not.toMatch(/Nguy|001099|9999/);
      expect((error as DangkyError).detail).toEqual({ field: 'birthDate' });
    }
  });

  it('random text: a result or a typed error, quickly', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 400 }),
          fc.string({ unit: 'grapheme', maxLength: 400 }),
          fc.array(fc.string({ maxLength: 30 }), { maxLength: 14 }).map((f) => f.join('|')),
        ),
        (text) => {
          const started = Date.now();
          expect(codeOf(text)).not.toBe('not typed');
          // A guard against catastrophic backtracking, not a speed target (that is the bench's job):
          // a runaway pattern takes seconds on these inputs, a busy machine only adds milliseconds.
          expect(Date.now() - started).toBeLessThan(1_000);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('mutated valid payloads: a result or a typed error', () => {
    const mutation = fc.record({
      base: fc.constantFrom(CCCD, CAN_CUOC),
      edits: fc.array(fc.tuple(fc.nat(200), fc.nat(3), fc.string({ unit: 'grapheme', maxLength: 3 })), { maxLength: 5 }),
    });
    fc.assert(
      fc.property(mutation, ({ base, edits }) => {
        let text: string = base;
        for (const [at, remove, insert] of edits) {
          const i = at % (text.length + 1);
          text = `${text.slice(0, i)}${insert}${text.slice(i + remove)}`;
        }
        const code = codeOf(text);
        expect(code === undefined || code === 'DK_ERR_QR_FORMAT' || code === 'DK_ERR_ID_INPUT_TOO_LONG').toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('non-string input is a typed error', () => {
    expect(() => parseQr(undefined as unknown as string)).toThrow(DangkyError);
  });
});
