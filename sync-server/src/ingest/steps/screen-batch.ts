import { eventEnvelope, type DomainEvent } from '@dangky/core/events';
import { isErrorCode } from '@dangky/core/errors';
import type { PushRequest } from '@dangky/core/protocol';
import type { AuthedDevice } from '../../auth/device-auth.ts';
import { sameEvent } from '../same-event.ts';
import { rejected, type Candidate, type Results } from './results.ts';

/**
 * The checks that need no database: the event is the sending device's, matches its schema (no
 * text the database cannot store), appears once in the batch (again with other content: a conflict), and holds a sequence number no earlier event of the batch holds. What passes
 * goes on to the gates; what fails is answered here without touching the rest.
 */
export function screenBatch(
  device: AuthedDevice,
  events: PushRequest['events'],
): { results: Results; candidates: Candidate<DomainEvent>[] } {
  const results: Results = new Array(events.length);
  const candidates: Candidate<DomainEvent>[] = [];
  const seenIds = new Map<string, DomainEvent>();
  const seenSeqs = new Set<number>();

  events.forEach((loose, index) => {
    if (loose.deviceId !== device.id) return void (results[index] = rejected(loose.id, 'DK_ERR_EVENT_DEVICE_MISMATCH'));
    const parsed = eventEnvelope.safeParse(loose);
    if (!parsed.success) {
      const paths = parsed.error.issues
        .map((i) => i.path.join('.') || '(root)')
        .slice(0, 5)
        .join(', ');
      // A rule that names its refusal (text the database cannot store, a kiosk time out of range, a
      // phone number) answers with that code: the device's technician knows what to look for.
      const named = parsed.error.issues.map((i) => i.message).filter(isErrorCode);
      const code = named.includes('DK_ERR_TEXT_UNSTORABLE') ? 'DK_ERR_TEXT_UNSTORABLE' : (named[0] ?? 'DK_ERR_EVENT_INVALID');
      return void (results[index] = rejected(loose.id, code, `invalid at ${paths}`));
    }
    const earlier = seenIds.get(loose.id);
    if (earlier)
      return void (results[index] = sameEvent(earlier, parsed.data)
        ? { id: loose.id, status: 'duplicate' }
        : rejected(loose.id, 'DK_ERR_EVENT_ID_CONFLICT'));
    if (seenSeqs.has(loose.seq)) return void (results[index] = rejected(loose.id, 'DK_ERR_EVENT_SEQUENCE_CONFLICT'));
    seenIds.set(loose.id, parsed.data);
    seenSeqs.add(loose.seq);
    candidates.push({ index, event: parsed.data });
  });
  return { results, candidates };
}
