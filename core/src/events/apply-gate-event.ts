import type { ErrorCode } from '../errors/registry.ts';
import { approvedEvidence, correctedEvidence, counterChipEvidence, evidenceOf } from '../gates/identity-evidence.ts';
import { identityGate } from '../gates/identity-gate.ts';
import { typedCorrectionGate } from '../gates/typed-correction.ts';
import { CHIP_COMPARED_FIELDS } from '../gates/chip-comparison.ts';
import type { DomainEvent } from './envelope.ts';
import type { FoldResult } from './fold-registration.ts';
import type { RegistrationState } from './registration-state.ts';

/**
 * The gate events in the registration fold (payloads in `gate-events.ts`, state in
 * `gate-state.ts`):
 *
 * - `identity.chip-read` — the counter's chip read becomes the identity evidence (while the
 *   citizen is called, or after a token was issued, for token care); a manager's earlier approval
 *   does not carry over to a new read.
 * - `identity.mismatch-approved` — only where the identity gate asks for exactly that approval,
 *   for the chip read it names.
 * - `registration.corrected` — before the outcome: the draft takes the new values (the submitted
 *   event is never rewritten; the fold gives the corrected view), the evidence follows
 *   (`correctedEvidence`), and the correction is listed without its values.
 * - `registration.no-show` / `registration.put-back` — a called citizen who did not come keeps
 *   the ticket: it waits for a recall (`registration.called`) or goes back to the queue.
 * - `registration.transferred` / `registration.parked` — the called citizen is sent to another
 *   counter or desk, or held for this counter: the ticket waits again (its place kept), reserved
 *   or on the new desk, until it is called (which clears the hold). Which transfer is allowed
 *   (a counter or desk that exists and serves the citizen) is the queue rule's
 *   (`queue/queue-event.ts`), checked before the event is written and again at ingest.
 * - `eid.level2.result-recorded` — the officer's result after a hand-off: pending any number of
 *   times, then approved or refused once.
 */
export type GateEvent = Extract<
  DomainEvent,
  {
    type:
      | 'identity.chip-read'
      | 'identity.mismatch-approved'
      | 'registration.corrected'
      | 'registration.no-show'
      | 'registration.put-back'
      | 'registration.transferred'
      | 'registration.parked'
      | 'eid.level2.result-recorded';
  }
>;

const GATE_EVENT_TYPES = new Set<string>([
  'identity.chip-read',
  'identity.mismatch-approved',
  'registration.corrected',
  'registration.no-show',
  'registration.put-back',
  'registration.transferred',
  'registration.parked',
  'eid.level2.result-recorded',
]);

export const isGateEvent = (event: DomainEvent): event is GateEvent => GATE_EVENT_TYPES.has(event.type);

const illegal = (code: ErrorCode = 'DK_ERR_ILLEGAL_TRANSITION'): FoldResult => ({ ok: false, code });
const next = (state: RegistrationState, change: Partial<RegistrationState>): FoldResult => ({
  ok: true,
  state: { ...state, ...change, version: state.version + 1 },
});

/** While the citizen is at the counter, or — for token care — after their token was issued. */
const atCounterOrCare = (state: RegistrationState): boolean =>
  state.status === 'called' || (state.status === 'completed' && state.outcome === 'token-issued');

