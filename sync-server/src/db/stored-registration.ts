import { DangkyError } from '@dangky/core/errors';
import { registrationState, type RegistrationState } from '@dangky/core/events';

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
