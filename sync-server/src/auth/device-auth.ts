import { DangkyError } from '@dangky/core/errors';
import type { Queryable } from '../db/db.ts';
import { sameDigest, sha256 } from './secrets.ts';

export interface AuthedDevice {
  id: string;
  siteId: string;
  kind: 'kiosk' | 'counter';
  ticketPrefix: string | null;
}

const HEADER = /^Device ([a-z0-9][a-z0-9-]{2,63}):([A-Za-z0-9_-]{16,128})$/;

/** `Authorization: Device <id>:<secret>` → the enrolled device, or 401 with one code for every failure. */
export async function authenticateDevice(db: Queryable, header: string | undefined): Promise<AuthedDevice> {
  const m = header ? HEADER.exec(header) : null;
  if (!m) throw new DangkyError('DK_ERR_DEVICE_UNAUTHENTICATED');
  const [row] = await db.query<{
    id: string;
    site_id: string;
    kind: 'kiosk' | 'counter';
    ticket_prefix: string | null;
    secret_sha256: string;
  }>('SELECT id, site_id, kind, ticket_prefix, secret_sha256 FROM devices WHERE id = $1', [m[1]]);
  // Compare a digest even for an unknown device, so timing does not tell which ids exist.
  const ok = sameDigest(sha256(m[2]!), row?.secret_sha256 ?? sha256('no-such-device'));
  if (!row || !ok) throw new DangkyError('DK_ERR_DEVICE_UNAUTHENTICATED');
  return { id: row.id, siteId: row.site_id, kind: row.kind, ticketPrefix: row.ticket_prefix };
}
