import { openDevice, type Device } from '@dangky/web/shell';
import { CounterDb } from '../db/counter-db.ts';
import { pullPage } from '../sync/pull.ts';

/**
 * This browser as a counter: the shell's device (database, sealing key, pairing, agent, sync)
 * with the counter's own table and its pull of the site's queue. Opened once per page load by
 * the root layout; the pages read it from `device.current`.
 */
export type CounterDevice = Device<CounterDb>;

export const device = $state<{ current: CounterDevice | null; error: unknown }>({ current: null, error: null });

export async function openCounterDevice(options: { staffSignedIn: boolean }): Promise<CounterDevice> {
  const opened = await openDevice({
    db: new CounterDb(),
    client: 'counter',
    pullPage: ({ db, sealer, pairing }) => pullPage(db, sealer, pairing),
    staffSignedIn: options.staffSignedIn,
  });
  device.current = opened;
  return opened;
}
