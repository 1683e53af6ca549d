import { DangkyError } from '@dangky/core/errors';
import type { Queryable } from '../db/db.ts';
import { transactionOf } from '../db/lookups-as-one.ts';
import { PERSONAL_PREFIX, newDataKey, openPersonal, sealPersonal } from './envelope.ts';
import type { ServerKeys } from './server-keys.ts';

/**
 * The data keys of the registrations one request touches, unwrapped for that request only. What
 * the server stores about a registration — its events' payloads, its folded state, the events a
 * counter recorded before the registration arrived — is sealed under its own key
 * (`envelope.ts`), so the database alone opens nothing and destroying that one key (retention)
 * makes every copy unreadable. A key whose registration was erased stays as a tombstone: nothing
 * is sealed for it again, and what was sealed answers DK_ERR_PERSONAL_DATA_ERASED.
 *
 * A stored value is a JSON string `pd1.…` in a jsonb column; a JSON object there was written
 * before the server sealed anything and is read as it is.
 */
export interface RegistrationVault {
  /** `value` sealed for the registration, as the text a jsonb parameter takes. */
  seal(registrationId: string, value: unknown): string;
  /** A stored jsonb value opened. */
  open(registrationId: string, stored: unknown): unknown;
  /** The registration's data key was destroyed: what was sealed for it no longer opens. */
  erased(registrationId: string): boolean;
}

interface KeyRow {
  registration_id: string;
  wrapped: string | null;
}

/**
 * The key rows a transaction has read or written, by registration (`null`: erased; `NO_KEY`: none
 * yet), for a transaction that opens vaults several times — a push loads the states, checks the
 * events sent again, writes, then replays the held events, each for the same registrations — so
 * each key is read once. Only transactions that ask keep them (`rememberKeys`): a key row changes
 * only by this transaction's own writes or by retention destroying it, and a key destroyed while
 * a push still holds it only means that push's rows are sealed under a key already gone.
 */
const NO_KEY = Symbol('no key');
const remembered = new WeakMap<Queryable, Map<string, string | null | typeof NO_KEY>>();

export const rememberKeys = (tx: Queryable): void => void remembered.set(tx, new Map());

/** After a rollback (to a savepoint): the keys it wrote are gone, so nothing remembered holds. */
export const forgetKeys = (tx: Queryable): void => remembered.get(tx)?.clear();

/**
 * `create`: registrations without a key get one now (a writer: the push). Keys are inserted
 * before they are read back, so two servers sealing for the same new registration at once end
 * up with the one key that reached the table first.
 */
export async function openVault(
  q: Queryable,
  keys: ServerKeys,
  registrationIds: readonly string[],
  { create }: { create: boolean },
): Promise<RegistrationVault> {
  const ids = [...new Set(registrationIds)];
  // A look-up wrapper of the transaction shares its keys (`lookupsAsOne`).
  const memo = remembered.get(transactionOf(q));
  const select = async (wanted: string[]): Promise<KeyRow[]> =>
    wanted.length === 0
      ? []
      : q.query<KeyRow>(
          'SELECT registration_id::text AS registration_id, wrapped FROM registration_keys WHERE registration_id = ANY($1::uuid[])',
          [wanted],
        );
  const read = async (wanted: string[]): Promise<KeyRow[]> => {
    if (!memo) return select(wanted);
    const unknown = wanted.filter((id) => !memo.has(id));
    for (const id of unknown) memo.set(id, NO_KEY);
    for (const r of await select(unknown)) memo.set(r.registration_id, r.wrapped);
    return wanted.flatMap((id) => {
      const wrapped = memo.get(id);
      return wrapped === NO_KEY || wrapped === undefined ? [] : [{ registration_id: id, wrapped }];
    });
  };
  const rows = await read(ids);
  // Only registrations without a key get one: most of a push is about registrations the server already keys.
  const missing = create ? ids.filter((id) => !rows.some((r) => r.registration_id === id)) : [];
  // The keys made here are used as made when the row read back is ours: no unwrap (on a token, one call fewer).
  const made = new Map<string, { wrapped: string; key: Buffer }>();
  if (missing.length > 0) {
    for (const id of missing) {
      const key = newDataKey();
      made.set(id, { wrapped: keys.wrapDataKey(id, key), key });
    }
    const ours = await q.query<{ registration_id: string }>(
      `INSERT INTO registration_keys (registration_id, kek_id, wrapped)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[]) ON CONFLICT (registration_id) DO NOTHING
       RETURNING registration_id::text AS registration_id`,
      [missing, missing.map(() => keys.kekId), missing.map((id) => made.get(id)!.wrapped)],
    );
    const inserted = new Set(ours.map((r) => r.registration_id));
    const theirs = missing.filter((id) => !inserted.has(id));
    const mine = missing.filter((id) => inserted.has(id)).map((id) => ({ registration_id: id, wrapped: made.get(id)!.wrapped }));
    // Another server keyed some first: theirs are read back (their key, not the one made here).
    const readBack = await select(theirs);
    for (const r of [...mine, ...readBack]) memo?.set(r.registration_id, r.wrapped);
    rows.push(...mine, ...readBack);
  }
  const unwrap = (r: KeyRow): Buffer | null => {
    if (r.wrapped === null) return null;
    const mine = made.get(r.registration_id);
    return mine?.wrapped === r.wrapped ? mine.key : keys.unwrapDataKey(r.registration_id, r.wrapped);
  };
  const dataKeys = new Map(rows.map((r) => [r.registration_id, unwrap(r)]));
  const keyOf = (registrationId: string): Buffer => {
    const key = dataKeys.get(registrationId);
    if (key === null) throw new DangkyError('DK_ERR_PERSONAL_DATA_ERASED', { detail: { registrationId } });
    if (key === undefined) throw new DangkyError('DK_ERR_STORED_ROW_INVALID', { detail: { registrationId, reason: 'no data key' } });
    return key;
  };
  return {
    seal: (registrationId, value) => JSON.stringify(sealPersonal(keyOf(registrationId), registrationId, value)),
    open(registrationId, stored) {
      const text = typeof stored === 'string' && stored.startsWith('"') ? (JSON.parse(stored) as unknown) : stored;
      if (typeof text !== 'string') return text;
      if (!text.startsWith(PERSONAL_PREFIX)) throw new DangkyError('DK_ERR_STORED_ROW_INVALID', { detail: { registrationId } });
      return openPersonal(keyOf(registrationId), registrationId, text);
    },
    erased: (registrationId) => dataKeys.get(registrationId) === null,
  };
}
