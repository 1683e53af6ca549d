import { DangkyError } from '@dangky/core/errors';
import { may, scopeOf } from '@dangky/core/admin';
import type { StaffUser } from '@dangky/core/protocol';
import type { Queryable } from '../db/db.ts';
import { sitesInScopeSql } from '../admin/site-rows.ts';

/**
 * Which sites a staff member may see in reports: a site manager their sites, a city manager and
 * a province administrator every site of their province, the national roles every site. Clerks
 * see no reports (they work the queue). Asking for a site outside the scope is refused rather
 * than silently narrowed, so a manager never mistakes an empty table for "no registrations".
 */
export async function reportSites(db: Queryable, user: StaffUser, requested?: string): Promise<{ id: string; name: string }[]> {
  if (!may(user, 'reports', 'read')) throw new DangkyError('DK_ERR_FORBIDDEN');
  const scope = sitesInScopeSql(scopeOf(user));
  const sites = await db.query<{ id: string; name: string }>(`SELECT id, name FROM sites WHERE ${scope.where} ORDER BY id`, scope.params);
  if (requested === undefined) return sites;
  const one = sites.filter((s) => s.id === requested);
  if (one.length === 0) throw new DangkyError('DK_ERR_FORBIDDEN');
  return one;
}
