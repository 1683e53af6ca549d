import type { FastifyInstance } from 'fastify';
import { may } from '@dangky/core/admin';
import { DangkyError } from '@dangky/core/errors';
import type { RegistrationState } from '@dangky/core/events';
import { citizenDataReportRequest, routes, type CitizenDataReport, type ReportedRegistration } from '@dangky/core/protocol';
import type { Db } from '../db/db.ts';
import { storedRegistration } from '../db/stored-registration.ts';
import { authenticateStaff } from '../auth/staff-auth.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { citizenKey } from '../citizens/citizen-key.ts';
import { citizenScope } from '../citizens/citizen-scope.ts';
import { openVault } from '../privacy/registration-vault.ts';
import type { RetentionPolicy } from '../privacy/retention.ts';
import type { ServerKeys } from '../privacy/server-keys.ts';

const DAY_MS = 86_400_000;

interface Row {
  id: string;
  site_id: string;
  day: string;
  ticket_number: string;
  status: ReportedRegistration['status'];
  state: unknown;
  finished_at: string | Date | null;
}

/**
 * A citizen's data report (core/src/protocol/data-report.ts): a site or city manager finds the
 * citizen's registrations in their scope by the keyed hash of the ID number, opens each with its
 * data key, and answers what is held, where it was sent, and when it will be erased. The report
 * itself is audited — who asked, how many registrations it listed — never the number or a value.
 */
export function dataReportRoutes(app: FastifyInstance, db: Db, keys: ServerKeys, retention: RetentionPolicy): void {
  app.post(routes.citizenDataReport, async (req): Promise<CitizenDataReport> => {
    const user = await authenticateStaff(db, req.headers.authorization);
    if (!may(user, 'citizens', 'read')) throw new DangkyError('DK_ERR_FORBIDDEN');
    const { idNumber } = citizenDataReportRequest.parse(req.body);
    return db.transaction(async (tx) => {
      const scope = citizenScope(user, 2);
      const rows = await tx.query<Row>(
        `SELECT r.id::text AS id, r.site_id, r.day::text AS day, r.ticket_number, r.status, r.state, r.finished_at
         FROM registrations r JOIN sites s ON s.id = r.site_id
         WHERE r.citizen_key = $1 ${scope.sql} ORDER BY r.day, r.ticket_number`,
        [citizenKey(keys, idNumber), scope.param],
      );
      const vault = await openVault(
        tx,
        keys,
        rows.map((r) => r.id),
        { create: false },
      );
      const registrations = rows.map((row): ReportedRegistration => {
        const state: RegistrationState | null = vault.erased(row.id) ? null : storedRegistration(vault.open(row.id, row.state));
        const finishedAt = row.finished_at === null ? null : new Date(row.finished_at).toISOString();
        const keepDays = row.status === 'completed' ? retention.completedDays : retention.cancelledDays;
        return {
          registrationId: row.id,
          siteId: row.site_id,
          day: row.day,
          ticket: row.ticket_number,
          status: row.status,
          service: state?.draft.service ?? null,
          sentTo: state?.draft.service.kind === 'digital-signature' ? state.draft.service.providerId : null,
          held: state ? { identity: state.draft.identity, contact: state.draft.contact, consent: state.draft.consent } : null,
          finishedAt,
          eraseAfter: finishedAt ? new Date(Date.parse(finishedAt) + keepDays * DAY_MS).toISOString().slice(0, 10) : null,
          erased: state === null,
        };
      });
      await appendAudit(tx, {
        actorId: user.id,
        actorRole: user.role,
        action: 'citizen.data-reported',
        siteId: user.siteId,
        provinceCode: user.provinceCode,
        detail: { registrations: registrations.length },
      });
      return { at: new Date().toISOString(), registrations };
    });
  });
}
