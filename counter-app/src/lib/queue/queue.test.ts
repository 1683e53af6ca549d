import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { foldRegistration } from '@dangky/core/events';
import { eidService, registrationEvents, remoteService, tokenService } from '@dangky/core/testing';
import { CounterDb } from '../db/counter-db.ts';
import { maskEmail, maskId, maskPhone } from './mask.ts';
import { appendOutcome } from './outcome-event.ts';
import { pendingEvents, sealerFor } from '@dangky/web';
import { rowKeysInMemory } from '@dangky/web/testing';

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

  it.each([
    [tokenService, { kind: 'token-issued', tokenSerial: ' SN-0001 ' }, 'token-issued'],
    [remoteService, { kind: 'remote-activated' }, 'remote-activated'],
    [eidService, { kind: 'eid-level2-handed-over' }, 'eid-level2-handed-over'],
    [eidService, { kind: 'cancelled', reason: 'identity-mismatch', note: 'ảnh không khớp' }, 'cancelled'],
  ] as const)('puts in the outbox an event the fold reads back as the same outcome (%j → %j)', async (service, outcome, expected) => {
    const { submitted, called } = registrationEvents();
    const sub = submitted(service);
    const start = foldRegistration([sub]);
    if (!start.ok) throw new Error(start.code);
    const sealer = sealerFor(rowKeysInMemory());
    const event = await appendOutcome(db, sealer, 'counter-hcm-ben-thanh-1', {
      registration: start.state,
      outcome,
      operatorId: 'clerk.benthanh',
    });
    const [stored] = await pendingEvents(db, sealer);
    expect(stored).toEqual(event);
    const end = foldRegistration([sub, called(), event]);
    expect(end.ok && end.state.outcome).toBe(expected);
  });
});
