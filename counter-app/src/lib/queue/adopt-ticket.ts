import { applyEvent, registrationState, type RegistrationState } from '@dangky/core/events';
import { DangkyError } from '@dangky/core/errors';
import { openRegistration } from '@dangky/core/handoff';
import { openingSiteKeys, type Sealer } from '@dangky/web';
import type { CounterDb } from '../db/counter-db.ts';
import { mergeRegistrations } from './registration-store.ts';

/**
 * A scanned ticket into this counter's queue, with no server: the QR's sealed registration is
 * opened with the site keys the counter received after enrolment (docs/handoff-ticket.md) and
 * folded — the same `applyEvent` the server runs — into a waiting registration, stored like one
 * the server sent (version 1, so the server's own copy replaces it when the booth is back
 * online). The clerk then calls and serves it as usual; the outcome events wait in the outbox
 * and the server folds them once the kiosk's submission reaches it, in whichever order.
 *
 * Refusals are the seal's codes: another site's ticket, an earlier day's, an altered one.
 */
export async function adoptTicket(
  db: CounterDb,
  sealer: Sealer,
  text: string,
  context: { siteId: string; now?: Date },
): Promise<RegistrationState> {
  const opened = await openRegistration(text.trim(), {
    siteId: context.siteId,
    keys: await openingSiteKeys(db, sealer),
    now: context.now ?? new Date(),
  });
  const folded = applyEvent(undefined, {
    v: 1,
    // The kiosk's event id is not on the ticket; the fold reads only the payload and the time.
    id: opened.draft.registrationId,
    deviceId: opened.kioskDeviceId,
    seq: 1,
    occurredAt: opened.submittedAt,
    type: 'registration.submitted',
    payload: opened.draft,
  });
  if (!folded.ok) throw new DangkyError(folded.code);
  const state = registrationState.parse(folded.state);
  await mergeRegistrations(db, sealer, [state]);
  return state;
}
