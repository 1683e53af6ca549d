import { openDevice, type Device } from '@dangky/web/shell';
import { CounterDb } from '../db/counter-db.ts';
import { foldAcknowledged } from '../queue/registration-store.ts';
import { pullPage } from '../sync/pull.ts';
import { auth } from '../auth/session-state.svelte.ts';
import { flushPauses } from '../queue/pause-store.ts';

/**
 * This browser as a counter: the shell's device (database, sealing key, pairing, agent, sync)
 * with the counter's own table, its pull of the site's queue, the events the server accepted
 * kept in that queue until the pull brings them back, and its breaks posted before each push. Opened once per page load by
 * the root layout; the pages read it from `device.current`.
 */
export type CounterDevice = Device<CounterDb>;

export const device = $state<{ current: CounterDevice | null; error: unknown }>({ current: null, error: null });

export async function openCounterDevice(options: { staffSignedIn: boolean }): Promise<CounterDevice> {
  const opened = await openDevice({
    db: new CounterDb(),
    client: 'counter',
    // The session of whoever is signed in at the moment of the pull (the server binds it to this counter).
    pullPage: ({ db, sealer, pairing }) => pullPage(db, sealer, pairing, { staffSession: auth.session?.token ?? null }),
    acknowledged: ({ db, sealer }) => foldAcknowledged(db, sealer),
    // The counter's breaks go first: the server judges the calls behind them by them.
    beforePush: ({ db, pairing }) => flushPauses(db, pairing),
    staffSignedIn: options.staffSignedIn,
  });
  device.current = opened;
  return opened;
}
