import { eventEnvelope, applyEvent, type DomainEvent, type RegistrationState } from '@dangky/core/events';
import { errorRegistry, type ErrorCode } from '@dangky/core/errors';
import type { PushRequest, PushResponse, PushResult } from '@dangky/core/protocol';
import type { Queryable, Db } from '../db/db.ts';
import type { AuthedDevice } from '../auth/device-auth.ts';
import { countDelta, mergeDeltas, type CountDelta } from './counts.ts';
import { advanceSequence } from './sequence.ts';

const reject = (id: string, code: ErrorCode, why?: string): PushResult => ({
  id,
  status: 'rejected',
  code,
  message: why ? `${errorRegistry[code].en}: ${why}` : errorRegistry[code].en,
});

/**
 * Ingests one push: each event is answered on its own (accepted, duplicate, or rejected with
 * a code), and everything accepted — events, registration states, daily counts — is written
 * in one transaction with set-based statements (one INSERT per table per batch), so a batch of
 * 500 costs a handful of round trips. Pushes of one site are serialised with an advisory lock,
 * which makes the read-check-write of registration states safe on a multi-connection server.
 */
export async function ingestPush(db: Db, device: AuthedDevice, body: PushRequest): Promise<PushResponse> {
  const results: (PushResult | undefined)[] = new Array(body.events.length);
  const candidates: { index: number; event: DomainEvent }[] = [];
  const seenIds = new Set<string>();
  const seenSeqs = new Set<number>();

  body.events.forEach((loose, index) => {
    if (loose.deviceId !== device.id) return void (results[index] = reject(loose.id, 'DK_ERR_EVENT_DEVICE_MISMATCH'));
    if (seenIds.has(loose.id)) return void (results[index] = { id: loose.id, status: 'duplicate' });
    const parsed = eventEnvelope.safeParse(loose);
    if (!parsed.success) {
      const paths = parsed.error.issues
        .map((i) => i.path.join('.') || '(root)')
        .slice(0, 5)
        .join(', ');
      return void (results[index] = reject(loose.id, 'DK_ERR_EVENT_INVALID', `invalid at ${paths}`));
    }
    if (seenSeqs.has(loose.seq)) return void (results[index] = reject(loose.id, 'DK_ERR_EVENT_SEQUENCE_CONFLICT'));
    seenIds.add(loose.id);
    seenSeqs.add(loose.seq);
    candidates.push({ index, event: parsed.data });
  });

  const missingSeqs = await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [device.siteId]);
    if (candidates.length > 0) await applyCandidates(tx, device, candidates, results);
    return updateSequence(tx, device.id);
  });

  return {
    results: results.map((r, i) => r ?? reject(body.events[i]!.id, 'DK_ERR_INTERNAL')),
    missingSeqs,
    serverTime: new Date().toISOString(),
  };
}

