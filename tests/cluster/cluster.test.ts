/**
 * The scaled-out server as it runs in production, on this machine: a PostgreSQL primary, a hot
 * standby fed by streaming replication, three sync-server processes and HAProxy. What a device
 * relies on: an acknowledged event is stored exactly once whichever replica took it — even when
 * the same batch reaches two replicas at the same moment (a retry racing the first attempt) and
 * when a replica dies mid-run — and per-device sequence bookkeeping stays right. Reports are read
 * from the standby.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushResponse, type PushResponse } from '@dangky/core/protocol';
import { deviceEvents } from '../../sync-server/test/events.ts';
import { startCluster } from '../../scripts/cluster/cluster.mjs';

type Cluster = Awaited<ReturnType<typeof startCluster>>;
interface DemoDevice {
  id: string;
  siteId: string;
  kind: string;
  ticketPrefix: string | null;
  secret: string;
}

let cluster: Cluster;
let devices: DemoDevice[];
let primary: pg.Client;

beforeAll(async () => {
  // Its events are dated on fixed days of 2026-12: a window wide enough for them whatever today is.
  cluster = await startCluster({ durable: false, serverEnv: { EVENT_WINDOW_PAST_DAYS: '36600' } });
  devices = JSON.parse(await readFile(join(cluster.dataDir, 'demo-secrets.json'), 'utf8')).devices;
  primary = new pg.Client({ connectionString: cluster.primaryUrl });
  await primary.connect();
}, 180_000);

afterAll(async () => {
  await primary?.end();
  await cluster?.stop();
}, 60_000);

const auth = (d: DemoDevice) => `Device ${d.id}:${d.secret}`;

/** One push to one address; a dead replica or a refusal answers `undefined` (not acknowledged). */
async function push(url: string, device: DemoDevice, events: unknown[]): Promise<PushResponse | undefined> {
  try {
    const res = await fetch(`${url}/v1/sync/push`, {
      method: 'POST',
      headers: { authorization: auth(device), 'content-type': 'application/json' },
      body: JSON.stringify({ deviceId: device.id, events }),
      signal: AbortSignal.timeout(20_000),
    });
    if (!res.ok) return undefined;
    return pushResponse.parse(await res.json());
  } catch {
    return undefined;
  }
}

let retries = 0;

/** What a device does: push until one answer comes back (through HAProxy after a failure). */
async function pushUntilAcknowledged(first: string, device: DemoDevice, events: unknown[]): Promise<PushResponse> {
  let url = first;
  for (let attempt = 0; attempt < 40; attempt++) {
    const answer = await push(url, device, events);
    if (answer) return answer;
    retries++;
    url = cluster.url;
    await new Promise((r) => setTimeout(r, 100 * Math.min(attempt + 1, 5)));
  }
  throw new Error(`push of ${device.id} never acknowledged`);
}

const day = '2026-12-01';
const at = '2026-12-01T03:00:00.000Z';

