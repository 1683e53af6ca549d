import { describe, expect, it } from 'vitest';
import { hcmDay } from '../time/hcm-day.ts';
import { eligibility } from './eligibility.ts';
import { serviceRules } from './service-rules.ts';

describe('eligibility by age (defaults: signature 18, e-ID level 2 from 14, through a guardian from 6)', () => {
  it.each([
    ['digital-signature', '2008-03-07', '2026-03-06', 'DK_ERR_ELIGIBILITY_SIGNATURE_AGE'],
    ['digital-signature', '2008-03-07', '2026-03-07', null],
    ['digital-signature', '2020-01-10', '2026-11-22', 'DK_ERR_ELIGIBILITY_SIGNATURE_AGE'],
    ['digital-signature', '1950-01-01', '2026-11-22', null],
    ['eid-level2', '2012-11-23', '2026-11-22', 'DK_ERR_ELIGIBILITY_EID_GUARDIAN'],
    ['eid-level2', '2012-11-22', '2026-11-22', null],
    ['eid-level2', '2020-11-22', '2026-11-22', 'DK_ERR_ELIGIBILITY_EID_GUARDIAN'],
    ['eid-level2', '2020-11-23', '2026-11-22', 'DK_ERR_ELIGIBILITY_EID_AGE'],
    ['eid-level2', '2024-02-29', '2026-11-22', 'DK_ERR_ELIGIBILITY_EID_AGE'],
  ] as const)('%s, born %s, on %s → %s', (service, birthDate, day, code) => {
    const decision = eligibility({ service, birthDate, day });
    expect(decision.ok ? null : decision.code).toBe(code);
  });

  it('decides on the Ho Chi Minh day of the issuance, not the UTC date', () => {
    const at = (iso: string) => eligibility({ service: 'digital-signature', birthDate: '2008-03-07', day: hcmDay(iso) }).ok;
    expect(at('2026-03-06T16:59:00Z')).toBe(false);
    expect(at('2026-03-06T17:00:00Z')).toBe(true);
  });

  it('takes the ages from configuration, and says the age needed', () => {
    const rules = serviceRules.parse({ minimumAge: { digitalSignature: 16 } });
    expect(rules.minimumAge).toEqual({ digitalSignature: 16, eidLevel2: 14, eidLevel2WithGuardian: 6 });
    expect(eligibility({ service: 'digital-signature', birthDate: '2010-01-01', day: '2026-01-01', rules }).ok).toBe(true);
    expect(eligibility({ service: 'digital-signature', birthDate: '2010-01-02', day: '2026-01-01', rules })).toEqual({
      ok: false,
      code: 'DK_ERR_ELIGIBILITY_SIGNATURE_AGE',
      minimumAge: 16,
    });
  });
});
