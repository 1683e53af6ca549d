import type { Role, StaffUser } from '../protocol/staff.ts';

/**
 * Who may do what, and where: one table the server enforces on every administration route and
 * the counter-app reads to show a person only the pages they may use.
 *
 * - Roles say *what*: a clerk serves citizens; a site manager sees their sites and keeps their
 *   token stock; a city manager sees the province; a national manager sees every province and
 *   changes nothing; an administrator changes things.
 * - Scopes say *where*: a clerk's and a site manager's sites, a city manager's province, an
 *   administrator's province — or the whole country for a national manager and a national
 *   administrator (an administrator with no province).
 * - The provider catalogue is national: only a national administrator changes it.
 * - A citizen's own data (their data report) is for the managers of the sites citizens come to.
 */
export const adminResources = [
  'sites',
  'devices',
  'counters',
  'staff',
  'providers',
  'stock',
  'audit',
  'lockouts',
  'reports',
  'citizens',
] as const;
export type AdminResource = (typeof adminResources)[number];
export type AdminOperation = 'read' | 'write';

const managers: readonly Role[] = ['site-manager', 'city-manager', 'national-manager', 'admin'];
const table: Record<AdminResource, { read: readonly Role[]; write: readonly Role[]; writeNeedsNational?: true }> = {
  sites: { read: managers, write: ['admin'] },
  devices: { read: managers, write: ['admin'] },
  // A counter's number and desks: the site manager arranges their own waiting room.
  counters: { read: managers, write: ['site-manager', 'admin'] },
  staff: { read: ['admin'], write: ['admin'] },
  providers: { read: ['clerk', ...managers], write: ['admin'], writeNeedsNational: true },
  stock: { read: managers, write: ['site-manager', 'admin'] },
  audit: { read: managers, write: [] },
  lockouts: { read: ['admin'], write: ['admin'] },
  reports: { read: managers, write: [] },
  // A citizen's data report names the person: only the managers who meet citizens at their sites
  // (site and city managers), not national managers or administrators; the same managers erase it
  // when the citizen asks.
  citizens: { read: ['site-manager', 'city-manager'], write: ['site-manager', 'city-manager'] },
};

export type Scope = { kind: 'national' } | { kind: 'province'; provinceCode: string } | { kind: 'sites'; siteIds: readonly string[] };

type Person = Pick<StaffUser, 'role' | 'provinceCode'> & { siteIds: readonly StaffUser['siteIds'][number][] };

export function scopeOf(user: Person): Scope {
  switch (user.role) {
    case 'national-manager':
      return { kind: 'national' };
    case 'admin':
    case 'city-manager':
      return user.provinceCode ? { kind: 'province', provinceCode: user.provinceCode } : { kind: 'national' };
    default:
      return { kind: 'sites', siteIds: user.siteIds };
  }
}

/** Whether the role may read or change this kind of thing at all (the place is checked apart). */
export function may(user: Person, resource: AdminResource, operation: AdminOperation): boolean {
  const rule = table[resource];
  if (!rule[operation].includes(user.role)) return false;
  return !(operation === 'write' && rule.writeNeedsNational && scopeOf(user).kind !== 'national');
}

/** Whether a place — a site of a province, or a province for things that have no site — lies inside the scope. */
export function inScope(scope: Scope, place: { provinceCode: string | null; siteId?: string | null }): boolean {
  switch (scope.kind) {
    case 'national':
      return true;
    case 'province':
      return place.provinceCode === scope.provinceCode;
    case 'sites':
      return place.siteId != null && scope.siteIds.includes(place.siteId);
  }
}
