import { approvalAwaited } from '@dangky/core/gates';
import { uuidv7 } from '@dangky/core/events';
import type { PendingApproval } from '@dangky/core/protocol';
import type { Queryable } from '../db/db.ts';
import { storedRegistration } from '../db/stored-registration.ts';
import { openVault } from '../privacy/registration-vault.ts';
import type { ServerKeys } from '../privacy/server-keys.ts';

/**
 * What waits for a manager at their sites, so they can approve from their own page: core's
 * `approvalAwaited` over the registrations that could be waiting — those called at a counter now,
 * and those whose holder's chip was read at a counter lately (token care, any status) — less those
 * an approval already covers (same registration and chip read). The recent chip reads are found
 * by the events' UUIDv7 ids, which begin with their time, so the primary key's range answers
 * without scanning older months.
 */
export const RECENT_CHIP_READ_MS = 12 * 60 * 60 * 1000;

export async function pendingApprovals(db: Queryable, keys: ServerKeys, siteIds: string[], now: Date): Promise<PendingApproval[]> {
  const since = uuidv7({ now: now.getTime() - RECENT_CHIP_READ_MS, random: (b) => b.fill(0) });
  const rows = await db.query<{ id: string; site_id: string; state: unknown }>(
    `SELECT r.id::text AS id, r.site_id, r.state FROM registrations r
     WHERE r.site_id = ANY($1::text[])
       AND (r.status = 'called'
            OR r.id IN (SELECT e.registration_id FROM events e WHERE e.id >= $2::uuid AND e.type = 'identity.chip-read'))
     ORDER BY r.id`,
    [siteIds, since],
  );
  if (rows.length === 0) return [];
  const vault = await openVault(
    db,
    keys,
    rows.map((r) => r.id),
    { create: false },
  );
  const approvals = await db.query<{ registration_id: string; chip_read_id: string | null }>(
    'SELECT registration_id::text AS registration_id, chip_read_id::text AS chip_read_id FROM identity_approvals WHERE registration_id = ANY($1::uuid[])',
    [rows.map((r) => r.id)],
  );
  const approved = new Set(approvals.map((a) => `${a.registration_id}/${a.chip_read_id ?? ''}`));
  const pending: PendingApproval[] = [];
  for (const row of rows) {
    if (vault.erased(row.id)) continue;
    const state = storedRegistration(vault.open(row.id, row.state));
    const awaited = approvalAwaited(state);
    if (!awaited || approved.has(`${row.id}/${awaited.chipReadId ?? ''}`)) continue;
    pending.push({
      registrationId: row.id,
      siteId: row.site_id,
      ticket: state.draft.ticket.number,
      fullName: state.draft.identity.fullName,
      ...awaited,
    });
  }
  return pending;
}
