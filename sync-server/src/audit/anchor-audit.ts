import type { AuditAnchor } from '@dangky/core/audit';
import { hcmDay, hcmDayStart } from '@dangky/core/time';
import type { Queryable } from '../db/db.ts';

/**
 * Anchors every finished Ho Chi Minh day that has none yet: the head of the chain (last entry)
 * at the end of that day. Idempotent and race-safe (`ON CONFLICT DO NOTHING`; two servers
 * compute the same anchor), so every server instance may run it on a timer. An anchor is only
 * worth something once it also lives outside the database: `dangky-server audit anchors`
 * prints them for the operator to keep, and `audit verify --anchors <file>` checks them.
 */
export async function anchorAuditDays(db: Queryable, now: Date = new Date()): Promise<AuditAnchor[]> {
  const today = hcmDay(now);
  const [last] = await db.query<{ day: string | null }>('SELECT max(day)::text AS day FROM audit_anchors');
  const [first] = await db.query<{ at: string | Date | null }>('SELECT min(at) AS at FROM audit_log');
  if (!first?.at) return [];
  let day = last?.day ? nextDay(last.day) : hcmDay(first.at);
  const made: AuditAnchor[] = [];
  for (; day < today; day = nextDay(day)) {
    const [head] = await db.query<{ seq: string; hash: string }>(
      'SELECT seq::text AS seq, hash FROM audit_log WHERE at < $1 ORDER BY audit_log.at DESC, audit_log.seq DESC LIMIT 1',
      [hcmDayStart(nextDay(day)).toISOString()],
    );
    if (!head) continue;
    const anchor = { day, seq: Number(head.seq), hash: head.hash };
    await db.query('INSERT INTO audit_anchors (day, seq, hash) VALUES ($1, $2, $3) ON CONFLICT (day) DO NOTHING', [
      anchor.day,
      anchor.seq,
      anchor.hash,
    ]);
    made.push(anchor);
  }
  return made;
}

export async function listAnchors(db: Queryable, limit = 400): Promise<AuditAnchor[]> {
  const rows = await db.query<{ day: string; seq: string; hash: string }>(
    'SELECT day::text AS day, seq::text AS seq, hash FROM audit_anchors ORDER BY day DESC LIMIT $1',
    [limit],
  );
  return rows.map((r) => ({ day: r.day, seq: Number(r.seq), hash: r.hash }));
}

/** The current head (last entry), for an anchor taken now. */
export async function auditHead(db: Queryable): Promise<{ seq: number; hash: string } | null> {
  const [row] = await db.query<{ seq: string; hash: string }>(
    'SELECT seq::text AS seq, hash FROM audit_log ORDER BY audit_log.seq DESC LIMIT 1',
  );
  return row ? { seq: Number(row.seq), hash: row.hash } : null;
}

const nextDay = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
