/**
 * HAProxy's own refusals speak the replicas' language: with no replica to take a request, a device
 * gets the server's busy code and a retry-after — the answer its sync already backs off on —
 * instead of a bare 503 it would retry at once. Runs Debian's HAProxy in front of a port nobody
 * listens on.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBody } from '@dangky/core/errors';
import { freePort } from '../system.mjs';
import { BUSY_RETRY_AFTER_SECONDS, startHaproxy } from './haproxy.mjs';

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
