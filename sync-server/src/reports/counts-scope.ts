import { DangkyError } from '@dangky/core/errors';
import type { ReportScope, StaffUser } from '@dangky/core/protocol';
import type { Queryable } from '../db/db.ts';
import { reportSites } from './scope.ts';

export interface CountsUnits {
  /** The units the report lists: provinces (national) or sites. */
  units: { id: string; name: string }[];
  /** The sites whose rollups are read (empty for national, which reads the province rollups). */
  siteIds: string[];
}

/**
 * What a staff member's counts report at `scope` covers. A site: one the manager may see (their
 * own; a city manager's, any of their province). A province: a city manager's own, listed by its
 * sites. The nation, by province: whoever `seesTheNation`. A unit outside the scope is refused, never
 * narrowed, so a manager never mistakes an empty table for "no registrations".
 */
export async function countsUnits(db: Queryable, user: StaffUser, scope: ReportScope, unit?: string): Promise<CountsUnits> {
  if (scope === 'site') {
    const site = unit ?? user.siteId;
    if (!site) throw new DangkyError('DK_ERR_VALIDATION', { detail: { field: 'unit' } });
    const sites = await reportSites(db, user, site);
    return { units: sites, siteIds: sites.map((s) => s.id) };
  }
  if (scope === 'province') {
    const province = unit ?? user.provinceCode;
    if (user.role !== 'city-manager' || province !== user.provinceCode) throw new DangkyError('DK_ERR_FORBIDDEN');
    const sites = await reportSites(db, user);
    return { units: sites, siteIds: sites.map((s) => s.id) };
  }
  if (!seesTheNation(user)) throw new DangkyError('DK_ERR_FORBIDDEN');
  return { units: await provinces(db), siteIds: [] };
}

/**
 * Who may see every province. None of today's roles (a city manager sees their own province): the
 * national manager's role arrives with the administration of roles and answers true here.
 */
export const seesTheNation = (user: StaffUser): boolean => (user.role as string) === 'national-manager';

/** Every province, by code, for the national report (the reference list of administrative units). */
export async function provinces(db: Queryable): Promise<{ id: string; name: string }[]> {
  return db.query<{ id: string; name: string }>(
    'SELECT province_code AS id, min(province_name) AS name FROM admin_units GROUP BY province_code ORDER BY province_code',
  );
}
