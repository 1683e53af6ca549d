import type { ChipReadResult } from '@dangky/core/agent';
import type { DomainEvent } from '@dangky/core/events';
import { chipReadRecord, type CounterChipRead } from '@dangky/core/gates';
import type { CareTarget } from '@dangky/core/machines';
import type { IdentityApproval } from '@dangky/core/protocol';
import { appendEvent, type Sealer } from '@dangky/web';
import { DangkyError } from '@dangky/core/errors';
import type { CounterDb } from '../db/counter-db.ts';

/**
 * Who stands at the counter for "Tra cứu token", recorded the way issuance records it: the
 * holder's card read on this counter's reader becomes an `identity.chip-read` for token care
 * (its verdict and, per field, whether the registration matched — never the chip's values), and a
 * site manager's approval of an unverified chip that disagrees becomes the manager's
 * `identity.mismatch-approved`. The server checks the care event against exactly these, so the
 * token-care machine is handed the same read (`holder.read`) it will be judged on.
 */
export interface CareIdentityOptions {
  deviceId: string;
  operatorId: string;
  target: CareTarget;
  /** The Ho Chi Minh day, for the card's expiry. */
  day: string;
}

export async function appendCareChipRead(
  db: CounterDb,
  sealer: Sealer,
  options: CareIdentityOptions & { result: ChipReadResult },
): Promise<{ readId: string } & CounterChipRead> {
  const { target, result } = options;
  if (!target.holder) throw new DangkyError('DK_ERR_UNKNOWN_REGISTRATION');
  const record = chipReadRecord(target.holder, result, options.day);
  const event = await appendEvent(db, sealer, {
    deviceId: options.deviceId,
    type: 'identity.chip-read',
    payload: { registrationId: target.registrationId, operatorId: options.operatorId, ...record, purpose: 'token-care' },
  });
  return { readId: event.id, verdict: record.verdict, fields: record.fields, cardExpiry: record.cardExpiry };
}

/** The manager's approval made on the server with their own sign-in, recorded as their event. */
export function appendCareApproval(
  db: CounterDb,
  sealer: Sealer,
  options: { deviceId: string; approval: IdentityApproval },
): Promise<DomainEvent> {
  const { approval } = options;
  return appendEvent(db, sealer, {
    deviceId: options.deviceId,
    type: 'identity.mismatch-approved',
    payload: {
      registrationId: approval.registrationId,
      operatorId: approval.approvedBy,
      approvalId: approval.approvalId,
      chipReadId: approval.chipReadId,
      reason: approval.reason,
    },
  });
}
