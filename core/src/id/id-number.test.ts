import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DangkyError } from '../errors/index.ts';
import { analyseIdNumber } from './id-number.ts';

/** The 12-digit number's structure (BRIEF §1.1). Synthetic numbers only. */

describe('analyseIdNumber', () => {
  it.each([
    { id: '001099012345', province: '001', abroad: false, inRange: true, sex: 'M', year: 1999 },
    { id: '079305001234', province: '079', abroad: false, inRange: true, sex: 'F', year: 2005 },
    { id: '096200000001', province: '096', abroad: false, inRange: true, sex: 'M', year: 2000 },
    { id: '001158000000', province: '001', abroad: false, inRange: true, sex: 'F', year: 1958 },
    { id: '101099012345', province: '101', abroad: true, inRange: true, sex: 'M', year: 1999 },
    { id: '295412000000', province: '295', abroad: true, inRange: true, sex: 'M', year: 2112 },
    { id: '000599000000', province: '000', abroad: false, inRange: false, sex: 'F', year: 2199 },
    { id: '097099000000', province: '097', abroad: false, inRange: false, sex: 'M', year: 1999 },
    { id: '296999000000', province: '296', abroad: false, inRange: false, sex: 'F', year: 2399 },
  ])('$id: province $province, $sex, born $year', ({ id, province, abroad, inRange, sex, year }) => {
    const result = analyseIdNumber(id);
    expect(result).toMatchObject({ provinceCode: province, bornAbroad: abroad, provinceCodeInRange: inRange, sex, birthYear: year });
    expect(result.findings.map((f) => f.code)).toEqual(inRange ? [] : ['DK_ERR_ID_NUMBER_PROVINCE']);
  });

  it('a birth year or sex the number disagrees with is a warning, never an error', () => {
    const result = analyseIdNumber('001099012345', { birthDate: '1998-05-15', sex: 'F' });
    expect(result.findings.map((f) => [f.code, f.severity])).toEqual([
      ['DK_ERR_ID_NUMBER_BIRTH_YEAR', 'warning'],
      ['DK_ERR_ID_NUMBER_SEX', 'warning'],
    ]);
    expect(analyseIdNumber('001099012345', { birthDate: '1999-12-31', sex: 'M' }).findings).toEqual([]);
  });

  it.each(['00109901234', '0010990123456', '00109901234a', '００１０９９０１２３４５', ' 001099012345', ''])(
    'refuses %j with DK_ERR_ID_NUMBER_FORMAT',
    (id) => {
      expect(() => analyseIdNumber(id)).toThrow(expect.objectContaining({ code: 'DK_ERR_ID_NUMBER_FORMAT' }));
    },
  );

  it('any string: an analysis or the typed error', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 20 }), fc.stringMatching(/^\d{12}$/)), (text) => {
        try {
          const result = analyseIdNumber(text);
          expect(result.birthYear % 100).toBe(Number(text.slice(4, 6)));
        } catch (error) {
          expect(error).toBeInstanceOf(DangkyError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
