import type { CitizenLookup } from '../privacy/server-keys.ts';

/**
 * The one place a citizen's look-up key is derived from their ID number: a keyed hash (HMAC with
 * the server's look-up key, held outside the database — in a key file or a PKCS#11 token), so `citizen_holdings` finds a citizen's
 * certificates without the table ever holding the number. Every reader and writer of
 * `citizen_holdings` goes through this function.
 */
export function citizenKey(keys: CitizenLookup, idNumber: string): string {
  return keys.citizenHash(idNumber);
}
