import type { ZodError } from 'zod';
import { auditEntryInput, type AuditEntryInput } from '@dangky/core/audit';
import { DangkyError } from '@dangky/core/errors';
import type { Db, Queryable } from '../db/db.ts';
import { GENESIS_HASH, auditBody, auditHash, canonicalJson } from './audit-hash.ts';

/**
 * Appends staff actions to the audit log, inside the caller’s transaction (always one: the lock is
 * transaction-scoped — `auditAlone` makes one for an entry on its own): the action and its
 * entry commit together or not at all. The chain's lock (a transaction-scoped advisory lock, so
 * it holds across server instances and is released by the commit) orders the appends; call this
 * last in the transaction, so the lock is held only for the insert and the commit. Entries are
 * parsed first — a detail that looks like personal data is refused with
 * `DK_ERR_AUDIT_PERSONAL_DATA` and nothing is written.
 *
 *   await db.transaction(async (tx) => {
 *     … the change …
 *     await appendAudit(tx, { actorId: user.id, actorRole: user.role, action: 'site.updated', siteId, target: `site:${siteId}` });
 *   });
 */
export async function appendAudit(tx: Queryable, entry: AuditEntryInput): Promise<{ seq: number; hash: string }> {
  const [row] = await appendAudits(tx, [entry]);
  return row!;
}

/** Several entries (one per accepted clerk action of a push), chained in the given order with one insert. */
export async function appendAudits(tx: Queryable, entries: AuditEntryInput[]): Promise<{ seq: number; hash: string }[]> {
  if (entries.length === 0) return [];
  const parsed = entries.map((e) => {
    const result = auditEntryInput.safeParse(e);
    if (!result.success) throw auditRefusal(result.error);
    return result.data;
  });
  // Two statements on purpose: the head is read after the lock is granted (a fresh snapshot),
  // so it is the head every earlier append committed.
  await tx.query('SELECT pg_advisory_xact_lock(1635087460, 1)');
  const [head] = await tx.query<{ seq: string | null; hash: string | null; now: string }>(
    `SELECT h.seq::text AS seq, h.hash, to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"000Z"') AS now
     FROM (SELECT 1) AS one LEFT JOIN LATERAL (SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1) AS h ON true`,
  );
  let seq = Number(head?.seq ?? 0);
  let prev = head?.hash ?? GENESIS_HASH;
  const at = head!.now;
  const rows = parsed.map((e) => {
    const row = {
      seq: ++seq,
      at,
      actor_id: e.actorId,
      actor_role: e.actorRole,
      action: e.action,
      site_id: e.siteId ?? null,
      province_code: e.provinceCode ?? null,
      target: e.target ?? null,
      detail: canonicalJson(e.detail ?? {}),
      prev_hash: prev,
      hash: '',
    };
    row.hash = auditHash(prev, auditBody(row));
    prev = row.hash;
    return row;
  });
  await tx.query(
    `INSERT INTO audit_log (seq, at, actor_id, actor_role, action, site_id, province_code, target, detail, prev_hash, hash)
     SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
       $9::text[], $10::text[], $11::text[])`,
    [
      rows.map((r) => r.seq),
      rows.map((r) => r.at),
      rows.map((r) => r.actor_id),
      rows.map((r) => r.actor_role),
      rows.map((r) => r.action),
      rows.map((r) => r.site_id),
      rows.map((r) => r.province_code),
      rows.map((r) => r.target),
      rows.map((r) => r.detail),
      rows.map((r) => r.prev_hash),
      rows.map((r) => r.hash),
    ],
  );
  return rows.map((r) => ({ seq: r.seq, hash: r.hash }));
}

function auditRefusal(error: ZodError): DangkyError {
  const personal = error.issues.some((i) => i.message === 'DK_ERR_AUDIT_PERSONAL_DATA');
  return new DangkyError(personal ? 'DK_ERR_AUDIT_PERSONAL_DATA' : 'DK_ERR_VALIDATION', { cause: error });
}

/** An action that is only its entry (a sign-in, a failed sign-in): appended in a transaction of its own. */
export const auditAlone = (db: Db, entry: AuditEntryInput): Promise<{ seq: number; hash: string }> =>
  db.transaction((tx) => appendAudit(tx, entry));
