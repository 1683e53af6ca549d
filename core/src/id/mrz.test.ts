import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DangkyError } from '../errors/index.ts';
import { buildTd1, type BuildTd1Input } from './build-mrz.ts';
import { correctMrz } from './correct-mrz.ts';
import { parseMrz } from './mrz.ts';

/** TD1 MRZ (BRIEF §1.3): both card generations, other countries' TD1, corrections. Synthetic people only. */

const today = '2026-11-29';
const BRIEF_EXAMPLE = ['IDVNM0990123459001099012345<<0', '9905153M3905151VNM<<<<<<<<<<<4', 'NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<'];
const vn = (over: Partial<BuildTd1Input> = {}): string[] =>
  buildTd1({
    issuingState: 'VNM',
    idNumber: '079305001234',
    birthDate: '2005-01-02',
    sex: 'F',
    expiryDate: '2030-01-02',
    nationality: 'VNM',
    surname: 'TRAN',
    givenNames: 'THI THANH LINH',
    ...over,
  });

const failed = (lines: readonly string[]) =>
  parseMrz(lines, { today })
    .checks.filter((c) => !c.ok)
    .map((c) => c.name);

const typedCode = (run: () => unknown): string | undefined => {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof DangkyError ? error.code : 'not typed';
  }
};

describe('parseMrz', () => {
  it('reads the BRIEF §1.3 example (chip CCCD): five check digits, all correct', () => {
    const result = parseMrz(BRIEF_EXAMPLE, { today });
    expect(result.fields).toEqual({
      layout: 'VNM',
      documentCode: 'ID',
      issuingState: 'VNM',
      documentNumber: '099012345',
      idNumber: '001099012345',
      optionalData: ['', ''],
      birthDate: '1999-05-15',
      sex: 'M',
      expiryDate: '2039-05-15',
      nationality: 'VNM',
      surname: 'NGUYEN',
      givenNames: 'VAN AN',
      fullName: 'NGUYEN VAN AN',
      nameTruncated: false,
    });
    expect(result.checks.filter((c) => c.kind === 'check-digit').map((c) => c.name)).toEqual([
      'documentNumber',
      'idNumber',
      'birthDate',
      'expiryDate',
      'composite',
    ]);
    expect(result.valid).toBe(true);
  });

  it.each([
    {
      name: 'Căn cước, born 2005',
      lines: vn(),
      expected: { idNumber: '079305001234', documentNumber: '305001234', birthDate: '2005-01-02', sex: 'F', givenNames: 'THI THANH LINH' },
    },
    {
      name: 'Căn cước issued at 58+: 991231 = no expiry',
      lines: vn({ idNumber: '001065001234', birthDate: '1965-03-04', expiryDate: null }),
      expected: { expiryDate: null, birthDate: '1965-03-04' },
    },
    {
      name: 'Đ written as D',
      lines: vn({ surname: 'DANG', givenNames: 'DUC' }),
      expected: { surname: 'DANG', givenNames: 'DUC', fullName: 'DANG DUC' },
    },
    {
      name: 'born 1926 (birth dates never in the future)',
      lines: vn({ idNumber: '001026001234', birthDate: '1926-12-31', expiryDate: null }),
      expected: { birthDate: '1926-12-31' },
    },
    { name: 'born today', lines: vn({ birthDate: today }), expected: { birthDate: today } },
  ])('$name', ({ lines, expected }) => {
    const result = parseMrz(lines, { today });
    expect(result.fields).toMatchObject(expected);
    expect(result.valid).toBe(true);
  });

  it("reads other countries' TD1 with generic fields (long document number, optional data, X sex)", () => {
    const plain = buildTd1({
      documentCode: 'ID',
      issuingState: 'UTO',
      documentNumber: 'D23145890',
      optionalData: ['ABC123', ''],
      birthDate: '1974-08-12',
      sex: 'F',
      expiryDate: '2032-04-15',
      nationality: 'UTO',
      surname: 'ERIKSSON',
      givenNames: 'ANNA MARIA',
    });
    expect(parseMrz(plain, { today })).toMatchObject({
      valid: true,
      fields: {
        layout: 'TD1',
        documentNumber: 'D23145890',
        idNumber: null,
        optionalData: ['ABC123', ''],
        surname: 'ERIKSSON',
        givenNames: 'ANNA MARIA',
        expiryDate: '2032-04-15',
      },
    });

    // ICAO 9303-5: a 12-character number puts its last 3 + check digit in the optional data, `<` at 15.
    const long = ['I<UTOD23145890<7349<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];
    const head = long[0]?.slice(0, 15);
    const body = `${head}7349<<<<<<<<<<<`;
    const result = parseMrz([body, long[1] ?? '', long[2] ?? ''], { today });
    expect(result.fields.documentNumber).toBe('D23145890734');
    expect(result.checks.find((c) => c.name === 'documentNumber')?.ok).toBe(true);

    const unspecified = [...plain];
    unspecified[1] = `${plain[1]?.slice(0, 7)}X${plain[1]?.slice(8)}`;
    expect(parseMrz(unspecified, { today }).fields.sex).toBeNull();
    // The composite does not cover the sex (position 8).
    expect(failed(unspecified)).toEqual([]);
  });

  it.each([
    { name: 'document number check digit', edit: [0, 14, '1'], failing: ['documentNumber', 'composite'] },
    { name: 'ID number check digit (pos 30)', edit: [0, 29, '9'], failing: ['idNumber', 'composite'] },
    { name: 'a digit of the 12-digit number', edit: [0, 20, '7'], failing: ['idNumber', 'composite', 'idNumberLayout'] },
    { name: 'birth date check digit', edit: [1, 6, '0'], failing: ['birthDate', 'composite'] },
    { name: 'expiry check digit', edit: [1, 14, '0'], failing: ['expiryDate', 'composite'] },
    { name: 'composite', edit: [1, 29, '0'], failing: ['composite'] },
    { name: 'sex (not under the composite)', edit: [1, 7, '<'], failing: ['sexValid'] },
    { name: 'fillers at 28–29', edit: [0, 27, 'B'], failing: ['composite', 'idNumberLayout'] },
  ] as const)('a changed $name fails exactly its checks', ({ edit: [line, index, ch], failing }) => {
    const lines = [...BRIEF_EXAMPLE];
    lines[line] = `${lines[line]?.slice(0, index)}${ch}${lines[line]?.slice(index + 1)}`;
    expect(failed(lines).sort()).toEqual([...failing].sort());
  });

  it('an impossible date is null and fails its field check, not the parse', () => {
    const lines = buildTd1({
      issuingState: 'VNM',
      idNumber: '001099012345',
      birthDate: '1999-13-45',
      sex: 'M',
      expiryDate: '2039-05-15',
      nationality: 'VNM',
      surname: 'A',
      givenNames: 'B',
    });
    const result = parseMrz(lines, { today });
    expect(result.fields.birthDate).toBeNull();
    expect(failed(lines)).toEqual(['birthDateValid']);
  });

  // Regression: OCR misreads in places no check digit covers (bench cases: `1TA`, `SHE`, `VNH`, `KONALSK1`).
  it.each([
    ['a digit in the nationality', (l: string[]) => [l[0]!, `${l[1]!.slice(0, 15)}1TA${l[1]!.slice(18)}`, l[2]!], ['nationalityValid']],
    ['a nationality no state has', (l: string[]) => [l[0]!, `${l[1]!.slice(0, 15)}SHE${l[1]!.slice(18)}`, l[2]!], ['nationalityValid']],
    ['an issuing state no state has', (l: string[]) => [`${l[0]!.slice(0, 2)}SHE${l[0]!.slice(5)}`, l[1]!, l[2]!], ['issuingStateValid']],
    ['a document code not starting A, C or I', (l: string[]) => [`1${l[0]!.slice(1)}`, l[1]!, l[2]!], ['documentCodeValid']],
    ['a digit in the name', (l: string[]) => [l[0]!, l[1]!, l[2]!.replace('ANNA', 'ANN4')], ['nameValid']],
  ])('%s fails its field check', (_name, mutate, checks) => {
    const lines = buildTd1({
      issuingState: 'ITA',
      documentNumber: 'AB1234567',
      birthDate: '1974-08-12',
      sex: 'F',
      expiryDate: '2032-04-15',
      nationality: 'ITA',
      surname: 'ROSSI',
      givenNames: 'ANNA',
    });
    expect(failed(lines)).toEqual([]);
    expect(failed(mutate(lines))).toEqual(checks);
  });

  it("a Vietnamese card's nationality is VNM", () => {
    const lines = vn();
    expect(failed([lines[0]!, lines[1]!.replace('VNM', 'VNH'), lines[2]!])).toEqual(['nationalityValid']);
  });

  it('accepts one string with CR/LF, lower case and OCR spaces', () => {
    expect(parseMrz(`${BRIEF_EXAMPLE.join('\r\n').toLowerCase().replace('VNM'.toLowerCase(), 'v n m')}\n`, { today }).valid).toBe(true);
  });

  it.each([
    { name: 'two lines', input: BRIEF_EXAMPLE.slice(0, 2), code: 'DK_ERR_MRZ_FORMAT' },
    { name: 'four lines', input: [...BRIEF_EXAMPLE, BRIEF_EXAMPLE[2] ?? ''], code: 'DK_ERR_MRZ_FORMAT' },
    { name: 'a 29-character line', input: [BRIEF_EXAMPLE[0]?.slice(1) ?? '', ...BRIEF_EXAMPLE.slice(1)], code: 'DK_ERR_MRZ_FORMAT' },
    {
      name: 'TD3 lines',
      input: ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10', 'X'],
      code: 'DK_ERR_MRZ_FORMAT',
    },
    {
      name: 'a character outside the set',
      input: [BRIEF_EXAMPLE[0]?.replace('<<', '«<') ?? '', ...BRIEF_EXAMPLE.slice(1)],
      code: 'DK_ERR_MRZ_FORMAT',
    },
    { name: 'over 1 KB', input: 'I'.repeat(1025), code: 'DK_ERR_ID_INPUT_TOO_LONG' },
  ])('refuses $name with $code', ({ input, code }) => {
    expect(typedCode(() => parseMrz(input, { today }))).toBe(code);
    expect(typedCode(() => correctMrz(input))).toBe(code);
  });

  it('needs today as an ISO date (core reads no clock)', () => {
    expect(typedCode(() => parseMrz(BRIEF_EXAMPLE, { today: 'now' }))).toBe('DK_ERR_VALIDATION');
  });
});

describe('correctMrz', () => {
  const put = (lines: string[], line: number, index: number, ch: string): string[] => {
    const copy = [...lines];
    copy[line] = `${copy[line]?.slice(0, index)}${ch}${copy[line]?.slice(index + 1)}`;
    return copy;
  };

  it('changes nothing on a correct MRZ', () => {
    expect(correctMrz(BRIEF_EXAMPLE)).toEqual({ lines: BRIEF_EXAMPLE, corrections: [] });
  });

  const LOOK: Record<string, string> = { '0': 'O', '1': 'I', '2': 'Z', '5': 'S', '8': 'B' };
  it.each([
    { name: 'in the document number', at: [0, 5], check: 'documentNumber' },
    { name: 'in the ID number', at: [0, 16], check: 'idNumber' },
    { name: 'at the end of the ID number', at: [0, 26], check: 'idNumber' },
    { name: 'in the birth date', at: [1, 0], check: 'birthDate' },
    { name: 'in the no-expiry 991231', at: [1, 11], check: 'expiryDate' },
    { name: 'in the expiry check digit', at: [1, 14], check: 'expiryDate' },
    { name: 'in the composite check digit', at: [1, 29], check: 'composite' },
  ] as const)('a look-alike letter $name', ({ at: [line, index], check }) => {
    const lines = vn({ idNumber: '001058012345', birthDate: '1958-06-19', expiryDate: null });
    const digit = lines[line]?.[index] ?? '';
    const letter = LOOK[digit];
    expect(letter, `fixture has a look-alike digit at ${line}:${index}`).toBeDefined();
    const result = correctMrz(put(lines, line, index, letter ?? ''));
    expect(result.lines).toEqual(lines);
    expect(result.corrections).toEqual([{ line: line + 1, position: index + 1, from: letter, to: digit, check }]);
  });

  it('K for a filler on a Vietnamese card (the layout proves it: K weighs like <)', () => {
    const result = correctMrz(put(BRIEF_EXAMPLE, 1, 20, 'K'));
    expect(result.lines).toEqual(BRIEF_EXAMPLE);
    expect(result.corrections).toEqual([{ line: 2, position: 21, from: 'K', to: '<', check: 'layout' }]);
  });

  it('fixes several look-alikes in one digits-only field when its check digit then passes', () => {
    const lines = [...BRIEF_EXAMPLE];
    const misread = put(put(lines, 0, 16, 'O'), 0, 17, 'I');
    expect(correctMrz(misread).lines).toEqual(lines);
  });

  it('does not correct what the check digit does not prove', () => {
    // A look-alike plus a second, real misread: the check still fails after the swap.
    const misread = put(put(BRIEF_EXAMPLE, 0, 16, 'O'), 0, 20, '7');
    expect(correctMrz(misread)).toMatchObject({ lines: misread, corrections: [] });
    // Names are covered by no check digit.
    const name = put(BRIEF_EXAMPLE, 2, 1, '0');
    expect(correctMrz(name).corrections).toEqual([]);
  });

  it('leaves a generic (letters and digits) document number alone: one passing swap there proves nothing', () => {
    const lines = buildTd1({
      issuingState: 'UTO',
      documentNumber: 'D23145890',
      birthDate: '1974-08-12',
      sex: 'F',
      expiryDate: '2032-04-15',
      nationality: 'UTO',
      surname: 'ERIKSSON',
      givenNames: 'ANNA',
    });
    // D misread as 0: swapping the 8 for a B would make the check pass, and would be wrong.
    const misread = put(lines, 0, 5, '0');
    expect(correctMrz(misread)).toEqual({ lines: misread, corrections: [] });
  });
});

describe('MRZ properties', () => {
  const letters = (min: number, max: number) =>
    fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), minLength: min, maxLength: max });
  const isoDay = (from: number, to: number) =>
    fc
      .date({ min: new Date(Date.UTC(from, 0, 1)), max: new Date(Date.UTC(to, 11, 31)), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
  const person = fc.record({
    idNumber: fc.stringMatching(/^\d{12}$/),
    birthDate: isoDay(1927, 2026).filter((d) => d <= today),
    sex: fc.constantFrom('M' as const, 'F' as const),
    expiryDate: fc.option(isoDay(2000, 2098), { nil: null }),
    // Short enough for line 3 (30 characters): truncation is tested apart.
    surname: letters(1, 8),
    given: fc.array(letters(1, 5), { minLength: 1, maxLength: 3 }),
  });

  it('round trip: a built Vietnamese MRZ parses back to its fields with every check passing', () => {
    fc.assert(
      fc.property(person, (p) => {
        const result = parseMrz(
          vn({
            idNumber: p.idNumber,
            birthDate: p.birthDate,
            sex: p.sex,
            expiryDate: p.expiryDate,
            surname: p.surname,
            givenNames: p.given.join(' '),
          }),
          { today },
        );
        expect(result.valid).toBe(true);
        expect(result.fields).toMatchObject({
          idNumber: p.idNumber,
          documentNumber: p.idNumber.slice(3),
          birthDate: p.birthDate,
          sex: p.sex,
          expiryDate: p.expiryDate,
          surname: p.surname,
          givenNames: p.given.join(' '),
        });
      }),
      { numRuns: 500 },
    );
  });

  it("round trip: other countries' TD1", () => {
    const doc = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'), minLength: 1, maxLength: 9 });
    fc.assert(
      // States from ICAO 9303-3's list (an unknown code fails issuingStateValid), Germany's `D` among them.
      fc.property(person, doc, fc.constantFrom('UTO', 'D', 'FRA', 'USA', 'GBR', 'KOR', 'XXA', 'UNO'), (p, documentNumber, state) => {
        const result = parseMrz(
          buildTd1({
            issuingState: state,
            documentNumber,
            birthDate: p.birthDate,
            sex: p.sex,
            expiryDate: p.expiryDate,
            nationality: state,
            surname: p.surname,
            givenNames: p.given.join(' '),
          }),
          { today },
        );
        expect(result.valid).toBe(true);
        expect(result.fields).toMatchObject({
          layout: 'TD1',
          issuingState: state,
          documentNumber,
          birthDate: p.birthDate,
          expiryDate: p.expiryDate,
        });
      }),
      { numRuns: 300 },
    );
  });

  it('correctMrz undoes one look-alike letter in a digits-only field of a valid MRZ', () => {
    const digitPlaces = [
      ...Array.from({ length: 9 }, (_, i) => [0, 5 + i]),
      ...Array.from({ length: 12 }, (_, i) => [0, 15 + i]),
      [0, 14],
      [0, 29],
      ...Array.from({ length: 7 }, (_, i) => [1, i]),
      ...Array.from({ length: 7 }, (_, i) => [1, 8 + i]),
    ];
    const LOOK = { '0': 'O', '1': 'I', '2': 'Z', '5': 'S', '8': 'B' } as Record<string, string>;
    fc.assert(
      fc.property(person, fc.nat(digitPlaces.length - 1), (p, k) => {
        const lines = vn({
          idNumber: p.idNumber,
          birthDate: p.birthDate,
          sex: p.sex,
          expiryDate: p.expiryDate,
          surname: p.surname,
          givenNames: p.given.join(' '),
        });
        const [line = 0, index = 0] = digitPlaces[k] ?? [];
        const letter = LOOK[lines[line]?.[index] ?? ''];
        fc.pre(letter !== undefined);
        const misread = [...lines];
        misread[line] = `${lines[line]?.slice(0, index)}${letter}${lines[line]?.slice(index + 1)}`;
        expect(correctMrz(misread).lines).toEqual(lines);
      }),
      { numRuns: 500 },
    );
  });

  it('random and mutated input: a result or a typed error, never anything else, quickly', () => {
    const mrzChar = fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<OISBZK');
    const mutated = fc.tuple(fc.array(fc.tuple(fc.nat(2), fc.nat(29), mrzChar), { maxLength: 6 }), fc.boolean()).map(([edits, generic]) => {
      const lines = generic
        ? buildTd1({
            issuingState: 'UTO',
            documentNumber: 'L898902C3',
            birthDate: '1974-08-12',
            sex: 'F',
            expiryDate: '2032-04-15',
            nationality: 'UTO',
            surname: 'ERIKSSON',
            givenNames: 'ANNA',
          })
        : [...BRIEF_EXAMPLE];
      for (const [line, index, ch] of edits) lines[line] = `${lines[line]?.slice(0, index)}${ch}${lines[line]?.slice(index + 1)}`;
      return lines;
    });
    const anything = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.array(fc.string({ maxLength: 40 }), { maxLength: 5 }),
      fc.array(fc.string({ unit: mrzChar, minLength: 30, maxLength: 30 }), { minLength: 3, maxLength: 3 }),
      mutated,
    );
    fc.assert(
      fc.property(anything, (input) => {
        const started = Date.now();
        const a = typedCode(() => parseMrz(input, { today }));
        const b = typedCode(() => parseMrz(correctMrz(input).lines, { today }));
        expect([a, b]).not.toContain('not typed');
        // A guard against catastrophic backtracking, not a speed target (that is the bench's job):
        // a runaway pattern takes seconds on these inputs, a busy machine only adds milliseconds.
        expect(Date.now() - started).toBeLessThan(1_000);
      }),
      { numRuns: 3000 },
    );
  });
});
