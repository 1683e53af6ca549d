import type { PushRequest, PushResponse } from '@dangky/core/protocol';
import { defaultServiceRules, type ServiceRules } from '@dangky/core/gates';
import { sqlText, type Db } from '../db/db.ts';
import type { AuthedDevice } from '../auth/device-auth.ts';
import { eventGates, type Batch } from './gates/index.ts';
import { screenBatch } from './steps/screen-batch.ts';
import { loadStates } from './steps/load-states.ts';
import { judgeEvents } from './steps/judge-events.ts';
import { eventsStatement } from './steps/write-events.ts';
import { registrationsStatement } from './steps/write-registrations.ts';
import { dailyCountsStatement } from './steps/write-daily-counts.ts';
import { queueStatsStatements } from './steps/write-queue-stats.ts';
import { writeBoardCalls } from './steps/write-board-calls.ts';
import { rollupStatements } from './steps/write-rollups.ts';
import { writeAsOne } from '../db/one-statement.ts';
import { lookupsAsOne } from '../db/lookups-as-one.ts';
import { writeHoldings } from './steps/write-holdings.ts';
import { readSequence, sequenceAfter } from './steps/update-sequence.ts';
import { writeStaffActions } from './steps/write-staff-actions.ts';
import { rejected, type Results } from './steps/results.ts';
import { writeHeld } from './steps/write-held.ts';
import { readHeld, releaseHeldStatement, replayHeld, type IngestCandidates } from './steps/replay-held.ts';
import { openVault, rememberKeys } from '../privacy/registration-vault.ts';
import type { ServerKeys } from '../privacy/server-keys.ts';
import { defaultEventTimeWindow, type EventTimeWindow } from '@dangky/core/events';
import { ingestApart, OPEN_SAVEPOINT } from './steps/ingest-apart.ts';

/**
 * Ingests one push: each event is answered on its own (accepted, duplicate, or rejected with
 * a code), and everything accepted — events, registration states, daily counts — is written
 * in one transaction with set-based statements (one INSERT per table per batch, and the event log
 * with its projections sent as one statement), so a batch of 500 costs a handful of round trips. Pushes of one site are serialised with an advisory lock,
 * which makes the read-check-write of registration states safe on a multi-connection server.
 *
 * The steps, in order: screen the envelopes (no database), load the touched registrations,
 * prepare the gates (`gates/index.ts`), judge each event through the gates and the fold, write
 * the events, the registrations, the citizens' holdings (core's `holdingOf`), the daily counts,
 * the report rollups, the waiting-room statistics and the call board, record the clerks' actions (audit log,
 * token stock), advance the device's sequence. A counter's events for a registration the server
 * has not received yet (served offline from a sealed ticket) are held, and the submission that
 * arrives later releases them through the same steps (`steps/replay-held.ts`). What is stored
 * about a registration is sealed under its own data key (`privacy/registration-vault.ts`).
 * Should the database refuse one event's data, the others are stored all the same
 * (`steps/ingest-apart.ts`).
 */
export async function ingestPush(
  db: Db,
  device: AuthedDevice,
  body: PushRequest,
  keys: ServerKeys,
  rules: ServiceRules = defaultServiceRules,
  {
    now = new Date(),
    eventWindow = defaultEventTimeWindow,
    tokenStockCheck = false,
  }: { now?: Date; eventWindow?: EventTimeWindow; tokenStockCheck?: boolean } = {},
): Promise<PushResponse> {
  const { results, candidates } = screenBatch(device, body.events);
  const clock = { now, window: eventWindow };

  // Nothing to store (every event answered already): the device learns only what the server lacks.
  if (candidates.length === 0) {
    const after = sequenceAfter(device.id, await readSequence(db, device.id), []);
    for (const update of after.update) await db.query(update);
    return answer(results, body, after.missing, now);
  }
  // The site's lock and the fast path's savepoint go with BEGIN, the sequence's move with COMMIT.
  const first = [`SELECT pg_advisory_xact_lock(hashtext(${sqlText(device.siteId)}))`, OPEN_SAVEPOINT];
  const { missing } = await db.transaction(
    async (tx) => {
      rememberKeys(tx);
      const ingest = ingestApart(ingestCandidates(tokenStockCheck, clock), { opened: true });
      // The sequence goes with the first look-ups. Should they fail (the fast path then retries
      // each event alone), it is read again on its own.
      const [read, judged] = await Promise.all([
        readSequence(lookupsAsOne(tx), device.id).catch(() => null),
        ingest(tx, device, candidates, results, rules, keys),
      ]);
      const before = read ?? (await readSequence(tx, device.id));
      // Held events were judged on their time when they arrived: no clock for the replay.
      await replayHeld(tx, judged.released, rules, keys, ingestApart(ingestCandidates(tokenStockCheck)));
      const own = [...judged.accepted, ...judged.held].filter((e) => e.deviceId === device.id).map((e) => e.seq);
      return sequenceAfter(device.id, before, own);
    },
    { first, last: (after) => after.update },
  );
  return answer(results, body, missing, now);
}

function answer(results: Results, body: PushRequest, missingSeqs: number[], now: Date): PushResponse {
  return {
    results: results.map((r, i) => r ?? rejected(body.events[i]!.id, 'DK_ERR_INTERNAL')),
    missingSeqs,
    serverTime: now.toISOString(),
  };
}

/** Loads, judges and writes one device's screened events inside the push's transaction. */
const ingestCandidates =
  (tokenStockCheck: boolean, clock?: Batch['clock']): IngestCandidates =>
  async (tx, device, candidates, results, rules, keys) => {
    const events = candidates.map((c) => c.event);
    // The states with their keys and the events held for the batch's submissions, then the gates'
    // look-ups: each round of look-ups one statement.
    const lookups = lookupsAsOne(tx);
    const submissions = events.filter((e) => e.type === 'registration.submitted').map((e) => e.payload.registrationId);
    const [{ stored, erased }, held] = await Promise.all([loadStates(lookups, keys, events), readHeld(lookups, submissions)]);
    // Side by side, so that their look-ups go together.
    const gates = await Promise.all(
      eventGates.map((prepare) => prepare(lookups, { device, events, stored, rules, erased, keys, clock, tokenStockCheck })),
    );
    const judged = judgeEvents(candidates, gates, stored, results);
    const submitted = new Set(judged.submitted);
    const released = held.filter((h) => submitted.has(h.registration_id));
    // Data keys are made only for registrations something is stored about (not for refused submissions).
    const written = [...judged.accepted, ...judged.held].map((e) => e.payload.registrationId);
    const vault = await openVault(tx, keys, written, { create: true });
    await writeHeld(tx, vault, device.siteId, judged.held);
    // The event log and its projections in one round trip; none reads another's rows.
    await writeAsOne(tx, [
      eventsStatement(vault, judged.accepted),
      releaseHeldStatement(released),
      registrationsStatement(vault, keys, judged.changed),
      dailyCountsStatement(judged.deltas),
      ...rollupStatements(judged.deltas),
      ...queueStatsStatements(judged.queueDeltas),
    ]);
    await writeHoldings(tx, keys, judged.changed);
    await writeBoardCalls(tx, judged.accepted, judged.changed);
    await writeStaffActions(tx, device, judged.accepted);
    return { ...judged, released };
  };
