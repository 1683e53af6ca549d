import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KioskAnswers } from '@dangky/core/machines';
import type { PairingLink } from '@dangky/core/protocol';
import { pendingEvents, sealerFor, type Sealer } from '@dangky/web';
import { rowKeysInMemory } from '@dangky/web/testing';
import { KioskDb } from './kiosk-db.ts';
import { submitRegistration } from './submit-registration.ts';
import { nextTicket } from './ticket-counter.ts';
import { generateSiteKey, importSitePrivateKey, openRegistration } from '@dangky/core/handoff';

const pairing: PairingLink = {
  server: 'http://127.0.0.1:4100',
  deviceId: 'kiosk-hcm-ben-thanh-1',
  deviceSecret: 'd'.repeat(32),
  siteId: 'hcm-ben-thanh',
  siteName: 'UBND phường Bến Thành',
  ticketPrefix: 'A',
};
const answers: KioskAnswers = {
  service: { kind: 'digital-signature', channel: 'remote', providerId: 'viettel' },
  identity: {
    idNumber: '079190012345',
    fullName: 'Lê Thị Thử',
    birthDate: '1990-05-17',
    sex: 'F',
    address: '1 Lê Lợi',
    source: 'manual',
    assurance: 'declared',
  },
  contact: { phone: '0912345678', email: null },
  consentAt: '2026-11-29T01:59:00.000Z',
  language: 'vi',
  priority: false,
};

let db: KioskDb;
let sealer: Sealer;
beforeEach(async () => {
  db = new KioskDb(`kiosk-test-${Math.random()}`);
  sealer = sealerFor(rowKeysInMemory());
});
afterEach(() => db.delete());

describe('ticket numbers', () => {
  it('count up through a Ho Chi Minh day and restart at 1 the next day (midnight is 17:00 UTC)', async () => {
    const at = (iso: string) => new Date(iso);
    expect((await nextTicket(db, 'A', at('2026-11-29T01:00:00Z'))).number).toBe('A-001');
    expect((await nextTicket(db, 'A', at('2026-11-29T16:59:59Z'))).number).toBe('A-002');
    const next = await nextTicket(db, 'A', at('2026-11-29T17:00:00Z'));
    expect(next).toEqual({ number: 'A-001', day: '2026-11-30' });
  });

  it('never hand out the same number twice, even to concurrent submissions', async () => {
    const now = new Date('2026-11-29T02:00:00Z');
    const tickets = await Promise.all(Array.from({ length: 20 }, () => nextTicket(db, 'B', now)));
    expect(new Set(tickets.map((t) => t.number)).size).toBe(20);
  });
});

describe('submitRegistration', () => {
  it('writes one registration.submitted with the ticket, the consent purposes and the site', async () => {
    const now = new Date('2026-11-29T02:00:00Z');
    const out = await submitRegistration(db, sealer, pairing, answers, now);
    expect(out.ticket).toEqual({ number: 'A-001', day: '2026-11-29' });
    const [event, ...rest] = await pendingEvents(db, sealer);
    expect(rest).toEqual([]);
    expect(event).toMatchObject({
      deviceId: 'kiosk-hcm-ben-thanh-1',
      seq: 1,
      type: 'registration.submitted',
      occurredAt: now.toISOString(),
      payload: {
        registrationId: out.registrationId,
        siteId: 'hcm-ben-thanh',
        ticket: out.ticket,
        consent: { given: true, purposes: ['registration', 'provider-transfer'], at: answers.consentAt },
        identity: answers.identity,
      },
    });
  });

  it('records a priority request as the optional field, and leaves the payload as it was without one', async () => {
    await submitRegistration(db, sealer, pairing, answers);
    await submitRegistration(db, sealer, pairing, { ...answers, priority: true });
    const [plain, asked] = await pendingEvents(db, sealer);
    expect(plain?.payload).not.toHaveProperty('priority');
    expect(asked?.payload).toMatchObject({ priority: true });
  });

  it('records the time at the kiosk as the optional field, and leaves the payload as it was without one', async () => {
    await submitRegistration(db, sealer, pairing, answers);
    await submitRegistration(db, sealer, pairing, { ...answers, kioskSeconds: 95 });
    const [plain, measured] = await pendingEvents(db, sealer);
    expect(plain?.payload).not.toHaveProperty('kioskSeconds');
    expect(measured?.payload).toMatchObject({ kioskSeconds: 95 });
  });

  it('refuses to register on a kiosk paired without a ticket prefix', async () => {
    const { ticketPrefix: _, ...noPrefix } = pairing;
    await expect(submitRegistration(db, sealer, noPrefix, answers)).rejects.toMatchObject({ code: 'DK_ERR_PAIRING_INVALID' });
  });
});

describe('the hand-off ticket', () => {
  it('prints no sealed registration before the kiosk holds its site key, and one only the site’s counter opens after', async () => {
    const now = new Date('2026-11-29T02:00:00Z');
    const before = await submitRegistration(db, sealer, pairing, answers, now);
    expect(before.handoff).toBeUndefined();

    const site = await generateSiteKey();
    await db.settings.put({ key: 'handoffSeal', value: { kid: site.kid, publicKey: site.publicKey } });
    const after = await submitRegistration(db, sealer, pairing, answers, now);
    expect(after.handoff).toMatch(/^DK:/);
    expect(after.handoff).not.toContain('Lê Thị Thử');
    const keys = [{ kid: site.kid, privateKey: await importSitePrivateKey(site) }];
    const opened = await openRegistration(after.handoff!, { siteId: 'hcm-ben-thanh', keys, now });
    const [, event] = await pendingEvents(db, sealer);
    // The counter opens what the outbox will push (an absent e-mail travels as absent, not null).
    expect(event!.type).toBe('registration.submitted');
    expect(opened.draft).toEqual({ ...event!.payload, contact: { phone: '0912345678' } });
    expect(opened.submittedAt).toBe(event!.occurredAt);

    // The time at the kiosk travels in the pushed submission, not on the ticket: the ticket opens as before.
    const timed = await submitRegistration(db, sealer, pairing, { ...answers, kioskSeconds: 95 }, now);
    const { kioskSeconds, ...served } = (await pendingEvents(db, sealer))[2]!.payload as { kioskSeconds?: number };
    expect(kioskSeconds).toBe(95);
    const reopened = await openRegistration(timed.handoff!, { siteId: 'hcm-ben-thanh', keys, now });
    expect(reopened.draft).toEqual({ ...served, contact: { phone: '0912345678' } });
  });
});
