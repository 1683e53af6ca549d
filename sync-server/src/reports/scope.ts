import { DangkyError } from '@dangky/core/errors';
import type { StaffUser } from '@dangky/core/protocol';
import type { Queryable } from '../db/db.ts';

/**
 * Which sites a staff member may see in reports: a site manager their own site, a city
 * manager every site of their province. Clerks see no reports (they work the queue). Asking
 * for a site outside the scope is refused rather than silently narrowed, so a manager never
 * mistakes an empty table for "no registrations".
 */
export async function reportSites(db: Queryable, user: StaffUser, requested?: string): Promise<{ id: string; name: string }[]> {
  if (user.role === 'clerk') throw new DangkyError('DK_ERR_FORBIDDEN');
  const sites =
    user.role === 'site-manager'
      ? await db.query<{ id: string; name: string }>('SELECT id, name FROM sites WHERE id = $1', [user.siteId])
      : await db.query<{ id: string; name: string }>('SELECT id, name FROM sites WHERE province_code = $1 ORDER BY id', [
          user.provinceCode,
        ]);
  if (requested === undefined) return sites;
  const one = sites.filter((s) => s.id === requested);
  if (one.length === 0) throw new DangkyError('DK_ERR_FORBIDDEN');
  return one;
}
