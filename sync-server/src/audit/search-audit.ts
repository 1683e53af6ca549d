import { auditQuery, type AuditEntry, type AuditPage } from '@dangky/core/audit';
import { scopeOf } from '@dangky/core/admin';
import { hcmDayStart } from '@dangky/core/time';
import type { z } from 'zod';
import type { Queryable } from '../db/db.ts';
import { requireMay, type Actor } from '../admin/actor.ts';

/**
 * Managers search the log by person, action, site and Ho Chi Minh day, newest first, within
 * their scope: a site manager sees their sites' entries, a city manager and a province
 * administrator their province's, the national roles everything. Paged by sequence (`before`),
 * which stays right while entries are appended.
 */
export async function searchAudit(db: Queryable, actor: Actor, raw: z.input<typeof auditQuery>): Promise<AuditPage> {
  requireMay(actor, 'audit', 'read');
  const q = auditQuery.parse(raw);
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  const scope = scopeOf(actor);
  if (scope.kind === 'province') add((p) => `province_code = ${p}`, scope.provinceCode);
  if (scope.kind === 'sites') add((p) => `site_id = ANY(${p}::text[])`, [...scope.siteIds]);
  if (q.actorId) add((p) => `actor_id = ${p}`, q.actorId.toLowerCase());
  if (q.action) add((p) => (q.action!.endsWith('.') ? `starts_with(action, ${p})` : `action = ${p}`), q.action);
  if (q.siteId) add((p) => `site_id = ${p}`, q.siteId);
  if (q.day) {
    add((p) => `at >= ${p}`, hcmDayStart(q.day).toISOString());
    add((p) => `at < ${p}`, new Date(hcmDayStart(q.day).getTime() + 86_400_000).toISOString());
  }
  if (q.before) add((p) => `seq < ${p}`, q.before);
  params.push(q.limit + 1);
  const rows = await db.query<{
    seq: string;
    at: string | Date;
    actor_id: string;
    actor_role: string;
    action: string;
    site_id: string | null;
    province_code: string | null;
    target: string | null;
    detail: string;
    hash: string;
  }>(
    `SELECT seq::text AS seq, at, actor_id, actor_role, action, site_id, province_code, target, detail, hash FROM audit_log
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY audit_log.seq DESC LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, q.limit);
  const entries: AuditEntry[] = page.map((r) => ({
    seq: Number(r.seq),
    at: new Date(r.at).toISOString(),
    actorId: r.actor_id,
    actorRole: r.actor_role,
    action: r.action,
    siteId: r.site_id,
    provinceCode: r.province_code,
    target: r.target,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
    hash: r.hash,
  }));
  return { entries, nextBefore: rows.length > q.limit ? entries.at(-1)!.seq : null };
}