export function applyGateEvent(state: RegistrationState, event: GateEvent): FoldResult {
  switch (event.type) {
    case 'identity.chip-read': {
      if (!atCounterOrCare(state)) return illegal();
      return next(state, { evidence: counterChipEvidence(evidenceOf(state), event.id, event.payload) });
    }
    case 'identity.mismatch-approved': {
      if (!atCounterOrCare(state)) return illegal();
      const evidence = evidenceOf(state);
      const decision = identityGate(evidence);
      const approved = approvedEvidence(evidence, { chipReadId: event.payload.chipReadId, approvedBy: event.payload.operatorId });
      if (!approved || decision.ok || decision.code !== 'DK_ERR_IDENTITY_APPROVAL_REQUIRED') return illegal('DK_ERR_APPROVAL_NOT_NEEDED');
      return next(state, { evidence: approved });
    }
    case 'registration.corrected':
      return applyCorrection(state, event);
    case 'registration.no-show':
      if (state.status !== 'called' || state.noShow) return illegal();
      return next(state, { noShow: { at: event.occurredAt, by: event.payload.operatorId, counterId: event.payload.counterId } });
    case 'registration.put-back':
      if (state.status !== 'called' || !state.noShow) return illegal();
      return next(state, { status: 'waiting', calledBy: null, counterId: null, noShow: null });
    case 'registration.transferred': {
      if (state.status !== 'called' || state.noShow || state.counterId !== event.payload.counterId) return illegal();
      const to = event.payload.to;
      const hold = {
        kind: 'transfer' as const,
        counterId: 'counterId' in to ? to.counterId : null,
        note: event.payload.note?.trim() || null,
      };
      return next(state, {
        ...waitingAgain(event, hold),
        ...('service' in to ? { desk: to.service } : {}),
      });
    }
    case 'registration.parked':
      if (state.status !== 'called' || state.noShow || state.counterId !== event.payload.counterId) return illegal();
      return next(state, waitingAgain(event, { kind: 'park', counterId: event.payload.counterId, note: null }));
    case 'eid.level2.result-recorded': {
      if (state.outcome !== 'eid-level2-handed-over' || (state.eidResult && state.eidResult.result !== 'pending')) return illegal();
      const p = event.payload;
      return next(state, {
        eidResult: {
          result: p.result,
          officerReference: p.officerReference,
          ...(p.reason ? { reason: p.reason } : {}),
          at: event.occurredAt,
          by: p.operatorId,
        },
      });
    }
  }
}

/** Back to waiting after a transfer or a park, held as it says. */
const waitingAgain = (
  event: Extract<GateEvent, { type: 'registration.transferred' | 'registration.parked' }>,
  hold: { kind: 'transfer' | 'park'; counterId: string | null; note: string | null },
): Partial<RegistrationState> => ({
  status: 'waiting',
  calledBy: null,
  counterId: null,
  hold: { ...hold, from: event.payload.counterId, at: event.occurredAt, by: event.payload.operatorId },
});

function applyCorrection(state: RegistrationState, event: Extract<GateEvent, { type: 'registration.corrected' }>): FoldResult {
  if (state.status !== 'waiting' && state.status !== 'called') return illegal();
  const p = event.payload;
  const evidence = evidenceOf(state);
  // Values "from the chip" come from the counter's latest chip read, the one the clerk has on screen.
  if (p.source === 'chip' && (!p.chipReadId || evidence.chip?.origin !== 'counter' || evidence.chip.readId !== p.chipReadId))
    return illegal();
  const { phone, email, ...identityChanges } = p.changes;
  const identity = state.draft.identity;
  const contact = state.draft.contact;
  const fields = (Object.keys(p.changes) as (keyof typeof p.changes)[]).filter((f) =>
    f === 'phone' || f === 'email' ? p.changes[f] !== (contact[f] ?? null) : p.changes[f] !== identity[f],
  );
  if (fields.length === 0) return illegal('DK_ERR_CORRECTION_EMPTY');
  if (p.source === 'typed') {
    const typed = typedCorrectionGate(evidence, fields);
    if (!typed.ok) return illegal(typed.code);
  }
  const typedOverChip = p.source === 'typed' && fields.some((f) => (CHIP_COMPARED_FIELDS as readonly string[]).includes(f));
  return next(state, {
    draft: {
      ...state.draft,
      identity: { ...identity, ...identityChanges, ...(typedOverChip ? { assurance: 'declared' as const } : {}) },
      contact: { ...contact, ...(phone !== undefined ? { phone } : {}), ...(email !== undefined ? { email } : {}) },
    },
    evidence: correctedEvidence(evidence, fields, p.source === 'chip' ? p.chipReadId : null),
    corrections: [...(state.corrections ?? []), { at: event.occurredAt, by: p.operatorId, fields, source: p.source, reason: p.reason }],
  });
}
