import type { PairingLink } from '@dangky/core/protocol';
import type { Reference } from '@dangky/core/schemas';
import { cachedReference, refreshReference, type DeviceDb } from '@dangky/web';

/**
 * The server's catalogue and rules as this counter knows them: fetched as the device (which also
 * keeps it in Dexie), or the copy kept last time when the server cannot be reached, so an offline
 * counter still names providers, offers their key types and decides with the server's rules.
 * Null when neither is to be had (a counter never online since it was paired).
 */
export const counterReference = (db: DeviceDb, pairing: PairingLink): Promise<Reference | null> =>
  refreshReference(db, pairing).catch(() => cachedReference(db));
