import type { PairingLink } from '@dangky/core/protocol';
import type { Reference } from '@dangky/core/schemas';
import { cachedReference, refreshReference, type DeviceDb, type Sealer } from '@dangky/web';

/**
 * The server's catalogue and rules as this counter knows them: fetched as the device (which also
 * keeps it in Dexie), or the copy kept last time when the server cannot be reached, so an offline
 * counter still names providers, offers their key types and decides with the server's rules.
 * Null when neither is to be had (a counter never online since it was paired). The sealer goes
 * along: the answer refreshes the site's hand-off keys, whose private half a counter keeps only
 * sealed — without it the refresh would drop the key that opens tickets offline.
 */
export const counterReference = (db: DeviceDb, pairing: PairingLink, sealer: Sealer): Promise<Reference | null> =>
  refreshReference(db, pairing, { sealer }).catch(() => cachedReference(db));
