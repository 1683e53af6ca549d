import type { AuditAnchor, AuditVerification } from '@dangky/core/audit';
import type { Queryable } from '../db/db.ts';
import { AUDIT_PAGE_SIZE, AUDIT_PAGE_SQL, GENESIS_HASH, auditBody, auditHash, parseAuditPage } from './audit-hash.ts';

/**
 * Walks the whole chain in sequence order and recomputes every hash from the stored columns:
 * an entry changed (its hash no longer matches), removed (a sequence number missing), or moved
 * (its previous-hash no longer names the entry before it) stops the walk at the first broken
 * entry. Anchors — those stored in the database and any the operator kept elsewhere — must name
 * an entry that exists with that very hash: this catches a log rewritten from the tampered
 * entry to its end, or cut short.
 *
 * Reads in pages by sequence, so a million entries never sit in memory at once, and asks for the
 * next page before hashing this one: on PostgreSQL the server builds it on the other core.
 */
export interface VerifyOptions {
  /** Anchors kept outside the database (printed, mailed) to check as well as the stored ones. */
  externalAnchors?: Pick<AuditAnchor, 'seq' | 'hash'>[];
  pageSize?: number;
}

export async function verifyAudit(db: Queryable, options: VerifyOptions = {}): Promise<AuditVerification> {
  const pageSize = options.pageSize ?? AUDIT_PAGE_SIZE;
  const stored = await db.query<{ seq: string; hash: string }>('SELECT seq::text AS seq, hash FROM audit_anchors');
  const anchors = [...stored.map((a) => ({ seq: Number(a.seq), hash: a.hash })), ...(options.externalAnchors ?? [])].sort(
    (a, b) => a.seq - b.seq,
  );
  const fetchPage = (from: number) => db.query<{ page: string | null }>(AUDIT_PAGE_SQL, [from, pageSize]).then(([p]) => p!.page);
  let nextAnchor = 0;
  let prev = GENESIS_HASH;
  let expected = 1;
  let pending = fetchPage(1);
  for (;;) {
    const rows = parseAuditPage(await pending);
    // A full page means there may be more: the next one is read while this one is hashed. Its
    // first sequence number is known only if this page has no gap; a gap fails below anyway.
    const full = rows.length === pageSize;
    if (full) pending = fetchPage(expected + pageSize);
    for (const row of rows) {
      const broken = (reason: Extract<AuditVerification, { ok: false }>['reason'], firstBroken = expected): AuditVerification => ({
        ok: false,
        entries: expected - 1,
        firstBroken,
        reason,
      });
      if ('malformed' in row) return abandon(pending, full, broken('hash-mismatch'));
      if (row.seq !== expected) return abandon(pending, full, broken('missing'));
      if (row.prev_hash !== prev) return abandon(pending, full, broken('prev-mismatch'));
      if (auditHash(prev, auditBody(row)) !== row.hash) return abandon(pending, full, broken('hash-mismatch'));
      while (nextAnchor < anchors.length && anchors[nextAnchor]!.seq === row.seq) {
        if (anchors[nextAnchor]!.hash !== row.hash) return abandon(pending, full, broken('anchor-mismatch'));
        nextAnchor++;
      }
      prev = row.hash;
      expected++;
    }
    if (!full) break;
  }
  // An anchor beyond the last entry: the log was cut short after it was anchored.
  if (nextAnchor < anchors.length) return { ok: false, entries: expected - 1, firstBroken: expected, reason: 'missing' };
  return { ok: true, entries: expected - 1, head: expected > 1 ? { seq: expected - 1, hash: prev } : null };
}

/** Returns the verdict once the page read ahead has settled, so no query outlives the walk. */
async function abandon(pending: Promise<unknown>, readAhead: boolean, verdict: AuditVerification): Promise<AuditVerification> {
  if (readAhead) await pending.catch(() => undefined);
  return verdict;
}
