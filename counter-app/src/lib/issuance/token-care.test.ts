import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createActor, fromCallback, fromPromise, waitFor } from 'xstate';
import { foldRegistration, uuidv7 } from '@dangky/core/events';
import { evidenceOf } from '@dangky/core/gates';
import { registrationEvents, tokenService } from '@dangky/core/testing';
import {
  tokenCareMachine,
  tokenIssuanceMachine,
  type CareRevocation,
  type CareTarget,
  type IssuanceReceipt,
  type IssueTokenInput,
  type RecordCareInput,
  type RevokeCertificateInput,
  type TokenIssuanceEvent,
  type UnblockTokenInput,
} from '@dangky/core/machines';
import type { TokenSlot } from '@dangky/core/agent';
import type { RegistrationState } from '@dangky/core/events';
import { pendingEvents, sealerFor, type Sealer } from '@dangky/web';
import { rowKeysInMemory } from '@dangky/web/testing';
import { CounterDb } from '../db/counter-db.ts';
import { appendOutcome, appendTokenCare } from '../queue/outcome-event.ts';
import { withPending } from '../queue/registration-store.ts';
import { careTargetsFor } from './care-targets.ts';
import { issuedOutcome } from './issuance-subject.ts';

/** A PIN no one would choose: a hit for it anywhere below is a leak. */
const CANARY = '48291537';
const NEW_PIN = '60419283';
const deviceId = 'counter-hcm-ben-thanh-1';
const operatorId = 'clerk.benthanh';
const {
  registrationId,
  submitted: submittedAs,
  called,
} = registrationEvents({
  registrationId: uuidv7(),
  at: '2026-11-22T02:00:00.000Z',
  deviceId: 'kiosk-hcm-ben-thanh-1',
});
const submitted = () =>
  submittedAs(tokenService, {
    identity: { idNumber: '079199012345', fullName: 'Trần Thị Ánh Tuyết', sex: 'F', address: 'Số 1, TP. Hồ Chí Minh' },
  });

const receipt: IssuanceReceipt = {
  tokenSerial: '8f3c2a19d0e4b7aa',
  keyType: 'rsa2048',
  certificateSerial: '5a1f0c9e',
  notBefore: '2026-11-22T02:00:00.000Z',
  notAfter: '2027-11-22T02:00:00.000Z',
  verified: true,
  algorithm: 'sha256WithRSAEncryption',
};
const blank: TokenSlot = {
  slotId: '1a',
  label: 'DEMO-TOKEN',
  serial: receipt.tokenSerial,
  model: 'SoftHSM v2',
  manufacturer: 'SoftHSM project',
  initialized: true,
  userPinInitialized: false,
  userPinLocked: false,
};

/** The sealer the app uses, keeping every plaintext it was given, so the test can search what reached Dexie before encryption. */
function recording(sealer: Sealer): Sealer & { plaintexts: string[] } {
  const plaintexts: string[] = [];
  return {
    plaintexts,
    keys: sealer.keys,
    seal: (value, options) => {
      plaintexts.push(JSON.stringify(value));
      return sealer.seal(value, options);
    },
    open: (sealed) => sealer.open(sealed),
  };
}

