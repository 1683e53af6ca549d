import type { DeviceKind } from '@dangky/core/admin';
import { DangkyError } from '@dangky/core/errors';
import type { Queryable } from '../db/db.ts';
import { sameDigest, sha256 } from './secrets.ts';

export interface AuthedDevice {
  id: string;
  siteId: string;
  kind: DeviceKind;
  ticketPrefix: string | null;
  /** When the server last noted the device's contact (`ingest/device-contact.ts`), read with its sign-in. */
  lastContactAt?: string | null;
}

const HEADER = /^Device ([a-z0-9][a-z0-9-]{2,63}):([A-Za-z0-9_-]{16,128})$/;

/**
 * `Authorization: Device <id>:<secret>` → the enrolled device, or 401. Unknown ids and wrong
 * secrets get one code (`DK_ERR_DEVICE_UNAUTHENTICATED`). A device that proves it is itself —
 * its current secret after a revocation, or its secret from before a rotation — is told
 * `DK_ERR_DEVICE_REVOKED`, so its screen can say it is no longer enrolled (it then reports what it holds and wipes itself).
 */
/** The device id an `Authorization: Device …` header claims (proven only by `authenticateDevice`). */
export const claimedDeviceId = (header: string | undefined): string | null => (header ? (HEADER.exec(header)?.[1] ?? null) : null);

export async function authenticateDevice(db: Queryable, header: string | undefined): Promise<AuthedDevice> {
  const m = header ? HEADER.exec(header) : null;
  if (!m) throw new DangkyError('DK_ERR_DEVICE_UNAUTHENTICATED');
  const [row] = await db.query<{
    id: string;
    site_id: string;
    kind: DeviceKind;
    ticket_prefix: string | null;
    secret_sha256: string | null;
    previous_secret_sha256: string | null;
    revoked_at: unknown;
    last_contact_at: string | Date | null;
  }>(
    `SELECT id, site_id, kind, ticket_prefix, secret_sha256, previous_secret_sha256, revoked_at,
            (SELECT last_contact_at FROM device_reports WHERE device_id = devices.id) AS last_contact_at
     FROM devices WHERE id = $1`,
    [m[1]],
  );
  // Compare digests even for an unknown device, so timing does not tell which ids exist.
  const digest = sha256(m[2]!);
  const current = sameDigest(digest, row?.secret_sha256 ?? sha256('no-such-device'));
  const previous = sameDigest(digest, row?.previous_secret_sha256 ?? sha256('no-previous-secret'));
  if (row && (previous || (current && row.revoked_at))) throw new DangkyError('DK_ERR_DEVICE_REVOKED');
  if (!row || !current) throw new DangkyError('DK_ERR_DEVICE_UNAUTHENTICATED');
  return {
    id: row.id,
    siteId: row.site_id,
    kind: row.kind,
    ticketPrefix: row.ticket_prefix,
    lastContactAt: row.last_contact_at === null ? null : new Date(row.last_contact_at).toISOString(),
  };
}
