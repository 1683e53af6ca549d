import type { DomainEvent } from '@dangky/core/events';
import type { Queryable } from '../../db/db.ts';
import { forgetKeys } from '../../privacy/registration-vault.ts';
import type { IngestCandidates, Ingested } from './replay-held.ts';
import { rejected } from './results.ts';

/**
 * SQLSTATE classes that say the data itself cannot be stored — 22 (data exception: a character
 * the encoding has no form for, a number out of range) and 23 (a constraint the row breaks) — so
 * sending it again would fail the same way. Anything else (a lost connection, a full disk, a
 * serialisation failure) is the server's trouble: the push fails and the device tries again later,
 * losing nothing.
 */
const isDataError = (err: unknown): boolean => /^2[23]/.test(String((err as { code?: unknown } | null)?.code ?? ''));

const SAVEPOINT = 'ingest';
/** The fast path's savepoint, which a push opens with its transaction (`Db.transaction`'s `first`). */
export const OPEN_SAVEPOINT = `SAVEPOINT ${SAVEPOINT}`;

/**
 * `keep`: the savepoint is left for the commit to release — one round trip fewer on every push.
 * The one-event tries release theirs: a batch of them kept would nest hundreds of subtransactions.
 * `opened`: the transaction opened it already.
 */
async function inSavepoint<T>(tx: Queryable, work: () => Promise<T>, { keep = false, opened = false } = {}): Promise<T> {
  if (!opened) await tx.query(OPEN_SAVEPOINT);
  try {
    const result = await work();
    if (!keep) await tx.query(`RELEASE SAVEPOINT ${SAVEPOINT}`);
    return result;
  } catch (err) {
    await tx.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
    forgetKeys(tx);
    throw err;
  }
}

const noneIngested = (): Ingested => ({ accepted: [], changed: [], deltas: [], queueDeltas: [], held: [], submitted: [], released: [] });

/**
 * One event the database refuses never costs the rest of the batch: the batch is written as a
 * whole (the fast path), and when the database refuses the data, each event again on its own —
 * the one it still refuses is answered DK_ERR_EVENT_UNSTORABLE (with the SQLSTATE, never the
 * value), the others are stored, and the device moves the refused one to its dead letters and
 * goes on instead of sending the same failing batch for ever. `opened`: the fast path's savepoint
 * (`OPEN_SAVEPOINT`) was opened with the transaction.
 */
export const ingestApart =
  (ingest: IngestCandidates, { opened = false }: { opened?: boolean } = {}): IngestCandidates =>
  async (tx, device, candidates, results, rules, keys) => {
    try {
      return await inSavepoint(tx, () => ingest(tx, device, candidates, results, rules, keys), { keep: true, opened });
    } catch (err) {
      if (!isDataError(err)) throw err;
    }
    const judged = noneIngested();
    for (const candidate of candidates) {
      results[candidate.index] = undefined;
      try {
        const one = await inSavepoint(tx, () => ingest(tx, device, [candidate], results, rules, keys));
        for (const key of Object.keys(judged) as (keyof Ingested)[]) (judged[key] as unknown[]).push(...one[key]);
      } catch (err) {
        if (!isDataError(err)) throw err;
        const event: DomainEvent = candidate.event;
        results[candidate.index] = rejected(event.id, 'DK_ERR_EVENT_UNSTORABLE', `SQLSTATE ${(err as { code: string }).code}`);
      }
    }
    return judged;
  };
