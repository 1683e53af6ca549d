import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IDENTITY_CHECKS, identity, identityProvenance, PROVENANCE_FIELDS, type IdentityProvenance } from '../schemas/identity.ts';
import { buildTd1, type BuildTd1Input } from './build-mrz.ts';
import { correctMrz } from './correct-mrz.ts';
import { parseMrz, type MrzResult } from './mrz.ts';
import { buildIdentityProvenance, type ProvenanceInput } from './provenance.ts';
import { parseQr, type QrIdentity } from './qr.ts';

/** Where each field came from and which checks held, for synthetic people on both card generations. */

const today = '2026-11-29';
const mrzOf = (over: Partial<BuildTd1Input> = {}) =>
  parseMrz(
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
    }),
    { today },
  );
const QR_TEXT = '079305001234|025123456|Trần Thị Thanh Linh|02012005|Nữ|Số 9 Đường Mẫu, Phường Y, TP. Hồ Chí Minh|01072024||||';
const qr = parseQr(QR_TEXT);
const asTyped = (q: QrIdentity = qr) => ({
  idNumber: q.idNumber,
  fullName: q.fullName,
  birthDate: q.birthDate,
  sex: q.sex,
  address: q.address,
});
const chipOf = (verdict: 'verified' | 'not-verified' | 'failed', over: Record<string, string | null> = {}) => ({
  verdict,
  identity: {
    ...asTyped(),
    issueDate: '2024-07-01',
    expiryDate: '2030-01-02',
    oldIdNumber: '025123456',
    documentNumber: '305001234',
    ...over,
  },
});

const build = (input: Omit<ProvenanceInput, 'today'>, on = today) => buildIdentityProvenance({ ...input, today: on });
/** `outcome:check[:code][:field][:sources|source]`, compact for the tables below. */
const lines = (p: IdentityProvenance) =>
  p.checks.map((c) =>
    [c.outcome, c.check, c.code, c.detail?.field ?? c.detail?.check, c.detail?.sources ?? c.detail?.source].filter(Boolean).join(':'),
  );
const sources = (p: IdentityProvenance) =>
  Object.fromEntries(Object.entries(p.fields).map(([k, o]) => [k, `${o.source}${o.edited ? `:edited-from-${o.editedFrom}` : ''}`]));

