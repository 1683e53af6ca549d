import { generateSiteKey, type SitePrivateKey, type SitePublicKey } from '@dangky/core/handoff';
import type { Db } from '../db/db.ts';
import { openPrivateKey, sealPrivateKey } from './key-encryption.ts';

/** A site's key is rotated after this long; a retired key is still delivered to counters for the grace. */
export const HANDOFF_ROTATE_AFTER_MS = 30 * 86_400_000;
/** Tickets are valid on their day only, so two days of grace cover every ticket sealed before a rotation. */
export const HANDOFF_GRACE_MS = 2 * 86_400_000;

export interface SiteKeys {
  /** The key kiosks seal with now. */
  seal: SitePublicKey;
  /** The keys counters open with: the current one first, then those retired within the grace. */
  open: SitePrivateKey[];
}

interface KeyRow {
  kid: string;
  public_key: string;
  private_key_sealed: string;
  retired: boolean;
  due: boolean;
}

/**
 * The site's hand-off keys as of `now`, making the first pair — or the next one, when the current
 * is older than the rotation period — on the way. Serialised per site with an advisory lock, so
 * two replicas asked at once make one pair.
 */
export async function siteKeys(db: Db, kek: Buffer, siteId: string, now = new Date()): Promise<SiteKeys> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`handoff-key:${siteId}`]);
    const read = () =>
      tx.query<KeyRow>(
        `SELECT kid, public_key, private_key_sealed, retired_at IS NOT NULL AS retired, created_at <= $3 AS due
         FROM site_handoff_keys WHERE site_id = $1 AND (retired_at IS NULL OR retired_at > $2) ORDER BY created_at DESC`,
        [siteId, new Date(now.getTime() - HANDOFF_GRACE_MS).toISOString(), new Date(now.getTime() - HANDOFF_ROTATE_AFTER_MS).toISOString()],
      );
    let rows = await read();
    const current = rows.find((r) => !r.retired);
    if (!current || current.due) {
      const pair = await generateSiteKey();
      await tx.query('UPDATE site_handoff_keys SET retired_at = $2 WHERE site_id = $1 AND retired_at IS NULL', [siteId, now.toISOString()]);
      await tx.query(
        'INSERT INTO site_handoff_keys (kid, site_id, public_key, private_key_sealed, created_at) VALUES ($1, $2, $3, $4, $5)',
        [pair.kid, siteId, pair.publicKey, sealPrivateKey(kek, pair.privateKey, `${siteId}/${pair.kid}`), now.toISOString()],
      );
      rows = await read();
    }
    const [first] = rows;
    return {
      seal: { kid: first!.kid, publicKey: first!.public_key },
      open: rows.map((r) => ({ kid: r.kid, privateKey: openPrivateKey(kek, r.private_key_sealed, `${siteId}/${r.kid}`) })),
    };
  });
}
