import { DangkyError } from '@dangky/core/errors';
import { registrationState, type RegistrationState } from '@dangky/core/events';
import type { Queryable } from './db.ts';
import { openVault } from '../privacy/registration-vault.ts';
import type { ServerKeys } from '../privacy/server-keys.ts';

/**
 * A `registrations.state` value read back from the database, parsed like any outside input:
 * a row that does not match the fold's schema (written by an older server, edited by hand) is
 * a DK_ERR_STORED_ROW_INVALID error, never a half-typed object passed on. PostgreSQL hands
 * `jsonb` back as an object; a driver or a cast that returns text is parsed first.
 */
export function storedRegistration(value: unknown): RegistrationState {
  let json = value;
  if (typeof value === 'string') {
    try {
      json = JSON.parse(value);
    } catch (cause) {
      throw new DangkyError('DK_ERR_STORED_ROW_INVALID', { cause, detail: { table: 'registrations' } });
    }
  }
  const parsed = registrationState.safeParse(json);
  if (!parsed.success) throw new DangkyError('DK_ERR_STORED_ROW_INVALID', { cause: parsed.error, detail: { table: 'registrations' } });
  return parsed.data;
}

/** One registration's stored state opened with its data key (`privacy/registration-vault.ts`), then parsed. */
export async function openStoredRegistration(
  q: Queryable,
  keys: ServerKeys,
  registrationId: string,
  stored: unknown,
): Promise<RegistrationState> {
  const vault = await openVault(q, keys, [registrationId], { create: false });
  return storedRegistration(vault.open(registrationId, stored));
}