describe('careTargetsFor', () => {
  const issued = (
    over: Partial<RegistrationState>,
    identity: Partial<RegistrationState['draft']['identity']> = {},
    ticket = 'A-001',
  ): RegistrationState => {
    const base = foldRegistration([submitted(), called()]);
    if (!base.ok) throw new Error(base.code);
    const v = base.state;
    return {
      ...v,
      draft: { ...v.draft, identity: { ...v.draft.identity, ...identity }, ticket: { ...v.draft.ticket, number: ticket } },
      status: 'completed',
      outcome: 'token-issued',
      tokenSerial: receipt.tokenSerial,
      ...over,
    };
  };

  it('finds an issued token by ID number, ticket (any case) or token serial, with its recorded certificate and lifecycle', () => {
    const certificate = { serial: '5a1f0c9e', notAfter: receipt.notAfter, providerId: 'vnpt' };
    const views = [issued({ issuedCertificate: certificate, tokenLifecycle: { state: 'blocked', reason: null } })];
    for (const q of ['079199012345', ' a-001 ', receipt.tokenSerial.toUpperCase()]) {
      expect(careTargetsFor(views, q), q).toEqual([
        {
          registrationId,
          ticket: 'A-001',
          fullName: 'Trần Thị Ánh Tuyết',
          tokenSerial: receipt.tokenSerial,
          certificate,
          lifecycle: 'blocked',
          evidence: evidenceOf(views[0]!),
          holder: {
            idNumber: '079199012345',
            fullName: 'Trần Thị Ánh Tuyết',
            birthDate: views[0]!.draft.identity.birthDate,
            sex: views[0]!.draft.identity.sex,
          },
        },
      ]);
    }
  });

  it('reads an older row without certificate or lifecycle as an issued token whose serial is typed from the receipt', () => {
    expect(careTargetsFor([issued({})], 'A-001')).toMatchObject([{ certificate: null, lifecycle: 'issued' }]);
  });

  it('finds nothing for a registration without a token, a partial ID number, or an empty query', () => {
    const views = [issued({ outcome: 'remote-activated', tokenSerial: null }), issued({}, {}, 'A-002')];
    expect(careTargetsFor(views, 'A-001')).toEqual([]);
    expect(careTargetsFor(views, '0791990')).toEqual([]);
    expect(careTargetsFor(views, '  ')).toEqual([]);
  });

  it('lists every token of one citizen, newest first', () => {
    const older = issued(
      { registrationId: uuidv7(), completedAt: '2026-11-01T02:00:00.000Z', tokenSerial: '11aa22bb33cc44dd' },
      {},
      'A-009',
    );
    const newer = issued({ completedAt: '2026-11-22T02:20:00.000Z' });
    expect(careTargetsFor([older, newer], '079199012345').map((t) => t.ticket)).toEqual(['A-001', 'A-009']);
  });
});

