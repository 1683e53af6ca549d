import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventEnvelope } from '../events/envelope.ts';
import { kioskSeconds, kioskSecondsBetween, MAX_KIOSK_SECONDS } from './kiosk-time.ts';
import { registrationDraft } from './registration.ts';

const draft = {
  registrationId: '019ab000-0000-7000-8000-000000000001',
  siteId: 'hcm-ben-thanh',
  service: { kind: 'eid-level2' },
  identity: {
    idNumber: '079190012345',
    fullName: 'Nguyễn Thị Thử',
    birthDate: '1990-05-17',
    sex: 'F',
    address: '12 Lê Lợi',
    source: 'manual',
    assurance: 'declared',
  },
  contact: { phone: '0912345678', email: null },
  consent: { given: true, textVersion: 'v1', purposes: ['registration'], at: '2026-11-29T02:00:00.000Z' },
  ticket: { number: 'A-001', day: '2026-11-29' },
  language: 'vi',
};
const codesOf = (r: { success: boolean; error?: { issues: { message: string; path: PropertyKey[] }[] } }) =>
  r.error?.issues.map((i) => [i.path.join('.'), i.message]) ?? [];

describe('the time at the kiosk on a submission', () => {
  it.each([
    ['a whole number of seconds', 95, 95],
    ['no time at all (a card read that answered everything)', 0, 0],
    ['the longest visit', MAX_KIOSK_SECONDS, MAX_KIOSK_SECONDS],
  ])('takes %s', (_, value, parsed) => {
    expect(registrationDraft.parse({ ...draft, kioskSeconds: value }).kioskSeconds).toBe(parsed);
  });

  it.each([
    ['negative', -1],
    ['a fraction', 12.5],
    ['over an hour', MAX_KIOSK_SECONDS + 1],
    ['a string', '95'],
    ['not a number', Number.NaN],
    ['infinite', Number.POSITIVE_INFINITY],
  ])('refuses %s with its own code', (_, value) => {
    const r = registrationDraft.safeParse({ ...draft, kioskSeconds: value });
    expect(codesOf(r)).toEqual([['kioskSeconds', 'DK_ERR_KIOSK_TIME_RANGE']]);
  });

  it('leaves a submission made before it existed valid, and keeps it absent', () => {
    const old = registrationDraft.parse(draft);
    expect(old).not.toHaveProperty('kioskSeconds');
    const event = { v: 1, id: draft.registrationId, deviceId: 'kiosk-1', seq: 1, occurredAt: '2026-11-29T02:00:00.000Z' };
    expect(eventEnvelope.safeParse({ ...event, type: 'registration.submitted', payload: draft }).success).toBe(true);
    const absurd = eventEnvelope.safeParse({ ...event, type: 'registration.submitted', payload: { ...draft, kioskSeconds: 86_400 } });
    expect(codesOf(absurd)).toEqual([['payload.kioskSeconds', 'DK_ERR_KIOSK_TIME_RANGE']]);
  });

  it('parses exactly the whole seconds from 0 to the maximum (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.double(), fc.constant(-0)), (value) => {
        const ok = Number.isInteger(value) && value >= 0 && value <= MAX_KIOSK_SECONDS;
        const r = kioskSeconds.safeParse(value);
        expect(r.success).toBe(ok);
        if (r.success) expect(r.data).toBe(value);
        else expect(r.error.issues.every((i) => i.message === 'DK_ERR_KIOSK_TIME_RANGE')).toBe(true);
      }),
    );
  });
});

describe("the kiosk's measurement between two clock readings", () => {
  it.each([
    ['rounded to whole seconds', 1_000, 96_400, 95],
    ['half a second up', 0, 1_500, 2],
    ['nothing before the citizen started', null, 5_000, null],
    ['nothing from a clock that went back', 10_000, 4_000, null],
    ['a visit of exactly the maximum', 0, MAX_KIOSK_SECONDS * 1000, MAX_KIOSK_SECONDS],
    ['nothing longer than a visit can be', 0, (MAX_KIOSK_SECONDS + 1) * 1000, null],
    ['nothing from a clock that is not a number', 0, Number.NaN, null],
  ])('%s', (_, started, submitted, seconds) => {
    expect(kioskSecondsBetween(started, submitted)).toBe(seconds);
  });

  it('gives only what the parser takes (property)', () => {
    fc.assert(
      fc.property(fc.option(fc.double({ noNaN: false })), fc.double(), (started, submitted) => {
        const s = kioskSecondsBetween(started, submitted);
        if (s !== null) expect(kioskSeconds.parse(s)).toBe(s);
      }),
    );
  });
});