describe('three sync-servers behind HAProxy on a PostgreSQL primary and standby', () => {
  it('stores every acknowledged event once when the same batches reach two replicas at once and a replica dies mid-run', async () => {
    const kiosks = devices.filter((d) => d.kind === 'kiosk');
    const BATCHES = 24;
    const SIZE = 25;
    const [a, b, c] = cluster.replicas.map((r) => r.url);
    const accepted = new Map<string, number>();
    const acknowledged = new Set<string>();
    const all = new Set<string>();
    const lanes = kiosks.map(async (kiosk, lane) => {
      const k = deviceEvents(kiosk.id);
      for (let batch = 0; batch < BATCHES; batch++) {
        const events = Array.from({ length: SIZE }, (_, i) =>
          k.submitted({ siteId: kiosk.siteId, ticket: `${kiosk.ticketPrefix}-${String(batch * SIZE + i + 1).padStart(4, '0')}`, day, at }),
        );
        for (const e of events) all.add(e.id);
        // The same batch, at the same moment, to two different replicas (a device's retry racing
        // its first attempt); the third replica is the one that dies, so its lane goes through HAProxy.
        const targets = lane === 0 ? [a!, b!] : [b!, c!];
        if (batch === BATCHES / 2 && lane === 0) void cluster.kill(2);
        const answers = await Promise.all(targets.map((url) => pushUntilAcknowledged(url, kiosk, events)));
        for (const answer of answers)
          for (const r of answer.results) {
            expect(r.status).not.toBe('rejected');
            acknowledged.add(r.id);
            if (r.status === 'accepted') accepted.set(r.id, (accepted.get(r.id) ?? 0) + 1);
          }
        expect(answers.at(-1)!.missingSeqs).toEqual([]);
      }
    });
    await Promise.all(lanes);
    // The killed replica really was in use: some pushes to it failed and were retried.
    expect(retries).toBeGreaterThan(0);

    // No event was accepted twice: whichever replica stored it first, the other said duplicate.
    expect(acknowledged.size).toBe(all.size);
    expect([...all].filter((id) => (accepted.get(id) ?? 0) > 1)).toEqual([]);
    // An event no answer called accepted was stored by the replica that died before it could
    // answer (its retry then says duplicate): at most the batch each of that replica's lanes had
    // in flight at the kill.
    expect([...all].filter((id) => !accepted.has(id)).length).toBeLessThanOrEqual(SIZE * (kiosks.length - 1));
    const { rows: stored } = await primary.query<{ id: string; n: number }>(
      'SELECT id::text AS id, count(*)::int AS n FROM events WHERE id = ANY($1::uuid[]) GROUP BY id',
      [[...all]],
    );
    expect(stored.length).toBe(all.size);
    expect(stored.every((r) => r.n === 1)).toBe(true);
    // Sequence bookkeeping: every kiosk's contiguous sequence reached its last event.
    const { rows: seqs } = await primary.query<{ id: string; contiguous_seq: number }>(
      'SELECT id, contiguous_seq::int AS contiguous_seq FROM devices WHERE id = ANY($1) ORDER BY id',
      [kiosks.map((k) => k.id)],
    );
    expect(seqs.map((s) => s.contiguous_seq)).toEqual(kiosks.map(() => BATCHES * SIZE));
    // The counts projection counted each registration once.
    const { rows: counts } = await primary.query<{ n: number }>('SELECT sum(submitted)::int AS n FROM daily_counts WHERE day = $1', [day]);
    expect(counts[0]!.n).toBe(all.size);
  }, 240_000);

  it('serves reports from the standby: a paused standby shows the figures it has replayed', async () => {
    const login = await fetch(`${cluster.url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'manager.hcm', password: 'dangky-demo-2026' }),
    });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const report = async () => {
      const res = await fetch(`${cluster.url}/v1/reports/daily-counts?from=2026-12-02&to=2026-12-02`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { rows: { submitted: number }[] };
      return body.rows.reduce((n, r) => n + r.submitted, 0);
    };
    const kiosk = devices.find((d) => d.kind === 'kiosk')!;
    const k = deviceEvents(kiosk.id, 10_000);
    let ticket = 0;
    const submit = (n: number) =>
      Array.from({ length: n }, () =>
        k.submitted({
          siteId: kiosk.siteId,
          ticket: `${kiosk.ticketPrefix}-${String(++ticket).padStart(4, '0')}`,
          day: '2026-12-02',
          at: '2026-12-02T03:00:00.000Z',
        }),
      );
    // Stored on the primary (accepted now or by an earlier attempt), never refused.
    const stored = async (events: unknown[]) => {
      const answer = await pushUntilAcknowledged(cluster.url, kiosk, events);
      expect(answer.results.filter((r) => r.status === 'rejected')).toEqual([]);
    };
    await stored(submit(3));
    await cluster.waitForReplay();
    expect(await report()).toBe(3);

    const standby = new pg.Client({ connectionString: cluster.standbyUrl });
    await standby.connect();
    try {
      await standby.query('SELECT pg_wal_replay_pause()');
      await stored(submit(2));
      // The primary has 5; the report, read from the paused standby, still says 3.
      const { rows } = await primary.query<{ n: number }>("SELECT sum(submitted)::int AS n FROM daily_counts WHERE day = '2026-12-02'");
      expect(rows[0]!.n).toBe(5);
      expect(await report()).toBe(3);
    } finally {
      await standby.query('SELECT pg_wal_replay_resume()');
      await standby.end();
    }
    await cluster.waitForReplay();
    expect(await report()).toBe(5);
  }, 120_000);
});
