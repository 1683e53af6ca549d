import type { DeviceDb } from './device-db.ts';
import { isSealed, type Sealer } from './sealer.ts';

/**
 * Forgets the keys no stored row refers to any more: a row deleted while the agent was down
 * (and its queued forget lost with a wiped profile), or a row written by a page that crashed
 * between making the key and storing the row. Only keys made before `startedAt` (ms) are
 * considered, so a row being written right now by another tab keeps its key.
 */
export async function sweepUnusedKeys(db: DeviceDb, sealer: Sealer, startedAt: number): Promise<number> {
  const candidates = await sealer.keys.list(new Date(startedAt));
  if (candidates.length === 0) return 0;
  const used = await keyIdsInUse(db);
  const unused = candidates.filter((id) => !used.has(id));
  if (unused.length) await sealer.keys.forget(unused);
  return unused.length;
}

/** Every key id a sealed value anywhere in the database names (the app's own tables included). */
export async function keyIdsInUse(db: DeviceDb): Promise<Set<string>> {
  const used = new Set<string>();
  const walk = (value: unknown, depth: number): void => {
    if (!value || typeof value !== 'object' || depth > 4 || ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return;
    if (isSealed(value)) {
      used.add(value.keyId);
      return;
    }
    for (const inner of Array.isArray(value) ? value : Object.values(value)) walk(inner, depth + 1);
  };
  await db.transaction('r', db.tables, async () => {
    for (const table of db.tables) await table.each((row: unknown) => walk(row, 0));
  });
  return used;
}
