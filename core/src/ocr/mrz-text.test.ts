import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DangkyError } from '../errors/index.ts';
import {
  applyLayoutFixes,
  fitMrzLine,
  hasAmbiguousTwin,
  isVietnameseMrzName,
  mrzLinesFromText,
  needsConfirmation,
  uncoveredPlacesAgree,
} from './index.ts';

const MRZ = ['IDVNM0990123459001099012345<<0', '9905153M3905151VNM<<<<<<<<<<<4', 'NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<'];

describe('mrzLinesFromText', () => {
  it.each([
    ['clean', MRZ.join('\n'), MRZ],
    ['spaces, lower case, a stray line above', `~ noise\n${MRZ[0]!.toLowerCase()}\n9905153M 3905151VNM<<<<<<<<<<<4\n${MRZ[2]}\n`, MRZ],
    ['a filler run one short and one long', `${MRZ[0]}\n9905153M3905151VNM<<<<<<<<<<4\nNGUYEN<<VAN<AN<<<<<<<<<<<<<<<<<`, MRZ],
  ])('%s', (_name, text, lines) => {
    expect(mrzLinesFromText(text)).toEqual(lines);
  });

  it.each([
    ['two lines', `${MRZ[0]}\n${MRZ[1]}`, 'fewer than 3 lines of MRZ text'],
    ['no filler run to fit', `${MRZ[0]}\n${MRZ[1]}\nABCDEFGHIJKLMNOPQRSTUVWXYZ12`, 'line too short'],
  ])('%s → DK_ERR_MRZ_FORMAT', (_name, text, reason) => {
    expect(() => mrzLinesFromText(text)).toThrow(
      expect.objectContaining({ code: 'DK_ERR_MRZ_FORMAT', detail: expect.objectContaining({ reason }) }),
    );
  });

  it('property: any text gives 3 × 30 of the MRZ alphabet or our typed error, nothing else', () => {
    const alphabet = fc.constantFrom(...'ABCKLO0123456789<<<<<<<< \r\tx#é'.split(''));
    const lines = fc.array(fc.string({ unit: alphabet, minLength: 15, maxLength: 42 }), { maxLength: 5 }).map((a) => a.join('\n'));
    fc.assert(
      fc.property(fc.oneof(fc.string(), lines, fc.string({ maxLength: 5000 })), (text) => {
        try {
          const lines = mrzLinesFromText(text);
          expect(lines).toHaveLength(3);
          for (const l of lines) expect(l).toMatch(/^[0-9A-Z<]{30}$/);
        } catch (error) {
          expect(error).toBeInstanceOf(DangkyError);
          expect((error as DangkyError).code).toBe('DK_ERR_MRZ_FORMAT');
        }
      }),
      { numRuns: 500 },
    );
  });

  it('fitMrzLine keeps a 30-character line as it is', () => {
    expect(fitMrzLine(MRZ[1]!)).toBe(MRZ[1]);
  });
});

