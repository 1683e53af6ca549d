import type { StaffUser } from '@dangky/core/protocol';

/**
 * Where a manager answers a citizen's requests about their data: a city manager for the sites of
 * their province, a site manager for their own sites. As SQL over `registrations r JOIN sites s`,
 * with its one parameter at `$n`.
 */
export function citizenScope(user: StaffUser, n: number): { sql: string; param: string | readonly string[] | null } {
  return user.role === 'city-manager'
    ? { sql: `AND s.province_code = $${n}`, param: user.provinceCode }
    : { sql: `AND r.site_id = ANY($${n}::text[])`, param: user.siteIds };
}