describe('buildIdentityProvenance', () => {
  it('a QR submitted unchanged: every field from the QR; the number and the typed values check out', () => {
    const p = build({ qr, submitted: asTyped() });
    expect(sources(p)).toEqual({ idNumber: 'qr', fullName: 'qr', birthDate: 'qr', sex: 'qr', address: 'qr' });
    expect(lines(p)).toEqual(['passed:matches-card:qr/manual', 'passed:id-number-structure:qr']);
  });

  it('QR and MRZ of the same card: MRZ check digits, fields, agreement and expiry all pass', () => {
    const p = build({ qr, mrz: mrzOf(), submitted: asTyped() });
    expect(lines(p)).toEqual([
      'passed:mrz-check-digits:mrz',
      'passed:mrz-fields:mrz',
      'passed:sources-agree:qr/mrz',
      'passed:matches-card:qr/manual',
      'passed:matches-card:mrz/manual',
      'passed:id-number-structure:qr',
      'passed:card-not-expired:mrz',
    ]);
    // Both read the number; the QR (with diacritics, an address) is preferred over the MRZ.
    expect(sources(p)).toMatchObject({ idNumber: 'qr', fullName: 'qr' });
  });

  it.each([
    {
      name: 'names differ without diacritics',
      mrz: { givenNames: 'THI THANH LAN' },
      expected: 'error:sources-agree:DK_ERR_ID_SOURCES_DISAGREE:fullName:qr/mrz',
    },
    {
      name: 'birth dates differ',
      mrz: { birthDate: '2005-01-03' },
      expected: 'error:sources-agree:DK_ERR_ID_SOURCES_DISAGREE:birthDate:qr/mrz',
    },
    { name: 'sexes differ', mrz: { sex: 'M' as const }, expected: 'error:sources-agree:DK_ERR_ID_SOURCES_DISAGREE:sex:qr/mrz' },
  ])('QR vs MRZ: $name → an error and no passed agreement', ({ mrz, expected }) => {
    const l = lines(build({ qr, mrz: mrzOf(mrz), submitted: asTyped() }));
    expect(l).toContain(expected);
    expect(l).not.toContain('passed:sources-agree:qr/mrz');
  });

  it('Đ is D and case and spacing do not count when QR and MRZ names are compared', () => {
    const q = parseQr('001099012345||Đặng Văn Đức|15051999|Nam|Số 1 Ngõ Thử, Phường X, Hà Nội|20042021');
    const m = mrzOf({
      idNumber: '001099012345',
      birthDate: '1999-05-15',
      sex: 'M',
      expiryDate: '2039-05-15',
      surname: 'DANG',
      givenNames: 'VAN DUC',
    });
    expect(lines(build({ qr: q, mrz: m, submitted: asTyped(q) }))).toContain('passed:sources-agree:qr/mrz');
  });

  it('a field the citizen changed after the QR filled it is typed, edited, and differs from the card', () => {
    const p = build({ qr, submitted: { ...asTyped(), fullName: 'Trần Thị Thanh Lan', address: 'Một địa chỉ khác' } });
    expect(sources(p)).toMatchObject({ fullName: 'manual:edited-from-qr', address: 'manual:edited-from-qr', idNumber: 'qr' });
    expect(lines(p)).toContain('warning:matches-card:DK_ERR_ID_SOURCES_DISAGREE:fullName:qr/manual');
    expect(lines(p)).not.toContain('passed:matches-card:qr/manual');
  });

  it('typed by hand: every field manual, not edited; an ID number not matching the birth year is a warning', () => {
    const p = build({
      submitted: { idNumber: '079190012345', fullName: 'Nguyễn Thị Hồng Nhung', birthDate: '1991-03-07', sex: 'F', address: '12 Lê Lợi' },
    });
    expect(sources(p)).toEqual({ idNumber: 'manual', fullName: 'manual', birthDate: 'manual', sex: 'manual', address: 'manual' });
    expect(lines(p)).toEqual(['warning:id-number-structure:DK_ERR_ID_NUMBER_BIRTH_YEAR:manual']);
    const ok = build({
      submitted: { idNumber: '079190012345', fullName: 'Nguyễn Thị Hồng Nhung', birthDate: '1990-03-07', sex: 'F', address: '12 Lê Lợi' },
    });
    expect(lines(ok)).toEqual(['passed:id-number-structure:manual']);
  });

  it('MRZ name typed again with diacritics: the name is typed (edited from the MRZ) and matches the MRZ', () => {
    const p = build({
      mrz: mrzOf(),
      submitted: { idNumber: '079305001234', fullName: 'Trần Thị Thanh Linh', birthDate: '2005-01-02', sex: 'F', address: 'Số 9' },
    });
    expect(sources(p)).toEqual({ idNumber: 'mrz', fullName: 'manual:edited-from-mrz', birthDate: 'mrz', sex: 'mrz', address: 'manual' });
    expect(lines(p)).toContain('passed:matches-card:mrz/manual');
    // Taken over from the MRZ as is (title case, no diacritics) it counts as read from the MRZ.
    expect(sources(build({ mrz: mrzOf(), submitted: { fullName: 'Tran Thi Thanh Linh' } })).fullName).toBe('mrz');
  });

  it('an MRZ name cut to fit line 3 still matches the full typed name', () => {
    const m = mrzOf({ surname: 'TON THAT', givenNames: 'HOANG THI MINH NGUYET KHUE' });
    expect(m.fields.nameTruncated).toBe(true);
    const l = lines(
      build({
        mrz: m,
        submitted: { idNumber: '079305001234', fullName: 'Tôn Thất Hoàng Thị Minh Nguyệt Khuê', birthDate: '2005-01-02', sex: 'F' },
      }),
    );
    expect(l).toContain('passed:matches-card:mrz/manual');
  });

  it('MRZ: a failed check digit is an error (no passed entry); a proven correction is info beside the pass', () => {
    const broken = [...mrzOf().lines];
    broken[1] = `${broken[1]?.slice(0, 6)}0${broken[1]?.slice(7)}`;
    const failed = lines(build({ mrz: parseMrz(broken, { today }), submitted: {} }));
    expect(failed.filter((l) => l.includes('mrz-check-digits'))).toEqual([
      'error:mrz-check-digits:DK_ERR_MRZ_CHECK_DIGIT:birthDate',
      'error:mrz-check-digits:DK_ERR_MRZ_CHECK_DIGIT:composite',
    ]);
    const misread = [...mrzOf().lines];
    misread[0] = `${misread[0]?.slice(0, 5)}3O${misread[0]?.slice(7)}`;
    const corrected = correctMrz(misread);
    const p = build({ mrz: parseMrz(corrected.lines, { today }), mrzCorrections: corrected.corrections, submitted: {} });
    expect(p.checks.filter((c) => c.check === 'mrz-check-digits')).toEqual([
      { check: 'mrz-check-digits', outcome: 'passed', detail: { source: 'mrz' } },
      {
        check: 'mrz-check-digits',
        outcome: 'info',
        code: 'DK_ERR_MRZ_CORRECTED',
        detail: { check: 'documentNumber', line: 1, position: 7 },
      },
    ]);
  });

  it('expiry: an expired card is an error, a card that never expires passes, a QR alone says nothing', () => {
    expect(lines(build({ mrz: mrzOf(), submitted: {} }, '2030-01-03'))).toContain('error:card-not-expired:DK_ERR_ID_CARD_EXPIRED:mrz');
    const forever = mrzOf({ idNumber: '001158000001', birthDate: '1958-03-04', expiryDate: null });
    expect(lines(build({ mrz: forever, submitted: {} }, '2098-01-01'))).toContain('passed:card-not-expired:mrz');
    expect(lines(build({ qr, submitted: asTyped() })).some((l) => l.includes('card-not-expired'))).toBe(false);
    expect(lines(build({ chip: chipOf('verified', { expiryDate: null }), submitted: asTyped() }))).toContain(
      'passed:card-not-expired:chip',
    );
  });

  it.each([
    { verdict: 'verified' as const, expected: 'passed:chip-passive-auth:chip' },
    { verdict: 'not-verified' as const, expected: 'warning:chip-passive-auth:DK_ERR_ID_CHIP_NOT_VERIFIED:chip' },
    { verdict: 'failed' as const, expected: 'error:chip-passive-auth:DK_ERR_ID_CHIP_FAILED:chip' },
  ])('chip passive authentication $verdict', ({ verdict, expected }) => {
    const p = build({ chip: chipOf(verdict), submitted: asTyped() });
    expect(lines(p)[0]).toBe(expected);
    expect(sources(p)).toEqual({ idNumber: 'chip', fullName: 'chip', birthDate: 'chip', sex: 'chip', address: 'chip' });
  });

  it('the chip is compared with the QR and the MRZ too', () => {
    const l = lines(build({ chip: chipOf('verified', { birthDate: '2005-02-01' }), qr, mrz: mrzOf(), submitted: asTyped() }));
    expect(l).toContain('error:sources-agree:DK_ERR_ID_SOURCES_DISAGREE:birthDate:chip/qr');
    expect(l).toContain('error:sources-agree:DK_ERR_ID_SOURCES_DISAGREE:birthDate:chip/mrz');
    expect(l).toContain('passed:sources-agree:qr/mrz');
  });

  it('document fields are attributed too when submitted', () => {
    const p = build({
      chip: chipOf('verified'),
      submitted: { ...asTyped(), issueDate: '2024-07-01', expiryDate: '2030-01-02', documentNumber: '305001234', oldIdNumber: '025123456' },
    });
    expect(sources(p)).toMatchObject({ issueDate: 'chip', expiryDate: 'chip', documentNumber: 'chip', oldIdNumber: 'chip' });
  });

  it('goes into the identity, and an identity without it still parses', () => {
    const base = { ...asTyped(), source: 'qr' as const, assurance: 'declared' as const };
    const p = build({ qr, mrz: mrzOf(), submitted: asTyped() });
    expect(identity.parse({ ...base, provenance: p }).provenance).toEqual(p);
    expect(identity.parse(base).provenance).toBeUndefined();
  });

  it('the schema refuses a value smuggled into a detail and drops unknown keys', () => {
    const bad = {
      fields: {},
      checks: [{ check: 'sources-agree', outcome: 'error', code: 'DK_ERR_ID_SOURCES_DISAGREE', detail: { field: '079305001234' } }],
    };
    expect(identityProvenance.safeParse(bad).success).toBe(false);
    const extra = { fields: {}, checks: [{ check: 'mrz-fields', outcome: 'passed', detail: { source: 'mrz', value: 'Trần Thị' } }] };
    expect(JSON.stringify(identityProvenance.parse(extra))).not.toContain('Trần');
  });

  it('carries no personal data', () => {
    const p = build(
      {
        chip: chipOf('not-verified', { fullName: 'Trần Thị Thanh Lan' }),
        qr,
        mrz: mrzOf({ birthDate: '2005-01-03' }),
        submitted: { ...asTyped(), address: 'Số 7 Đường Khác' },
      },
      '2031-01-01',
    );
    expect(JSON.stringify(p)).not.toMatch(/079305|025123|TRAN|Trần|2005|2030|LINH|Số/);
  });
});

