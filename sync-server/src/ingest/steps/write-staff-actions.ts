import type { DomainEvent } from '@dangky/core/events';
import type { AuditEntryInput } from '@dangky/core/audit';
import type { AuthedDevice } from '../../auth/device-auth.ts';
import type { Queryable } from '../../db/db.ts';
import { appendAudits } from '../../audit/append-audit.ts';
import { markIssuedTokens } from '../../admin/stock.ts';

/**
 * The events whose `reason` is a code from a fixed list. Other reasons (a manager's approval,
 * an e-ID refusal) are sentences a person wrote, which may name someone: they stay in the
 * event and never reach the log.
 */
const codedReasons: ReadonlySet<string> = new Set([
  'registration.cancelled',
  'token.pin-unblocked',
  'token.revoked',
  'registration.corrected',
]);

/**
 * What the accepted events of a push mean beyond the registrations: every clerk's action (a
 * call, an issuance, an activation, an e-ID hand-over, a cancellation, an unblock, a
 * revocation) is a staff action appended to the audit log — references and codes only — and
 * a token issued leaves the site's stock. Last in the transaction, so the audit chain's lock is
 * held only for the append and the commit.
 */
export async function writeStaffActions(tx: Queryable, device: AuthedDevice, accepted: readonly DomainEvent[]): Promise<void> {
  await markIssuedTokens(tx, device.siteId, accepted);
  const actions = accepted.filter((e) => 'operatorId' in e.payload);
  if (actions.length === 0) return;
  const operators = [...new Set(actions.map((e) => (e.payload as { operatorId: string }).operatorId))];
  const rows = await tx.query<{ id: string; role: string; province_code: string }>(
    'SELECT st.id, st.role, s.province_code FROM staff st CROSS JOIN sites s WHERE st.id = ANY($1) AND s.id = $2',
    [operators, device.siteId],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  await appendAudits(
    tx,
    actions.map((e): AuditEntryInput => {
      const p = e.payload as { operatorId: string; tokenSerial?: string; reason?: string; identityCheck?: string };
      const operator = byId.get(p.operatorId);
      return {
        actorId: p.operatorId,
        actorRole: operator?.role ?? '',
        action: e.type,
        siteId: device.siteId,
        provinceCode: operator?.province_code ?? null,
        target: `registration:${e.payload.registrationId}`,
        detail: {
          device: device.id,
          event: e.id,
          ...(p.tokenSerial ? { tokenSerial: p.tokenSerial } : {}),
          ...(p.reason && codedReasons.has(e.type) ? { reason: p.reason } : {}),
          ...(p.identityCheck ? { identityCheck: p.identityCheck } : {}),
        },
      };
    }),
  );
}
