import type { AuditAnchor, AuditVerification } from '@dangky/core/audit';
import type { Queryable } from '../db/db.ts';
import { AUDIT_PAGE_SQL, GENESIS_HASH, auditBody, auditHash, parseAuditPage } from './audit-hash.ts';

/**
 * Walks the whole chain in sequence order and recomputes every hash from the stored columns:
 * an entry changed (its hash no longer matches), removed (a sequence number missing), or moved
 * (its previous-hash no longer names the entry before it) stops the walk at the first broken
 * entry. Anchors — those stored in the database and any the operator kept elsewhere — must name
 * an entry that exists with that very hash: this catches a log rewritten from the tampered
 * entry to its end, or cut short.
 *
 * Reads in pages by sequence, so a million entries never sit in memory at once.
 */
export interface VerifyOptions {
  /** Anchors kept outside the database (printed, mailed) to check as well as the stored ones. */
  externalAnchors?: Pick<AuditAnchor, 'seq' | 'hash'>[];
  pageSize?: number;
}

export async function verifyAudit(db: Queryable, options: VerifyOptions = {}): Promise<AuditVerification> {
  const pageSize = options.pageSize ?? 20_000;
  const stored = await db.query<{ seq: string; hash: string }>('SELECT seq::text AS seq, hash FROM audit_anchors');
  const anchors = [...stored.map((a) => ({ seq: Number(a.seq), hash: a.hash })), ...(options.externalAnchors ?? [])].sort(
    (a, b) => a.seq - b.seq,
  );
  let nextAnchor = 0;
  let prev = GENESIS_HASH;
  let expected = 1;
  for (;;) {
    const [page] = await db.query<{ page: string }>(AUDIT_PAGE_SQL, [expected, pageSize]);
    const rows = parseAuditPage(page!.page);
    for (const row of rows) {
      const broken = (reason: Extract<AuditVerification, { ok: false }>['reason'], firstBroken = row.seq): AuditVerification => ({
        ok: false,
        entries: expected - 1,
        firstBroken,
        reason,
      });
      if (row.seq !== expected) return broken('missing', expected);
      if (row.prev_hash !== prev) return broken('prev-mismatch');
      if (auditHash(prev, auditBody(row)) !== row.hash) return broken('hash-mismatch');
      while (nextAnchor < anchors.length && anchors[nextAnchor]!.seq === row.seq) {
        if (anchors[nextAnchor]!.hash !== row.hash) return broken('anchor-mismatch');
        nextAnchor++;
      }
      prev = row.hash;
      expected++;
    }
    if (rows.length < pageSize) break;
  }
  // An anchor beyond the last entry: the log was cut short after it was anchored.
  if (nextAnchor < anchors.length) return { ok: false, entries: expected - 1, firstBroken: expected, reason: 'missing' };
  return { ok: true, entries: expected - 1, head: expected > 1 ? { seq: expected - 1, hash: prev } : null };
}
