import { DangkyError } from '@dangky/core/errors';
import { inScope, may, scopeOf, type AdminOperation, type AdminResource } from '@dangky/core/admin';
import type { AuditEntryInput } from '@dangky/core/audit';
import type { StaffUser } from '@dangky/core/protocol';

/**
 * Who acts on the administration: a signed-in staff member, or the operator — the command line
 * (`admin bootstrap`) and the demo script — who acts as a national administrator. Every
 * administration function takes the actor and checks role and scope itself, so the HTTP routes,
 * the command line and the demo all pass through the same checks and the same audit.
 */
export type Actor = Pick<StaffUser, 'id' | 'role' | 'provinceCode' | 'siteIds'>;

export const operator: Actor = { id: 'system', role: 'admin', provinceCode: null, siteIds: [] };

export function requireMay(actor: Actor, resource: AdminResource, operation: AdminOperation): void {
  if (!may(actor, resource, operation)) throw new DangkyError('DK_ERR_FORBIDDEN', { detail: { resource, operation } });
}

export function requireInScope(actor: Actor, place: { provinceCode: string | null; siteId?: string | null }): void {
  if (!inScope(scopeOf(actor), place)) throw new DangkyError('DK_ERR_FORBIDDEN', { detail: { scope: 'outside' } });
}

/** The actor's half of an audit entry. */
export const byActor = (actor: Actor): Pick<AuditEntryInput, 'actorId' | 'actorRole'> => ({
  actorId: actor.id,
  actorRole: actor === operator ? 'operator' : actor.role,
});
