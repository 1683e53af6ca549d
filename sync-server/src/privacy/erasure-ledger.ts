import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { DangkyError } from '@dangky/core/errors';
import { instant, uuidV7 } from '@dangky/core/schemas';
import type { Queryable } from '../db/db.ts';

/**
 * The registrations erased on a citizen's request, kept outside the database beside the server's
 * keys. Retention needs no such list — whatever a restored backup holds past its period is found
 * again by the same rule — but an erasure on request is a fact no rule can find again: a backup
 * taken before it still holds the wrapped data key, and restoring it would bring the citizen's
 * data back. So the erasure is written here first (and flushed), then in the database; the server
 * replays this list before it serves (at every start, and `restore` does it at once), which
 * destroys those keys again and leaves a tombstone for an erased registration the backup never
 * knew, so nothing can be sealed for it again. One line per registration — its id and when — and
 * nothing personal: the ledger may be copied with the key file, never restored from an older copy.
 */
export interface ErasureLedger {
  /** Appends and flushes: when it returns, the erasure survives a crash and a restore. */
  record(registrationIds: readonly string[], at: Date): Promise<void>;
  /** Every registration ever erased on request. */
  erasedIds(): Promise<string[]>;
}

const line = z.string().transform((text, ctx) => {
  const [id, at, ...rest] = text.split(' ');
  const parsed = z.tuple([uuidV7, instant]).safeParse([id, at]);
  if (!parsed.success || rest.length > 0) {
    ctx.addIssue({ code: 'custom', message: 'not "<registration id> <ISO time>"' });
    return z.NEVER;
  }
  return parsed.data[0];
});

export function fileErasureLedger(path: string): ErasureLedger {
  return {
    async record(ids, at) {
      if (ids.length === 0) return;
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      const file = await open(path, 'a', 0o600);
      try {
        await file.appendFile(ids.map((id) => `${id} ${at.toISOString()}\n`).join(''));
        await file.datasync();
      } finally {
        await file.close();
      }
    },
    async erasedIds() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
      // What follows the last newline is empty, or a write a crash cut short: that erasure was never
      // in the database either (the ledger is written first), and its request was never answered.
      const whole = text.split('\n').slice(0, -1);
      return whole.map((l, i) => {
        const parsed = line.safeParse(l);
        if (!parsed.success)
          throw new DangkyError('DK_ERR_ERASURE_LEDGER_DAMAGED', { detail: { path, line: i + 1, reason: `${path}, line ${i + 1}` } });
        return parsed.data;
      });
    },
  };
}

/** For an app built without a ledger file (the tests): the same contract, in memory. */
export function memoryErasureLedger(): ErasureLedger {
  const ids: string[] = [];
  return {
    record: async (more) => void ids.push(...more),
    erasedIds: async () => [...ids],
  };
}

/** Destroys the data keys of these registrations (tombstones for the ones without a key); how many were destroyed now. */
export async function destroyDataKeys(db: Queryable, kekId: string, registrationIds: readonly string[], at: Date): Promise<number> {
  if (registrationIds.length === 0) return 0;
  const rows = await db.query(
    `INSERT INTO registration_keys (registration_id, kek_id, wrapped, erased_at)
     SELECT id, $2, NULL, $3::timestamptz FROM unnest($1::uuid[]) AS id
     ON CONFLICT (registration_id) DO UPDATE SET wrapped = NULL, erased_at = EXCLUDED.erased_at
       WHERE registration_keys.wrapped IS NOT NULL
     RETURNING 1`,
    [[...new Set(registrationIds)], kekId, at.toISOString()],
  );
  return rows.length;
}

/** Before serving: every erasure on request the database may have forgotten (a restored backup) is made again. */
export async function replayErasures(db: Queryable, kekId: string, ledger: ErasureLedger, now: Date = new Date()): Promise<number> {
  return destroyDataKeys(db, kekId, await ledger.erasedIds(), now);
}
