import { DangkyError } from '@dangky/core/errors';
import { scopeOf } from '@dangky/core/admin';
import type { DomainEvent } from '@dangky/core/events';
import { stockLeave, stockQuery, stockReceive, type StockCheck, type StockResponse } from '@dangky/core/protocol';
import type { z } from 'zod';
import type { Db, Queryable } from '../db/db.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { byActor, requireInScope, requireMay, type Actor } from './actor.ts';
import { sitePlace, sitesInScopeSql } from './site-rows.ts';

/**
 * Blank tokens of a site: received by serial, each leaving once — issued (from the counter's
 * `token.issued`, at ingest), spoiled or returned. A serial is in one site's stock at a time; a
 * token that left can be received again (a returned token sent to another site).
 */
export async function receiveTokens(
  db: Db,
  actor: Actor,
  raw: z.input<typeof stockReceive>,
  now = new Date(),
): Promise<{ received: string[]; alreadyInStock: string[] }> {
  requireMay(actor, 'stock', 'write');
  const input = stockReceive.parse(raw);
  return db.transaction(async (tx) => {
    const place = await sitePlace(tx, input.siteId);
    requireInScope(actor, place);
    const serials = [...new Set(input.serials.map((s) => s.trim().toUpperCase()))];
    const received = await tx.query<{ serial: string }>(
      `INSERT INTO token_stock (serial, site_id, model, state, received_at, received_by)
       SELECT s, $2, $3, 'in-stock', $4, $5 FROM unnest($1::text[]) AS s
       ON CONFLICT (serial) DO UPDATE SET site_id = EXCLUDED.site_id, model = EXCLUDED.model, state = 'in-stock',
         received_at = EXCLUDED.received_at, received_by = EXCLUDED.received_by, left_at = NULL, left_by = NULL, left_reason = NULL,
         registration_id = NULL
       WHERE token_stock.state <> 'in-stock' AND token_stock.state <> 'issued'
       RETURNING serial`,
      [serials, input.siteId, input.model, now.toISOString(), actor.id],
    );
    const got = new Set(received.map((r) => r.serial));
    if (got.size > 0)
      await appendAudit(tx, {
        ...byActor(actor),
        action: 'stock.received',
        siteId: input.siteId,
        provinceCode: place.provinceCode,
        target: `site:${input.siteId}`,
        detail: { count: got.size, ...(got.size <= 50 ? { serials: [...got] } : {}) },
      });
    return { received: [...got], alreadyInStock: serials.filter((s) => !got.has(s)) };
  });
}

export async function leaveStock(db: Db, actor: Actor, serial: string, raw: z.input<typeof stockLeave>, now = new Date()): Promise<void> {
  requireMay(actor, 'stock', 'write');
  const leave = stockLeave.parse(raw);
  await db.transaction(async (tx) => {
    const [row] = await tx.query<{ site_id: string; state: string }>(
      'SELECT site_id, state FROM token_stock WHERE serial = $1 FOR UPDATE',
      [serial.toUpperCase()],
    );
    if (!row || row.state !== 'in-stock') throw new DangkyError('DK_ERR_TOKEN_NOT_IN_STOCK');
    const place = await sitePlace(tx, row.site_id);
    requireInScope(actor, place);
    await tx.query('UPDATE token_stock SET state = $2, left_at = $3, left_by = $4, left_reason = $5 WHERE serial = $1', [
      serial.toUpperCase(),
      leave.state,
      now.toISOString(),
      actor.id,
      leave.reason,
    ]);
    await appendAudit(tx, {
      ...byActor(actor),
      action: leave.state === 'spoiled' ? 'stock.spoiled' : 'stock.returned',
      siteId: row.site_id,
      provinceCode: place.provinceCode,
      target: `token:${serial.toUpperCase()}`,
      detail: { reason: leave.reason },
    });
  });
}

export async function listStock(db: Queryable, actor: Actor, raw: z.input<typeof stockQuery>): Promise<StockResponse> {
  requireMay(actor, 'stock', 'read');
  const q = stockQuery.parse(raw);
  if (q.siteId) requireInScope(actor, await sitePlace(db, q.siteId));
  const scope = sitesInScopeSql(scopeOf(actor), 's', 1);
  const summary = await db.query<{ site_id: string; site_name: string; state: string | null; n: number }>(
    `SELECT s.id AS site_id, s.name AS site_name, t.state, count(t.serial)::int AS n
     FROM sites s LEFT JOIN token_stock t ON t.site_id = s.id
     WHERE ${scope.where} GROUP BY s.id, s.name, t.state ORDER BY s.name`,
    scope.params,
  );
  const bySite = new Map<string, StockResponse['summary'][number]>();
  for (const r of summary) {
    const s = bySite.get(r.site_id) ?? { siteId: r.site_id, siteName: r.site_name, 'in-stock': 0, issued: 0, spoiled: 0, returned: 0 };
    if (r.state) s[r.state as 'in-stock'] = Number(r.n);
    bySite.set(r.site_id, s);
  }
  const n = scope.params.length;
  const items = await db.query<{
    serial: string;
    site_id: string;
    model: string;
    state: StockResponse['items'][number]['state'];
    received_at: string | Date;
    received_by: string;
    left_at: string | Date | null;
    left_by: string | null;
    left_reason: string | null;
  }>(
    `SELECT t.serial, t.site_id, t.model, t.state, t.received_at, t.received_by, t.left_at, t.left_by, t.left_reason
     FROM token_stock t JOIN sites s ON s.id = t.site_id
     WHERE ${scope.where} AND ($${n + 1}::text IS NULL OR t.site_id = $${n + 1}) AND ($${n + 2}::text IS NULL OR t.state = $${n + 2})
     ORDER BY t.received_at DESC, t.serial LIMIT $${n + 3}`,
    [...scope.params, q.siteId ?? null, q.state ?? null, q.limit],
  );
  const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());
  return {
    summary: [...bySite.values()],
    items: items.map((r) => ({
      serial: r.serial,
      siteId: r.site_id,
      model: r.model,
      state: r.state,
      receivedAt: iso(r.received_at)!,
      receivedBy: r.received_by,
      leftAt: iso(r.left_at),
      leftBy: r.left_by,
      leftReason: r.left_reason,
    })),
  };
}

/** The counter's question about the token in its slot. */
export async function checkStock(db: Queryable, device: { siteId: string }, serial: string, enforced: boolean): Promise<StockCheck> {
  const [row] = await db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM token_stock WHERE serial = $1 AND site_id = $2 AND state = 'in-stock'",
    [serial.toUpperCase(), device.siteId],
  );
  return { serial, inStock: Number(row?.n ?? 0) > 0, enforced };
}

/** At ingest: the tokens of accepted `token.issued` events leave their site's stock as issued. */
export async function markIssuedTokens(tx: Queryable, siteId: string, accepted: readonly DomainEvent[]): Promise<void> {
  const issued = accepted.flatMap((e) => (e.type === 'token.issued' ? [e] : []));
  if (issued.length === 0) return;
  await tx.query(
    `UPDATE token_stock t SET state = 'issued', left_at = u.at, left_by = u.operator, registration_id = u.registration
     FROM unnest($2::text[], $3::timestamptz[], $4::text[], $5::uuid[]) AS u(serial, at, operator, registration)
     WHERE t.serial = u.serial AND t.site_id = $1 AND t.state = 'in-stock'`,
    [
      siteId,
      issued.map((e) => e.payload.tokenSerial.toUpperCase()),
      issued.map((e) => e.occurredAt),
      issued.map((e) => e.payload.operatorId),
      issued.map((e) => e.payload.registrationId),
    ],
  );
}
