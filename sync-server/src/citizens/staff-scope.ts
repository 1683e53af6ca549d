import { DangkyError } from '@dangky/core/errors';
import type { RegistrationState } from '@dangky/core/events';
import type { StaffUser } from '@dangky/core/protocol';
import type { Queryable } from '../db/db.ts';
import { openStoredRegistration } from '../db/stored-registration.ts';
import type { ServerKeys } from '../privacy/server-keys.ts';

/**
 * A registration a staff member may act on: one of their own site (clerks, site managers), or of
 * a site in their province (city managers). Anything else is refused, never narrowed.
 */
export async function registrationInScope(
  db: Queryable,
  keys: ServerKeys,
  user: StaffUser,
  registrationId: string,
): Promise<RegistrationState> {
  const [row] = await db.query<{ state: unknown; province_code: string }>(
    'SELECT r.state, s.province_code FROM registrations r JOIN sites s ON s.id = r.site_id WHERE r.id = $1',
    [registrationId],
  );
  if (!row) throw new DangkyError('DK_ERR_UNKNOWN_REGISTRATION');
  const state = await openStoredRegistration(db, keys, registrationId, row.state);
  const inScope = user.role === 'city-manager' ? row.province_code === user.provinceCode : state.draft.siteId === user.siteId;
  if (!inScope) throw new DangkyError('DK_ERR_FORBIDDEN');
  return state;
}
