import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventEnvelope, foldRegistration, uuidv7 } from '@dangky/core/events';
import type { RegistrationView } from '@dangky/core/protocol';
import { CounterDb } from '../db/counter-db.ts';
import { maskEmail, maskId, maskPhone } from './mask.ts';
import { appendOutcome } from './outcome-event.ts';
import { openSealer } from '@dangky/web';

describe('masking', () => {
  it('keeps the ends of a phone, ID number and e-mail only', () => {
    expect(maskPhone('0912345678')).toBe('091••••678');
    expect(maskId('079099012345')).toBe('079••••••345');
    expect(maskEmail('an.nguyen@example.vn')).toBe('an•••••••@example.vn');
    expect(maskEmail('a@b.vn')).toBe('•@b.vn');
  });
});

describe('appendOutcome', () => {
  let db: CounterDb;
  beforeEach(() => {
    db = new CounterDb(`outcome-${Math.random()}`);
  });
  afterEach(() => db.delete());

  const registrationId = uuidv7();
  const submitted = (service: RegistrationView['draft']['service']) =>
    eventEnvelope.parse({
      v: 1,
      id: uuidv7(),
      deviceId: 'kiosk-hcm-ben-thanh-1',
      seq: 1,
      occurredAt: '2026-11-22T02:00:00.000Z',
      type: 'registration.submitted',
      payload: {
        registrationId,
        siteId: 'hcm-ben-thanh',
        service,
        identity: {
          idNumber: '079099012345',
          fullName: 'Nguyễn Văn An',
          birthDate: '1999-05-15',
          sex: 'M',
          address: 'Số 1',
          source: 'manual',
          assurance: 'declared',
        },
        contact: { phone: '0912345678' },
        consent: { given: true, textVersion: 'consent-2026.1', purposes: ['registration'], at: '2026-11-22T02:00:00.000Z' },
        ticket: { number: 'A-001', day: '2026-11-22' },
        language: 'vi',
      },
    });

  it.each([
    [
      { kind: 'digital-signature', channel: 'token', providerId: 'vnpt' },
      { kind: 'token-issued', tokenSerial: ' SN-0001 ' },
      'token-issued',
    ],
    [{ kind: 'digital-signature', channel: 'remote', providerId: 'misa' }, { kind: 'remote-activated' }, 'remote-activated'],
    [{ kind: 'eid-level2' }, { kind: 'eid-level2-handed-over' }, 'eid-level2-handed-over'],
    [{ kind: 'eid-level2' }, { kind: 'cancelled', reason: 'identity-mismatch', note: 'ảnh không khớp' }, 'cancelled'],
  ] as const)('writes an event the fold reads back as the same outcome (%j → %j)', async (service, outcome, expected) => {
    const sub = submitted(service);
    const start = foldRegistration([sub]);
    if (!start.ok) throw new Error(start.code);
    const registration = start.state;
    const called = eventEnvelope.parse({
      ...sub,
      id: uuidv7(),
      seq: 2,
      type: 'registration.called',
      payload: { registrationId, operatorId: 'clerk.benthanh', counterId: 'counter-hcm-ben-thanh-1' },
    });
    const event = await appendOutcome(db, await openSealer(db), 'counter-hcm-ben-thanh-1', {
      registration,
      outcome,
      operatorId: 'clerk.benthanh',
    });
    const end = foldRegistration([sub, called, event]);
    expect(end.ok && end.state.outcome).toBe(expected);
  });
});
