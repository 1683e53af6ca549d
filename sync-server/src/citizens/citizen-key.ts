/**
 * The one place a citizen's look-up key is derived from their ID number. Every reader and writer
 * of `citizen_holdings` goes through this function: today the key is the 12-digit number itself;
 * the privacy work turns it into a keyed hash (HMAC with a key held outside the database), and
 * then only this file — and a re-keying of the existing rows — changes.
 */
export function citizenKey(idNumber: string): string {
  return idNumber;
}
