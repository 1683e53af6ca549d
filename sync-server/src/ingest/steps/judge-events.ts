import { applyEvent, type DomainEvent, type RegistrationState } from '@dangky/core/events';
import type { EventGate } from '../gates/index.ts';
import { countDelta, type CountDelta } from '../counts.ts';
import { queueStatsDelta, type QueueStatsDelta } from '../queue-delta.ts';
import { rejected, type Candidate, type Results } from './results.ts';

export interface Judged {
  accepted: DomainEvent[];
  /** Every registration an accepted event changed, in its state after the batch. */
  changed: RegistrationState[];
  deltas: CountDelta[];
  /** What the accepted events add to the waiting-room statistics. */
  queueDeltas: QueueStatsDelta[];
  /** Events held until their registration's submission arrives (answered `accepted`). */
  held: DomainEvent[];
  /** Registrations this batch submitted: their held events, if any, are judged now. */
  submitted: string[];
}

/**
 * Runs each event, in the device's order, through the gates and then the registration fold,
 * writing its answer into `results`. A later event of the batch sees the registration as the
 * earlier accepted ones left it, exactly as if they had come in separate pushes.
 */
export function judgeEvents(
  candidates: readonly Candidate<DomainEvent>[],
  gates: readonly EventGate[],
  stored: ReadonlyMap<string, RegistrationState>,
  results: Results,
): Judged {
  const states = new Map(stored);
  const changed = new Set<string>();
  const accepted: DomainEvent[] = [];
  const deltas: CountDelta[] = [];
  const queueDeltas: QueueStatsDelta[] = [];
  const held: DomainEvent[] = [];
  const submitted: string[] = [];

  for (const { index, event } of candidates) {
    const regId = event.payload.registrationId;
    const before = states.get(regId);
    let verdict = null;
    for (const gate of gates) if ((verdict = gate.check(event, before))) break;
    if (verdict?.status === 'held') {
      held.push(event);
      results[index] = { id: event.id, status: 'accepted' };
      continue;
    }
    if (verdict) {
      results[index] =
        verdict.status === 'duplicate' ? { id: event.id, status: 'duplicate' } : rejected(event.id, verdict.code, verdict.why);
      continue;
    }
    const folded = applyEvent(before, event);
    if (!folded.ok) {
      results[index] = rejected(event.id, folded.code);
      continue;
    }
    states.set(regId, folded.state);
    changed.add(regId);
    for (const gate of gates) gate.accepted?.(event, folded.state);
    const delta = countDelta(event, folded.state);
    if (delta) deltas.push(delta);
    const queueDelta = queueStatsDelta(event, before, folded.state);
    if (queueDelta) queueDeltas.push(queueDelta);
    accepted.push(event);
    if (event.type === 'registration.submitted') submitted.push(regId);
    results[index] = { id: event.id, status: 'accepted' };
  }
  return { accepted, changed: [...changed].map((id) => states.get(id)!), deltas, queueDeltas, held, submitted };
}
