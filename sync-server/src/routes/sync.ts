import type { FastifyInstance } from 'fastify';
import { DangkyError, errorCodeOf } from '@dangky/core/errors';
import { pullQuery, pushRequest, routes, STAFF_SESSION_HEADER, stockCheckQuery, type PullResponse } from '@dangky/core/protocol';
import type { Db } from '../db/db.ts';
import { storedRegistration } from '../db/stored-registration.ts';
import { openVault } from '../privacy/registration-vault.ts';
import type { ServerKeys } from '../privacy/server-keys.ts';
import { authenticateDevice, claimedDeviceId } from '../auth/device-auth.ts';
import { staffOnDevice } from '../auth/staff-auth.ts';
import { ingestPush } from '../ingest/push.ts';
import type { ServiceRules } from '@dangky/core/gates';
import { pullProblem } from '@dangky/core/admin';
import type { EventTimeWindow } from '@dangky/core/events';
import { recordDeviceContact } from '../ingest/device-contact.ts';
import { checkStock } from '../admin/stock.ts';

/** Opaque to devices: base64url of `v1:<change_seq>`. */
const encodeCursor = (seq: number): string => Buffer.from(`v1:${seq}`).toString('base64url');
function decodeCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  const m = /^v1:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw new DangkyError('DK_ERR_INVALID_CURSOR');
  return Number(m[1]);
}

/** Refusals a technician must hear of: they mean a device's data or clock is wrong, not a citizen's answer. */
const LOGGED_REFUSALS = new Set<string>([
  'DK_ERR_EVENT_ID_CONFLICT',
  'DK_ERR_EVENT_UNSTORABLE',
  'DK_ERR_TEXT_UNSTORABLE',
  'DK_ERR_EVENT_TIME_OUT_OF_RANGE',
]);

/**
 * `eventWindow`: how far from the server's clock an event's time may lie; `now`: that clock;
 * `tokenStockCheck`: whether a `token.issued` must name a token its site holds in stock.
 */
export function syncRoutes(
  app: FastifyInstance,
  db: Db,
  rules: ServiceRules,
  keys: ServerKeys,
  {
    eventWindow,
    now = () => new Date(),
    tokenStockCheck = false,
  }: { eventWindow?: EventTimeWindow; now?: () => Date; tokenStockCheck?: boolean } = {},
): void {
  app.post(routes.push, async (req) => {
    const device = await authenticateDevice(db, req.headers.authorization).catch((error: unknown) =>
      recordRevokedReport(db, req.headers.authorization, req.body, error),
    );
    const body = pushRequest.parse(req.body);
    if (body.deviceId !== device.id) throw new DangkyError('DK_ERR_EVENT_DEVICE_MISMATCH');
    const at = now();
    await recordDeviceContact(db, device, body.report, at);
    const answer = await ingestPush(db, device, body, keys, rules, { now: at, eventWindow, tokenStockCheck });
    for (const r of answer.results)
      if (r.status === 'rejected' && LOGGED_REFUSALS.has(r.code))
        req.log.warn({ deviceId: device.id, eventId: r.id, code: r.code, detail: r.message }, 'push: event refused');
    return answer;
  });

  app.get(routes.pull, async (req): Promise<PullResponse> => {
    const device = await authenticateDevice(db, req.headers.authorization);
    // Refused rather than answered without the personal fields: the cursor stays where it was, so
    // the pull after the next sign-in brings every change, and the counter never holds a half record.
    const session = req.headers[STAFF_SESSION_HEADER];
    const staff = await staffOnDevice(db, typeof session === 'string' ? session : undefined, device.id, now());
    const [site] = await db.query<{ province_code: string }>('SELECT province_code FROM sites WHERE id = $1', [device.siteId]);
    const problem = pullProblem(device.kind, staff, { id: device.siteId, provinceCode: site!.province_code });
    if (problem) throw new DangkyError(problem);
    const q = pullQuery.parse(req.query);
    await recordDeviceContact(db, device);
    const after = decodeCursor(q.cursor);
    const rows = await db.query<{ id: string; state: unknown; change_seq: number }>(
      'SELECT id::text AS id, state, change_seq::int AS change_seq FROM registrations WHERE site_id = $1 AND change_seq > $2 ORDER BY change_seq LIMIT $3',
      [device.siteId, after, q.limit + 1],
    );
    const page = rows.slice(0, q.limit);
    const vault = await openVault(
      db,
      keys,
      page.map((r) => r.id),
      { create: false },
    );
    // An erased registration's state no longer opens: the counter dropped it long before, and the cursor moves past it.
    const registrations = page.flatMap((r) => (vault.erased(r.id) ? [] : [storedRegistration(vault.open(r.id, r.state))]));
    const last = page.at(-1);
    return { registrations, cursor: encodeCursor(last ? Number(last.change_seq) : after), hasMore: rows.length > q.limit };
  });
}

/** `tokenStockCheck`: whether counters refuse a token the site does not hold (configurable off for the demo). */
export function tokenStockRoutes(app: FastifyInstance, db: Db, options: { tokenStockCheck: boolean }): void {
  app.get(routes.tokenStock, async (req) => {
    const device = await authenticateDevice(db, req.headers.authorization);
    if (device.kind !== 'counter') throw new DangkyError('DK_ERR_FORBIDDEN');
    return checkStock(db, device, stockCheckQuery.parse(req.query).serial, options.tokenStockCheck);
  });
}

/**
 * A device told it is no longer enrolled reports what it still holds before it wipes itself (so
 * nothing it held is lost silently): its report is recorded for the fleet page — the device proved
 * itself, which is why the answer is DK_ERR_DEVICE_REVOKED — and the refusal stands.
 */
async function recordRevokedReport(db: Db, header: string | undefined, body: unknown, error: unknown): Promise<never> {
  if (errorCodeOf(error) === 'DK_ERR_DEVICE_REVOKED') {
    const push = pushRequest.safeParse(body);
    const id = claimedDeviceId(header);
    if (push.success && push.data.report && push.data.deviceId === id) await recordDeviceContact(db, { id }, push.data.report);
  }
  throw error;
}
