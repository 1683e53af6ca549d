import { z } from 'zod';
import { DangkyError } from '../errors/index.ts';
import { base64UrlDecode, base64UrlEncode } from './pairing.ts';

/**
 * A station link joins a browser to its station's hardware agent before the browser is enrolled:
 * `…/#station=<base64url(JSON)>` with the agent's address and pairing secret (the technician who
 * set the station up has both). Enrolment by one-time code needs it, because the device secret
 * the code brings is kept sealed under a key only that agent holds — never readable from the
 * browser profile alone. A `#pair=` link carries the same two fields itself.
 */
export const stationLink = z.object({
  agentUrl: z.url({ protocol: /^wss?$/ }),
  agentSecret: z.string().min(16).max(256),
});
export type StationLink = z.infer<typeof stationLink>;

export const stationHash = (link: StationLink): string => `#station=${base64UrlEncode(new TextEncoder().encode(JSON.stringify(link)))}`;

/** The station link in a location hash, `null` when the hash is not one; malformed → `DK_ERR_PAIRING_INVALID`. */
export function parseStationHash(hash: string): StationLink | null {
  const m = /^#?station=(.*)$/s.exec(hash);
  if (!m) return null;
  let json: unknown;
  try {
    if (m[1]!.length > 2048) throw new Error('too long');
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(base64UrlDecode(m[1]!)));
  } catch (cause) {
    throw new DangkyError('DK_ERR_PAIRING_INVALID', { cause });
  }
  const parsed = stationLink.safeParse(json);
  if (!parsed.success) throw new DangkyError('DK_ERR_PAIRING_INVALID', { cause: parsed.error });
  return parsed.data;
}