describe('the citizen PIN never reaches the counter store (plaintext checked before sealing)', () => {
  let db: CounterDb;
  beforeEach(() => {
    db = new CounterDb(`care-${Math.random()}`);
  });
  afterEach(() => db.delete());

  it('issues with the canary PIN, records the outcome with the certificate, unblocks with a new PIN and records it: no PIN in any sealed plaintext or clear column', async () => {
    const sealer = recording(sealerFor(rowKeysInMemory()));
    const agentCalls: unknown[] = [];

    // Issuance: the core machine, an agent stand-in that takes the PIN, and the app's real outcome writer.
    const issuance = createActor(
      tokenIssuanceMachine.provide({
        actors: {
          issueToken: fromCallback<TokenIssuanceEvent, IssueTokenInput>(({ input, sendBack }) => {
            agentCalls.push({ type: 'token.issue', userPin: input.userPin.take() });
            queueMicrotask(() => sendBack({ type: 'issue.succeeded', receipt }));
          }),
        },
      }),
      {
        input: {
          subject: { fullName: 'Trần Thị Ánh Tuyết', idNumber: '079199012345', province: 'TP. Hồ Chí Minh' },
          keyType: 'rsa2048',
          providerId: 'vnpt',
        },
      },
    ).start();
    issuance.send({ type: 'slots.changed', slots: [blank] });
    issuance.send({ type: 'pin.begin' });
    for (let round = 0; round < 2; round++) {
      for (const digit of CANARY) issuance.send({ type: 'pin.digit', digit });
      issuance.send({ type: 'pin.submit' });
    }
    const issued = await waitFor(issuance, (s) => s.matches('issued'));
    const start = foldRegistration([submitted(), called()]);
    if (!start.ok) throw new Error(start.code);
    const registration = start.state;
    await appendOutcome(db, sealer, deviceId, { registration, outcome: issuedOutcome(issued.context.receipt!, registration), operatorId });

    // The counter's view of its own outbox now has the certificate for "Tra cứu token".
    const written = (await pendingEvents(db, sealer)).at(-1)!;
    expect(written.payload).toMatchObject({ certificate: { serial: '5a1f0c9e', notAfter: receipt.notAfter, providerId: 'vnpt' } });
    const [view] = withPending([registration], [written]);
    const [target] = careTargetsFor([view!], '079199012345');
    expect(target?.certificate?.serial).toBe('5a1f0c9e');

    // Unblock through the care machine with the app's real record writer.
    const care = createActor(
      tokenCareMachine.provide({
        actors: {
          findTokens: fromPromise<CareTarget[], { query: string }>(async () => [target!]),
          unblockToken: fromPromise<void, UnblockTokenInput>(
            async ({ input }) => void agentCalls.push({ type: 'token.unblock', newUserPin: input.newUserPin.take() }),
          ),
          revokeCertificate: fromPromise<CareRevocation, RevokeCertificateInput>(async () => ({
            certificateSerial: '5a1f0c9e',
            revokedAt: new Date().toISOString(),
            inCrl: true,
          })),
          recordCare: fromPromise<void, RecordCareInput>(async ({ input }) => {
            await appendTokenCare(db, sealer, {
              deviceId,
              registrationId: input.target.registrationId,
              operatorId,
              tokenSerial: input.target.tokenSerial,
              record: input.record,
            });
          }),
        },
      }),
    ).start();
    care.send({ type: 'lookup.submitted', query: '079199012345' });
    await waitFor(care, (s) => s.matches('choose'));
    care.send({ type: 'holder.checked' });
    care.send({ type: 'unblock.chosen', reason: 'pin-forgotten' });
    care.send({ type: 'slots.changed', slots: [{ ...blank, userPinInitialized: true }] });
    for (let round = 0; round < 2; round++) {
      for (const digit of NEW_PIN) care.send({ type: 'pin.digit', digit });
      care.send({ type: 'pin.submit' });
    }
    await waitFor(care, (s) => s.matches('done'));
    care.send({ type: 'care.close' });
    care.send({ type: 'lookup.submitted', query: 'A-001' });
    await waitFor(care, (s) => s.matches('choose'));
    care.send({ type: 'holder.checked' });
    care.send({ type: 'revoke.chosen' });
    care.send({ type: 'revoke.next' });
    care.send({ type: 'revoke.confirm' });
    await waitFor(care, (s) => s.matches('done'));

    // The PINs went to the agent, once each — and nowhere else.
    expect(agentCalls).toEqual([
      { type: 'token.issue', userPin: CANARY },
      { type: 'token.unblock', newUserPin: NEW_PIN },
    ]);
    const rows = await db.outbox.toArray();
    expect(rows.map((r) => r.type)).toEqual(['token.issued', 'token.pin-unblocked', 'token.revoked']);
    expect(sealer.plaintexts).toHaveLength(3);
    for (const pin of [CANARY, NEW_PIN]) {
      for (const text of sealer.plaintexts) expect(text).not.toContain(pin);
      // The clear columns of the outbox rows (everything but the ciphertext).
      expect(JSON.stringify(rows.map(({ sealed: _s, ...clear }) => clear))).not.toContain(pin);
      expect(JSON.stringify(issuance.getPersistedSnapshot())).not.toContain(pin);
      expect(JSON.stringify(care.getPersistedSnapshot())).not.toContain(pin);
    }
  });

  it('would catch a PIN that reached a payload (the check is not vacuous)', async () => {
    const sealer = recording(sealerFor(rowKeysInMemory()));
    await sealer.seal({ note: `PIN ${CANARY}` });
    expect(sealer.plaintexts.some((t) => t.includes(CANARY))).toBe(true);
  });
});
