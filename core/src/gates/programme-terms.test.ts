import { describe, expect, it } from 'vitest';
import { addMonths, programmeIssuance, type ProgrammeTerms } from './programme-terms.ts';
import type { Holding } from './holding.ts';
import { heldCertificate } from '../testing/holdings.ts';

const at = '2026-11-22T03:00:00.000Z';
const held = heldCertificate();
const token = { kind: 'digital-signature', channel: 'token', providerId: 'viettel' } as const;

describe('programmeIssuance: free or not, until when, and one free certificate per citizen', () => {
  it.each<[string, ProgrammeTerms | undefined, Holding[], string | null, string | null]>([
    ['12 free months, nothing held', { freeMonths: 12, oneFreePerCitizen: true }, [], null, '2027-11-22'],
    [
      'one free per citizen, one already held',
      { freeMonths: 12, oneFreePerCitizen: true },
      [held],
      'DK_ERR_CERTIFICATE_ALREADY_HELD',
      null,
    ],
    ['no one-free rule: a second one is issued, free too', { freeMonths: 6, oneFreePerCitizen: false }, [held], null, '2027-05-22'],
    ['no free months: issued, nothing free', { freeMonths: 0, oneFreePerCitizen: true }, [], null, null],
    ['the held one was revoked (re-issue)', { freeMonths: 12, oneFreePerCitizen: true }, [{ ...held, revoked: true }], null, '2027-11-22'],
    ['a provider the catalogue lost: the rule holds, nothing free', undefined, [held], 'DK_ERR_CERTIFICATE_ALREADY_HELD', null],
  ])('%s', (_, terms, holdings, code, freeUntil) => {
    const d = programmeIssuance({ service: token, terms, registrationId: 'r-new', holdings, at });
    expect(d.ok ? null : d.code).toBe(code);
    if (d.ok) expect(d.freeUntil).toBe(freeUntil);
  });

  it('counts the free period from the Ho Chi Minh day (an issuance at 23:30 there is the next UTC day)', () => {
    const d = programmeIssuance({
      service: token,
      terms: { freeMonths: 1 },
      registrationId: 'r',
      holdings: [],
      at: '2026-01-30T17:30:00.000Z',
    });
    expect(d).toEqual({ ok: true, freeUntil: '2026-02-28' });
  });

  it('does not apply to e-ID level 2', () => {
    expect(programmeIssuance({ service: { kind: 'eid-level2' }, terms: undefined, registrationId: 'r', holdings: [held], at })).toEqual({
      ok: true,
      freeUntil: null,
    });
  });
});

describe('addMonths', () => {
  it.each([
    ['2026-11-22', 12, '2027-11-22'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-08-31', 6, '2027-02-28'],
    ['2026-12-15', 1, '2027-01-15'],
    ['2026-03-31', 0, '2026-03-31'],
  ])('%s + %i months → %s', (day, months, expected) => {
    expect(addMonths(day, months)).toBe(expected);
  });
});
