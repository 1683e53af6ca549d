import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChipReadResult } from '@dangky/core/agent';
import { tokenCareEvent } from '@dangky/core/events';
import { evidenceOf, tokenCareGate } from '@dangky/core/gates';
import { applyOrThrow, foldOrThrow, registrationEvents, testIdentity, tokenService } from '@dangky/core/testing';
import type { IdentityApproval } from '@dangky/core/protocol';
import { pendingEvents, sealerFor } from '@dangky/web';
import { rowKeysInMemory } from '@dangky/web/testing';
import { CounterDb } from '../db/counter-db.ts';
import { careTargetsFor } from './care-targets.ts';
import { appendCareApproval, appendCareChipRead } from './care-identity.ts';

const at = '2026-11-22T09:00:00+07:00';

/** A token issued for the test identity, as the counter's synced store holds it. */
function issued() {
  const e = registrationEvents({ at });
  const state = foldOrThrow(
    e.submitted(tokenService, { ticket: 'A-001' }),
    e.called(),
    e.event('token.issued', { ...e.by, tokenSerial: 'TK-1', identityCheck: 'documents-checked' }),
  );
  return { e, state };
}

const card = (verdict: ChipReadResult['verdict'], fullName: string): ChipReadResult => ({
  access: 'PACE',
  verdict,
  reason: verdict,
  identity: { idNumber: testIdentity.idNumber, fullName, birthDate: testIdentity.birthDate, sex: 'M', expiryDate: '2039-05-15' },
  photo: null,
  totalMs: 900,
});

describe('the holder identified for token care', () => {
  let db: CounterDb;
  const sealer = sealerFor(rowKeysInMemory());
  beforeEach(() => {
    db = new CounterDb(`care-identity-${Math.random()}`);
  });
  afterEach(() => db.delete());

  it('records the holder’s card as a token-care chip read with outcomes only, and the fold and the gate take it as the machine did', async () => {
    const { e, state } = issued();
    const [target] = careTargetsFor([state], 'A-001');
    const options = { deviceId: 'counter-1', operatorId: 'clerk.an', target: target!, day: '2026-11-22' };
    const read = await appendCareChipRead(db, sealer, { ...options, result: card('verified', testIdentity.fullName) });
    expect(read).toMatchObject({ verdict: 'verified', fields: { idNumber: 'match', fullName: 'match', birthDate: 'match', sex: 'match' } });

    const [stored] = await pendingEvents(db, sealer, 10);
    expect(stored).toMatchObject({
      id: read.readId,
      type: 'identity.chip-read',
      payload: { purpose: 'token-care', operatorId: 'clerk.an' },
    });
    // Never the chip's values: only which fields matched.
    expect(JSON.stringify(stored!.payload)).not.toContain(testIdentity.fullName);

    const after = applyOrThrow(state, stored!);
    const unblock = tokenCareEvent(
      { kind: 'pin-unblocked', reason: 'pin-blocked', identityCheck: 'chip-matched' },
      { ...e.by, tokenSerial: 'TK-1' },
    );
    expect(tokenCareGate(evidenceOf(after), { action: 'unblock', identityCheck: unblock.payload.identityCheck })).toEqual({ ok: true });
  });

  it('records someone else’s genuine card as a mismatch the gate refuses, papers or not', async () => {
    const { state } = issued();
    const [target] = careTargetsFor([state], 'A-001');
    const options = { deviceId: 'counter-1', operatorId: 'clerk.an', target: target!, day: '2026-11-22' };
    await appendCareChipRead(db, sealer, { ...options, result: card('verified', 'Lê Thị Khác') });
    const [stored] = await pendingEvents(db, sealer, 10);
    const after = applyOrThrow(state, stored!);
    expect(tokenCareGate(evidenceOf(after), { action: 'unblock', identityCheck: 'documents-checked' })).toMatchObject({
      ok: false,
      code: 'DK_ERR_IDENTITY_CHIP_MISMATCH',
    });
  });

  it('records a manager’s approval of an unverified chip as the manager’s event, which lets the papers through', async () => {
    const { state } = issued();
    const [target] = careTargetsFor([state], 'A-001');
    const options = { deviceId: 'counter-1', operatorId: 'clerk.an', target: target!, day: '2026-11-22' };
    const read = await appendCareChipRead(db, sealer, { ...options, result: card('not-verified', 'Lê Thị Khác') });
    const approval: IdentityApproval = {
      approvalId: '019ab000-0000-7000-8000-0000000000aa',
      registrationId: state.registrationId,
      chipReadId: read.readId,
      approvedBy: 'manager.benthanh',
      approverName: 'Quản lý Bến Thành',
      reason: 'Thẻ cũ, chip hỏng; đã gọi xác minh với công an phường.',
      at: '2026-11-22T02:30:00.000Z',
    };
    await appendCareApproval(db, sealer, { deviceId: 'counter-1', approval });
    const [chipRead, approved] = await pendingEvents(db, sealer, 10);
    expect(approved).toMatchObject({
      type: 'identity.mismatch-approved',
      payload: { operatorId: 'manager.benthanh', approvalId: approval.approvalId, chipReadId: read.readId },
    });
    const before = applyOrThrow(state, chipRead!);
    expect(tokenCareGate(evidenceOf(before), { action: 'unblock', identityCheck: 'documents-checked' })).toMatchObject({
      code: 'DK_ERR_IDENTITY_APPROVAL_REQUIRED',
    });
    const after = applyOrThrow(before, approved!);
    expect(tokenCareGate(evidenceOf(after), { action: 'unblock', identityCheck: 'documents-checked' })).toEqual({ ok: true });
  });
});
