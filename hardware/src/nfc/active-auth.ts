import { createPublicKey, verify } from 'node:crypto';
import { parseTlv } from '@dangky/core/icao';
import type { ChipChannel } from './chip-channel.ts';

/**
 * Active Authentication (ICAO 9303-11 §6.1): the chip signs a fresh random challenge with the
 * private key whose public half is in DG15 — a cloned chip cannot. A new challenge every time.
 * ECDSA keys only for now (plain r‖s signature, BSI TR-03111); RSA (ISO 9796-2) is reported as
 * unsupported rather than guessed.
 */

export interface ActiveAuthResult {
  verdict: 'passed' | 'failed' | 'unsupported';
  reason: string;
}

export interface ActiveAuthOptions {
  channel: ChipChannel;
  /** DG15 bytes as read (`6F { SubjectPublicKeyInfo }`). */
  dg15: Uint8Array;
  random: (length: number) => Uint8Array;
  /** Hash of the ECDSA signature; DG14's ActiveAuthenticationInfo names it. Default sha256. */
  hash?: string;
}

export async function performActiveAuthentication(options: ActiveAuthOptions): Promise<ActiveAuthResult> {
  let key;
  try {
    key = createPublicKey({ key: Buffer.from(parseTlv(options.dg15, { parseChildren: false }).value), format: 'der', type: 'spki' });
  } catch {
    return { verdict: 'failed', reason: 'DG15 does not hold a public key' };
  }
  if (key.asymmetricKeyType !== 'ec')
    return { verdict: 'unsupported', reason: `Active Authentication with ${key.asymmetricKeyType ?? 'this'} keys is not implemented` };
  const challenge = options.random(8);
  const signature = await options.channel.send({ cla: 0x00, ins: 0x88, p1: 0x00, p2: 0x00, data: challenge, le: 256 });
  let ok = false;
  try {
    ok = verify(options.hash ?? 'sha256', challenge, { key, dsaEncoding: 'ieee-p1363' }, signature);
  } catch {
    ok = false;
  }
  return ok
    ? { verdict: 'passed', reason: 'the chip signed a fresh challenge with the DG15 key' }
    : { verdict: 'failed', reason: 'the challenge signature does not verify' };
}