describe('buildIdentityProvenance on arbitrary readings (property)', () => {
  /** Everything the output may spell: names of fields, sources, checks, outcomes, keys. A value found in the output must be part of this. */
  const MRZ_CHECK_NAMES = [
    'documentNumber',
    'idNumber',
    'birthDate',
    'expiryDate',
    'composite',
    'birthDateValid',
    'expiryDateValid',
    'sexValid',
    'idNumberLayout',
    'documentCodeValid',
    'issuingStateValid',
    'nationalityValid',
    'nameValid',
    'ocrConfirmed',
    'layout',
  ];
  const vocabulary = [
    ...PROVENANCE_FIELDS,
    ...IDENTITY_CHECKS,
    ...MRZ_CHECK_NAMES,
    'chip',
    'qr',
    'mrz',
    'manual',
    'passed',
    'info',
    'warning',
    'error',
    'fields',
    'checks',
    'check',
    'outcome',
    'code',
    'detail',
    'source',
    'sources',
    'edited',
    'editedFrom',
    'line',
    'position',
    'true',
    'false',
    'DK_ERR_',
  ].join(' ');

  const value = fc.oneof(
    fc.string({ minLength: 6, maxLength: 24 }),
    fc.string({ unit: 'grapheme', minLength: 6, maxLength: 24 }),
    fc.stringMatching(/^\d{12}$/),
    fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  );
  const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
  const sexA = fc.constantFrom('M', 'F');
  const fieldsA = fc.record({
    idNumber: maybe(value),
    fullName: maybe(value),
    birthDate: maybe(value),
    sex: maybe(fc.oneof(sexA, value)),
    address: maybe(value),
    issueDate: maybe(value),
    expiryDate: maybe(fc.oneof(value, fc.constant(null))),
    documentNumber: maybe(value),
    oldIdNumber: maybe(value),
  });
  const qrA: fc.Arbitrary<QrIdentity> = fc.record({
    generation: fc.constantFrom('cccd' as const, 'can-cuoc' as const),
    idNumber: value,
    oldIdNumber: fc.option(value),
    fullName: value,
    birthDate: value,
    sex: sexA,
    address: value,
    issueDate: value,
    extraFieldCount: fc.nat(4),
  });
  const MRZ_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<';
  /** Any 3 × 30 text over the MRZ alphabet, and a valid card MRZ with one character changed; what parseMrz refuses is no reading. */
  const parsed = (l: string[]): MrzResult | null => {
    try {
      return parseMrz(l, { today });
    } catch {
      return null;
    }
  };
  const mrzA: fc.Arbitrary<MrzResult | null> = fc.oneof(
    fc
      .array(fc.string({ unit: fc.constantFrom(...MRZ_ALPHABET), minLength: 30, maxLength: 30 }), { minLength: 3, maxLength: 3 })
      .map(parsed),
    fc.tuple(fc.nat(89), fc.constantFrom(...MRZ_ALPHABET)).map(([i, ch]) => {
      const t = mrzOf().lines.join('');
      const m = t.slice(0, i) + ch + t.slice(i + 1);
      return parsed([m.slice(0, 30), m.slice(30, 60), m.slice(60)]);
    }),
  );
  const input = fc.record({
    chip: fc.option(
      fc.record({ identity: fieldsA, verdict: fc.constantFrom('verified' as const, 'not-verified' as const, 'failed' as const) }),
    ),
    qr: fc.option(qrA),
    mrz: fc.option(mrzA),
    mrzCorrections: fc.array(
      fc.record({
        line: fc.integer({ min: 1, max: 3 }),
        position: fc.integer({ min: 1, max: 30 }),
        from: value,
        to: value,
        check: fc.constantFrom('birthDate' as const, 'composite' as const, 'layout' as const),
      }),
      { maxLength: 4 },
    ),
    submitted: fieldsA,
  });

  it('never throws, always parses with the schema, and never spells a value it was given', () => {
    fc.assert(
      fc.property(input, (i) => {
        const p = buildIdentityProvenance({ ...i, today });
        expect(identityProvenance.safeParse(p).success).toBe(true);
        const out = JSON.stringify(p);
        const given = [i.chip?.identity, i.qr, i.submitted, ...(i.mrzCorrections ?? [])].flatMap((o) => Object.values(o ?? {}));
        for (const v of [...given, ...(i.mrz ? Object.values(i.mrz.fields) : [])]) {
          if (typeof v === 'string' && v.length >= 6 && out.includes(v)) expect(vocabulary).toContain(v);
        }
      }),
      { numRuns: 400 },
    );
  });
});
