import { eventEnvelope, type DomainEvent } from '@dangky/core/events';
import type { PushRequest } from '@dangky/core/protocol';
import type { AuthedDevice } from '../../auth/device-auth.ts';
import { rejected, type Candidate, type Results } from './results.ts';

/**
 * The checks that need no database: the event is the sending device's, appears once in the batch,
 * matches its schema, and holds a sequence number no earlier event of the batch holds. What passes
 * goes on to the gates; what fails is answered here without touching the rest.
 */
export function screenBatch(
  device: AuthedDevice,
  events: PushRequest['events'],
): { results: Results; candidates: Candidate<DomainEvent>[] } {
  const results: Results = new Array(events.length);
  const candidates: Candidate<DomainEvent>[] = [];
  const seenIds = new Set<string>();
  const seenSeqs = new Set<number>();

  events.forEach((loose, index) => {
    if (loose.deviceId !== device.id) return void (results[index] = rejected(loose.id, 'DK_ERR_EVENT_DEVICE_MISMATCH'));
    if (seenIds.has(loose.id)) return void (results[index] = { id: loose.id, status: 'duplicate' });
    const parsed = eventEnvelope.safeParse(loose);
    if (!parsed.success) {
      const paths = parsed.error.issues
        .map((i) => i.path.join('.') || '(root)')
        .slice(0, 5)
        .join(', ');
      return void (results[index] = rejected(loose.id, 'DK_ERR_EVENT_INVALID', `invalid at ${paths}`));
    }
    if (seenSeqs.has(loose.seq)) return void (results[index] = rejected(loose.id, 'DK_ERR_EVENT_SEQUENCE_CONFLICT'));
    seenIds.add(loose.id);
    seenSeqs.add(loose.seq);
    candidates.push({ index, event: parsed.data });
  });
  return { results, candidates };
}
