import type { ErrorCode } from '../errors/registry.ts';
import type { Role } from '../protocol/staff.ts';
import { inScope, type Scope } from './permissions.ts';

/**
 * What an account's role needs around it: clerks and site managers work at sites (one or more,
 * of one province); a city manager and a province administrator have a province; a national
 * manager and a national administrator have neither. `null` when the account is well formed.
 */
export function roleScopeProblem(account: { role: Role; siteIds: readonly string[]; provinceCode: string | null }): ErrorCode | null {
  const { role, siteIds, provinceCode } = account;
  switch (role) {
    case 'clerk':
    case 'site-manager':
      return siteIds.length > 0 && provinceCode ? null : 'DK_ERR_ROLE_SCOPE_INVALID';
    case 'city-manager':
      return siteIds.length === 0 && provinceCode ? null : 'DK_ERR_ROLE_SCOPE_INVALID';
    case 'national-manager':
      return siteIds.length === 0 && !provinceCode ? null : 'DK_ERR_ROLE_SCOPE_INVALID';
    case 'admin':
      return siteIds.length === 0 ? null : 'DK_ERR_ROLE_SCOPE_INVALID';
  }
}

/**
 * Whether an administrator may give an account this role and scope: a province administrator
 * only inside their province and never a national role; a national administrator anything.
 */
export function mayGrant(granter: Scope, account: { role: Role; provinceCode: string | null }): boolean {
  if (granter.kind === 'national') return true;
  if (!account.provinceCode) return false;
  return inScope(granter, { provinceCode: account.provinceCode });
}
