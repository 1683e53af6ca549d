/**
 * HAProxy's own refusals speak the replicas' language: with no replica to take a request, a device
 * gets the server's busy code and a retry-after — the answer its sync already backs off on —
 * instead of a bare 503 it would retry at once. Runs Debian's HAProxy in front of a port nobody
 * listens on.
 */
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBody } from '@dangky/core/errors';
import { freePort } from '../system.mjs';
import { BUSY_RETRY_AFTER_SECONDS, PER_REPLICA, startHaproxy } from './haproxy.mjs';

let dir: string;
let haproxy: Awaited<ReturnType<typeof startHaproxy>>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dangky-haproxy-'));
  haproxy = await startHaproxy({ dir, port: await freePort(), servers: [{ name: 's1', port: await freePort() }] });
}, 30_000);

afterAll(async () => {
  await haproxy?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('HAProxy in front of the replicas', () => {
  it('answers for a replica it cannot reach with DK_ERR_SERVER_BUSY and a retry-after', async () => {
    let res: Response | undefined;
    // HAProxy takes a moment to bind its port.
    for (let i = 0; i < 50 && !res; i++)
      res = await fetch(`${haproxy.url}/v1/reference`).catch(() => new Promise((r) => setTimeout(r, 100)).then(() => undefined));
    expect(res!.status).toBe(503);
    expect(res!.headers.get('retry-after')).toBe(String(BUSY_RETRY_AFTER_SECONDS));
    expect(res!.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res!.json()).toEqual(errorBody('DK_ERR_SERVER_BUSY'));
  }, 30_000);
});

/** A replica that is ready but takes `ms` over every request: a saturated one, as far as HAProxy can tell. */
async function slowReplica(ms: number): Promise<{ port: number; server: Server; atOnce: () => number }> {
  let inFlight = 0;
  let most = 0;
  const server = createServer((req, res) => {
    if (req.url === '/readyz') return void res.end('{}');
    most = Math.max(most, ++inFlight);
    setTimeout(() => {
      inFlight--;
      res.setHeader('content-type', 'application/json');
      res.end('{}');
    }, ms);
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return { port, server, atOnce: () => most };
}

describe('HAProxy holds back what a replica cannot take', () => {
  const perReplica = PER_REPLICA;
  let replica: Awaited<ReturnType<typeof slowReplica>>;
  let front: Awaited<ReturnType<typeof startHaproxy>>;
  let frontDir: string;
  beforeAll(async () => {
    frontDir = await mkdtemp(join(tmpdir(), 'dangky-haproxy-'));
    replica = await slowReplica(4_000);
    front = await startHaproxy({ dir: frontDir, port: await freePort(), servers: [{ name: 's1', port: replica.port }] });
    // Up once its first check passed.
    for (let i = 0; i < 100; i++) {
      const ok = await fetch(`${front.url}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 30_000);
  afterAll(async () => {
    await front?.stop();
    replica?.server.close();
    await rm(frontDir, { recursive: true, force: true });
  });

  it('sends a replica a few requests at once and tells the rest to come back, well before a device gives up', async () => {
    const started = performance.now();
    const answers = await Promise.all(
      Array.from({ length: perReplica + 6 }, () =>
        fetch(`${front.url}/v1/reference`).then(async (r) => ({
          status: r.status,
          ms: performance.now() - started,
          retry: r.headers.get('retry-after'),
        })),
      ),
    );
    const busy = answers.filter((a) => a.status === 503);
    expect(replica.atOnce()).toBe(perReplica);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(perReplica);
    expect(busy).toHaveLength(6);
    // Told within HAProxy's queue time, not after the replica's 4 s nor the device's 10 s.
    for (const b of busy) {
      expect(b.retry).toBe(String(BUSY_RETRY_AFTER_SECONDS));
      expect(b.ms).toBeLessThan(3_500);
    }
  }, 30_000);
});
