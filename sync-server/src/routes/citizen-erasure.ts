import type { FastifyInstance } from 'fastify';
import { may } from '@dangky/core/admin';
import { DangkyError } from '@dangky/core/errors';
import { erasureOnRequest } from '@dangky/core/privacy';
import { citizenErasureRequest, routes, type CitizenErasureResult, type ErasureOutcome } from '@dangky/core/protocol';
import type { RegistrationStatus } from '@dangky/core/schemas';
import type { Db } from '../db/db.ts';
import { authenticateStaff } from '../auth/staff-auth.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { citizenKey } from '../citizens/citizen-key.ts';
import { citizenScope } from '../citizens/citizen-scope.ts';
import { destroyDataKeys, type ErasureLedger } from '../privacy/erasure-ledger.ts';
import type { ServerKeys } from '../privacy/server-keys.ts';

/**
 * A citizen's request to erase their data now. The manager who showed them their data report
 * names the registrations; each is one of that citizen's (found by the keyed hash of the ID
 * number) in the manager's scope, or it is answered as not found. Core decides each
 * (`erasureOnRequest`); the erasures are written to the ledger outside the database first, so a
 * backup restored later cannot bring them back, then the data keys are destroyed and the action
 * audited — the registrations' ids, never the number.
 */
export function citizenErasureRoutes(app: FastifyInstance, db: Db, keys: ServerKeys, ledger: ErasureLedger, now: () => Date): void {
  app.post(routes.citizenErasure, async (req): Promise<CitizenErasureResult> => {
    const user = await authenticateStaff(db, req.headers.authorization);
    if (!may(user, 'citizens', 'write')) throw new DangkyError('DK_ERR_FORBIDDEN');
    const { idNumber, registrationIds } = citizenErasureRequest.parse(req.body);
    const asked = [...new Set(registrationIds)];
    const scope = citizenScope(user, 3);
    const rows = await db.query<{ id: string; status: RegistrationStatus; erased: boolean }>(
      `SELECT r.id::text AS id, r.status, COALESCE(k.wrapped IS NULL, false) AS erased
       FROM registrations r JOIN sites s ON s.id = r.site_id LEFT JOIN registration_keys k ON k.registration_id = r.id
       WHERE r.citizen_key = $1 AND r.id = ANY($2::uuid[]) ${scope.sql}`,
      [citizenKey(keys, idNumber), asked, scope.param],
    );
    const found = new Map(rows.map((r) => [r.id, r]));
    const outcomes = asked.map((registrationId): ErasureOutcome => {
      const row = found.get(registrationId);
      if (!row) return { registrationId, outcome: 'refused', code: 'DK_ERR_NOT_FOUND' };
      const verdict = erasureOnRequest(row);
      return verdict.kind === 'refused'
        ? { registrationId, outcome: 'refused', code: verdict.code }
        : { registrationId, outcome: verdict.kind === 'erase' ? 'erased' : 'already-erased' };
    });
    const erase = outcomes.filter((o) => o.outcome === 'erased').map((o) => o.registrationId);
    const at = now();
    if (erase.length > 0) {
      await ledger.record(erase, at);
      await db.transaction(async (tx) => {
        await destroyDataKeys(tx, keys.kekId, erase, at);
        await appendAudit(tx, {
          actorId: user.id,
          actorRole: user.role,
          action: 'citizen.data-erased',
          siteId: user.siteId,
          provinceCode: user.provinceCode,
          detail: { registrations: erase, basis: 'data-subject-request' },
        });
      });
    }
    return { at: at.toISOString(), outcomes };
  });
}