describe('applyLayoutFixes', () => {
  it('turns digits in the name line into letters and records them', () => {
    const { lines, corrections } = applyLayoutFixes([MRZ[0]!, MRZ[1]!, 'V0<<M1NH<<<<<<<<<<<<<<<<<<<<<<']);
    expect(lines[2]).toBe('VO<<MINH<<<<<<<<<<<<<<<<<<<<<<');
    expect(corrections).toEqual([
      { line: 3, position: 2, from: '0', to: 'O', check: 'layout' },
      { line: 3, position: 6, from: '1', to: 'I', check: 'layout' },
    ]);
  });

  it('restores VNM where line 1 carries the Vietnamese number layout', () => {
    const { lines, corrections } = applyLayoutFixes([MRZ[0]!.replace('VNM', 'VNH'), MRZ[1]!, MRZ[2]!]);
    expect(lines).toEqual(MRZ);
    expect(corrections).toEqual([{ line: 1, position: 5, from: 'H', to: 'M', check: 'layout' }]);
  });

  // Regression (bench): these misreads passed every check digit and came out confidently wrong.
  it.each([
    [
      '1 for I in the document code and the nationality',
      ['1RITAQB38143208<<<<<<<<<<<<<<<', '7708213M35031331TA<<<<<<<<<<<4'],
      ['IRITAQB38143208<<<<<<<<<<<<<<<', '7708213M3503133ITA<<<<<<<<<<<4'],
    ],
    [
      '8 for B in the issuing state',
      ['IR8ELNV68083566<<<<<<<<<<<<<<<', '7009183M3206102BEL<<<<<<<<<<<4'],
      ['IRBELNV68083566<<<<<<<<<<<<<<<', '7009183M3206102BEL<<<<<<<<<<<4'],
    ],
    [
      '0 for D (Germany; O<< and Q<< are no state)',
      ['IDD<<WX35117196<<<<<<<<<<<<<<<', '7510120F30102750<<<<<<<<<<<<<2'],
      ['IDD<<WX35117196<<<<<<<<<<<<<<<', '7510120F3010275D<<<<<<<<<<<<<2'],
    ],
    ['VNH where the Vietnamese layout proves VNM', [MRZ[0]!, MRZ[1]!.replace('VNM', 'VNH')], [MRZ[0]!, MRZ[1]!]],
  ])('%s', (_name, [l1, l2], fixed) => {
    expect(applyLayoutFixes([l1!, l2!, MRZ[2]!]).lines).toEqual([...fixed, MRZ[2]]);
  });
  it('leaves a state code alone when no reading, or more than one, is a listed code', () => {
    const l2 = '7708213M3503133SHE<<<<<<<<<<<4';
    expect(applyLayoutFixes(['IRITAQB38143208<<<<<<<<<<<<<<<', l2, MRZ[2]!]).lines[1]).toBe(l2);
  });
});

describe('uncoveredPlacesAgree', () => {
  const other = (line: number, at: number, ch: string) => MRZ.map((l, i) => (i === line ? `${l.slice(0, at)}${ch}${l.slice(at + 1)}` : l));
  it.each([
    ['the same lines', MRZ, true],
    ['a digit differs in a checked digits-only field (its check digit judges it)', other(1, 2, '7'), true],
    ['a letter differs in the name', other(2, 2, 'H'), false],
    ['the sex differs', other(1, 7, 'F'), false],
    ['a line of another length', [MRZ[0]!, MRZ[1]!, MRZ[2]!.slice(1)], false],
  ])('%s → %s', (_name, second, agree) => {
    expect(uncoveredPlacesAgree(MRZ, second)).toBe(agree);
  });
});

describe('when one reading is not enough', () => {
  it.each([
    ['NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<', true],
    ['TRUONG<<THI<NGHIA<<<<<<<<<<<<<', true],
    ['HO<<KIH<AN<<<<<<<<<<<<<<<<<<<<', false],
    ['NGUYFN<<VAN<AN<<<<<<<<<<<<<<<<', false],
    ['KOWALSKI<<MATEO<<<<<<<<<<<<<<<', false],
  ])('isVietnameseMrzName(%s) → %s', (line3, ok) => {
    expect(isVietnameseMrzName(line3)).toBe(ok);
  });
  const foreign = (number: string) => [`IRAUT${number}<<<<<<<<<<<<<<<`, '7708213M3503133AUT<<<<<<<<<<<4', 'ROSSI<<ANNA<<<<<<<<<<<<<<<<<<<'];
  it.each([
    ['S between a letter and a digit', 'DBS417559', true],
    ['6 next to a letter', 'P6393980A', true],
    ['8 among digits', 'DB4817559', false],
    ['S among letters', 'DSB417559', false],
  ])('hasAmbiguousTwin: %s', (_name, number, twin) => {
    expect(hasAmbiguousTwin(foreign(`${number}0`))).toBe(twin);
  });
  it('a Vietnamese card is covered by digits and layout: no twin, no second reading for a Vietnamese name', () => {
    expect(hasAmbiguousTwin(MRZ)).toBe(false);
    expect(needsConfirmation(MRZ)).toBe(false);
    expect(needsConfirmation([MRZ[0]!, MRZ[1]!, 'KOWALSKI<<MATEO<<<<<<<<<<<<<<<'])).toBe(true);
    expect(needsConfirmation(foreign('DB8417559'))).toBe(true);
  });
});
