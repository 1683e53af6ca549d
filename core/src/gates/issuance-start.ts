import type { ErrorCode } from '../errors/registry.ts';

/**
 * An issuance in progress is never started twice. The hardware agent keeps a journal entry per
 * registration (what the token and the CA have been asked to do, never a PIN or a personal
 * value), and before it touches a token for a registration it asks this gate whether a new
 * issuance may start, given that entry:
 *
 * - nothing recorded → start;
 * - running here now → join it (the second request gets the running issuance's answer);
 * - issued → answer with the result already obtained: never a second key pair, never a second
 *   certificate for one registration (a lost or broken token is revoked, then the registration
 *   is re-issued through token care);
 * - failed, or stopped half-way (the agent was stopped mid-run) → a new attempt may start only
 *   once no certificate of the earlier attempt can still be live at the CA: every certificate it
 *   obtained was revoked, and a request that reached the CA without an answer was looked up
 *   there and found to have issued nothing (or what it issued was revoked). Otherwise the
 *   citizen could leave with one certificate on the token and another live at the CA, so the
 *   gate refuses with `DK_ERR_TOKEN_ISSUANCE_UNSETTLED` until the agent settles it (it tries
 *   again at every request: the CA may just be down).
 *
 * A token an attempt left written but not wiped needs no refusal: the agent erases it when it
 * is back in the reader, and a new attempt takes a blank token.
 */
export interface IssuanceRecordFacts {
  state: 'running' | 'issued' | 'failed';
  /** A run of this agent process is carrying it out now (a `running` entry without one was interrupted). */
  live: boolean;
  /** A certificate request was sent to the CA. */
  certifySent: boolean;
  /** The certificate the CA issued for it, when its answer came (or was looked up); null when none is known. */
  certificateSerial: string | null;
  /** That certificate was revoked; null when none is known. */
  certificateRevoked: boolean | null;
  /** The CA was asked, after the fact, whether the request issued anything, and answered none. */
  caFoundNone: boolean;
}

export type IssuanceStart = { action: 'start' } | { action: 'join' } | { action: 'answer' } | { action: 'refuse'; code: ErrorCode };

export function issuanceStart(record: IssuanceRecordFacts | null): IssuanceStart {
  if (!record) return { action: 'start' };
  if (record.state === 'issued') return { action: 'answer' };
  if (record.state === 'running' && record.live) return { action: 'join' };
  const certificateLive =
    record.certificateSerial !== null ? record.certificateRevoked !== true : record.certifySent && !record.caFoundNone;
  return certificateLive ? { action: 'refuse', code: 'DK_ERR_TOKEN_ISSUANCE_UNSETTLED' } : { action: 'start' };
}
