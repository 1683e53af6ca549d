import { servingMarker, type ServingMarker } from '@dangky/core/machines';
import type { CounterDb } from '../db/counter-db.ts';

/**
 * Where the counter keeps which citizen it is serving (core's `ServingMarker`: ids, the step, the
 * papers check — no personal value, so it is stored in clear) in the device's settings table,
 * so a reload or a browser restart resumes the service. A marker that no longer parses is
 * dropped: it only ever saves the clerk a click, never decides anything by itself.
 */
const KEY = 'counterServing';

export async function readServing(db: CounterDb): Promise<ServingMarker | null> {
  const row = await db.settings.get(KEY);
  const parsed = servingMarker.safeParse(row?.value);
  return parsed.success ? parsed.data : null;
}

export async function writeServing(db: CounterDb, marker: ServingMarker | null): Promise<void> {
  if (marker) await db.settings.put({ key: KEY, value: marker });
  else await db.settings.delete(KEY);
}
