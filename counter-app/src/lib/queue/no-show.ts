import type { DomainEvent, RegistrationState } from '@dangky/core/events';
import { DangkyError, type ErrorCode } from '@dangky/core/errors';
import { citizenLeftGate, noShowActionGate, noShowGraceEnds, type ServiceRules } from '@dangky/core/gates';
import { appendEvent, type Sealer } from '@dangky/web';
import type { CounterDb } from '../db/counter-db.ts';

/**
 * The tickets this counter marked "not here" (`registration.no-show`): each waits out its grace
 * period, during which the clerk can recall it (call it again: the counter's `ticket.call`) or put
 * it back in the queue; "citizen left" is recorded before the grace ran out only on the clerk's
 * explicit confirmation. Every action asks core's gate — the same the server asks on push —
 * before it reaches the outbox, and carries the clerk signed in.
 */
export interface AbsentTicket {
  registration: RegistrationState;
  /** When the ticket lapses (ms since the epoch): no recall or put-back from then on. */
  graceEndsAt: number;
}

export function absentAt(views: readonly RegistrationState[], counterId: string, rules: ServiceRules): AbsentTicket[] {
  return views
    .filter((v) => v.status === 'called' && v.noShow && v.noShow.counterId === counterId)
    .map((v) => ({ registration: v, graceEndsAt: Date.parse(noShowGraceEnds(v.noShow!.at, rules)) }))
    .sort((a, b) => a.graceEndsAt - b.graceEndsAt);
}

/** Why this counter may not call this ticket again now (a no-show past its grace, or another counter's), or `null`. */
export function recallProblem(registration: RegistrationState, counterId: string, rules: ServiceRules, now = new Date()): ErrorCode | null {
  const decision = noShowActionGate({ action: 'recall', noShow: registration.noShow, counterId, at: now.toISOString(), rules });
  return decision.ok ? null : decision.code;
}

export interface AbsentAction {
  deviceId: string;
  operatorId: string;
  registration: RegistrationState;
  rules: ServiceRules;
  now?: Date;
}

/** Back in the queue at its original place, while the grace period runs. */
export async function putBack(db: CounterDb, sealer: Sealer, options: AbsentAction): Promise<DomainEvent> {
  const { registration, rules, now = new Date() } = options;
  const decision = noShowActionGate({ action: 'put-back', noShow: registration.noShow, at: now.toISOString(), rules });
  if (!decision.ok) throw new DangkyError(decision.code);
  const by = { registrationId: registration.registrationId, operatorId: options.operatorId };
  return appendEvent(db, sealer, { deviceId: options.deviceId, type: 'registration.put-back', payload: by, now });
}

/** "Citizen left": after the grace period, or before it with the clerk's explicit confirmation. */
export async function cancelAbsent(db: CounterDb, sealer: Sealer, options: AbsentAction & { confirmed: boolean }): Promise<DomainEvent> {
  const { registration, rules, confirmed, now = new Date() } = options;
  if (registration.status !== 'called' && registration.status !== 'waiting') throw new DangkyError('DK_ERR_ILLEGAL_TRANSITION');
  const decision = citizenLeftGate({ noShowAt: registration.noShow?.at ?? null, at: now.toISOString(), confirmed, rules });
  if (!decision.ok) throw new DangkyError(decision.code);
  const payload = {
    registrationId: registration.registrationId,
    operatorId: options.operatorId,
    reason: 'citizen-left' as const,
    ...(confirmed ? { confirmed: true } : {}),
  };
  return appendEvent(db, sealer, { deviceId: options.deviceId, type: 'registration.cancelled', payload, now });
}