async function applyCandidates(
  tx: Queryable,
  device: AuthedDevice,
  candidates: { index: number; event: DomainEvent }[],
  results: (PushResult | undefined)[],
): Promise<void> {
  const ids = candidates.map((c) => c.event.id);
  const regIds = [...new Set(candidates.map((c) => c.event.payload.registrationId))];
  const operators = [...new Set(candidates.flatMap((c) => ('operatorId' in c.event.payload ? [c.event.payload.operatorId] : [])))];
  const tickets = candidates.flatMap((c) =>
    c.event.type === 'registration.submitted' ? [`${c.event.payload.ticket.day}|${c.event.payload.ticket.number}`] : [],
  );

  // Sequential on purpose: one transaction is one connection, which runs one query at a time.
  const existingIds = await tx.query<{ id: string }>('SELECT id::text AS id FROM events WHERE id = ANY($1::uuid[])', [ids]);
  const takenSeqs = await tx.query<{ seq: number }>('SELECT seq::int AS seq FROM events WHERE device_id = $1 AND seq = ANY($2::bigint[])', [
    device.id,
    candidates.map((c) => c.event.seq),
  ]);
  const stored = await tx.query<{ id: string; state: RegistrationState }>(
    'SELECT id::text AS id, state FROM registrations WHERE id = ANY($1::uuid[])',
    [regIds],
  );
  const staff = operators.length
    ? await tx.query<{ id: string; site_id: string | null; role: string }>('SELECT id, site_id, role FROM staff WHERE id = ANY($1)', [
        operators,
      ])
    : [];
  const providers = await tx.query<{ id: string; channels: string[] }>('SELECT id, channels FROM providers WHERE active');
  const takenTickets = tickets.length
    ? await tx.query<{ t: string }>(
        `SELECT day::text || '|' || ticket_number AS t FROM registrations WHERE site_id = $1 AND day::text || '|' || ticket_number = ANY($2)`,
        [device.siteId, tickets],
      )
    : [];
  const duplicateIds = new Set(existingIds.map((r) => r.id));
  const seqTaken = new Set(takenSeqs.map((r) => Number(r.seq)));
  const states = new Map(stored.map((r) => [r.id, typeof r.state === 'string' ? (JSON.parse(r.state) as RegistrationState) : r.state]));
  const staffById = new Map(staff.map((s) => [s.id, s]));
  const providerChannels = new Map(providers.map((p) => [p.id, new Set(p.channels)]));
  const ticketTaken = new Set(takenTickets.map((r) => r.t));

  const accepted: DomainEvent[] = [];
  const changed = new Set<string>();
  const deltas: CountDelta[] = [];

  for (const { index, event } of candidates) {
    if (duplicateIds.has(event.id)) {
      results[index] = { id: event.id, status: 'duplicate' };
      continue;
    }
    if (seqTaken.has(event.seq)) {
      results[index] = reject(event.id, 'DK_ERR_EVENT_SEQUENCE_CONFLICT');
      continue;
    }
    const code = checkEvent(event, device, states, staffById, providerChannels, ticketTaken);
    if (code) {
      results[index] = reject(event.id, code);
      continue;
    }
    const regId = event.payload.registrationId;
    const folded = applyEvent(states.get(regId), event);
    if (!folded.ok) {
      results[index] = reject(event.id, folded.code);
      continue;
    }
    states.set(regId, folded.state);
    changed.add(regId);
    if (event.type === 'registration.submitted') ticketTaken.add(`${event.payload.ticket.day}|${event.payload.ticket.number}`);
    const delta = countDelta(event, folded.state);
    if (delta) deltas.push(delta);
    accepted.push(event);
    results[index] = { id: event.id, status: 'accepted' };
  }
  if (accepted.length === 0) return;

  await tx.query(
    `INSERT INTO events (id, device_id, seq, type, occurred_at, registration_id, payload)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::text[], $5::timestamptz[], $6::uuid[], $7::jsonb[])`,
    [
      accepted.map((e) => e.id),
      accepted.map((e) => e.deviceId),
      accepted.map((e) => e.seq),
      accepted.map((e) => e.type),
      accepted.map((e) => e.occurredAt),
      accepted.map((e) => e.payload.registrationId),
      accepted.map((e) => JSON.stringify(e.payload)),
    ],
  );

  const rows = [...changed].map((id) => states.get(id)!);
  await tx.query(
    `INSERT INTO registrations (id, site_id, day, ticket_number, status, state, change_seq)
     SELECT r.id, r.site_id, r.day, r.ticket_number, r.status, r.state, nextval('registration_change_seq')
     FROM unnest($1::uuid[], $2::text[], $3::date[], $4::text[], $5::text[], $6::jsonb[]) AS r(id, site_id, day, ticket_number, status, state)
     ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, state = EXCLUDED.state, change_seq = EXCLUDED.change_seq`,
    [
      rows.map((s) => s.registrationId),
      rows.map((s) => s.draft.siteId),
      rows.map((s) => s.draft.ticket.day),
      rows.map((s) => s.draft.ticket.number),
      rows.map((s) => s.status),
      rows.map((s) => JSON.stringify(s)),
    ],
  );

  const merged = mergeDeltas(deltas);
  if (merged.length === 0) return;
  await tx.query(
    `INSERT INTO daily_counts (day, site_id, service, channel, provider_id, operator_id, submitted, completed, cancelled)
     SELECT * FROM unnest($1::date[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::int[], $9::int[])
     ON CONFLICT (day, site_id, service, channel, provider_id, operator_id) DO UPDATE SET
       submitted = daily_counts.submitted + EXCLUDED.submitted,
       completed = daily_counts.completed + EXCLUDED.completed,
       cancelled = daily_counts.cancelled + EXCLUDED.cancelled`,
    [
      merged.map((d) => d.day),
      merged.map((d) => d.siteId),
      merged.map((d) => d.service),
      merged.map((d) => d.channel),
      merged.map((d) => d.providerId),
      merged.map((d) => d.operatorId),
      merged.map((d) => d.submitted),
      merged.map((d) => d.completed),
      merged.map((d) => d.cancelled),
    ],
  );
}

/** Rules beyond the fold that need server knowledge: site, ticket, catalogue, operator. */
function checkEvent(
  event: DomainEvent,
  device: AuthedDevice,
  states: Map<string, RegistrationState>,
  staffById: Map<string, { site_id: string | null; role: string }>,
  providerChannels: Map<string, Set<string>>,
  ticketTaken: Set<string>,
): ErrorCode | null {
  if (event.type === 'registration.submitted') {
    const draft = event.payload;
    if (draft.siteId !== device.siteId) return 'DK_ERR_WRONG_SITE';
    if (states.has(draft.registrationId)) return 'DK_ERR_ILLEGAL_TRANSITION';
    // Ticket numbers are unique per site and day because each kiosk of a site has its own prefix.
    if (!device.ticketPrefix || !draft.ticket.number.startsWith(`${device.ticketPrefix}-`)) return 'DK_ERR_EVENT_INVALID';
    if (ticketTaken.has(`${draft.ticket.day}|${draft.ticket.number}`)) return 'DK_ERR_DUPLICATE_TICKET';
    if (draft.service.kind === 'digital-signature' && !providerChannels.get(draft.service.providerId)?.has(draft.service.channel)) {
      return 'DK_ERR_UNKNOWN_PROVIDER';
    }
    return null;
  }
  const state = states.get(event.payload.registrationId);
  if (state && state.draft.siteId !== device.siteId) return 'DK_ERR_WRONG_SITE';
  const operator = staffById.get(event.payload.operatorId);
  if (!operator || (operator.site_id !== device.siteId && operator.role !== 'city-manager')) return 'DK_ERR_UNKNOWN_OPERATOR';
  return null;
}

async function updateSequence(tx: Queryable, deviceId: string): Promise<number[]> {
  const [dev] = await tx.query<{ contiguous_seq: number }>('SELECT contiguous_seq::int AS contiguous_seq FROM devices WHERE id = $1', [
    deviceId,
  ]);
  const contiguous = Number(dev?.contiguous_seq ?? 0);
  const above = await tx.query<{ seq: number }>(
    'SELECT seq::int AS seq FROM events WHERE device_id = $1 AND seq > $2 ORDER BY seq LIMIT 5000',
    [deviceId, contiguous],
  );
  const next = advanceSequence(
    contiguous,
    above.map((r) => Number(r.seq)),
  );
  if (next.contiguous !== contiguous) await tx.query('UPDATE devices SET contiguous_seq = $2 WHERE id = $1', [deviceId, next.contiguous]);
  return next.missing;
}
