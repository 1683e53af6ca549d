import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '@dangky/core/protocol';
import { deviceEvents } from '../events.ts';
import { mountSmallDisk, type SmallDisk } from './small-disk.ts';

/**
 * A full disk under the server as an operator runs it (main.ts on PGlite, DATA_DIR on a small
 * file system this test mounts): writes are refused with 503 DK_ERR_STORAGE_FULL and a
 * retry-after, /readyz fails while /healthz answers, nothing spins; when space comes back the
 * server takes the same push by itself, without a restart; and SIGTERM on a full disk ends it.
 * PGlite's own folder is about 40 MB after initdb, so the disk is 160 MB, not 16.
 */
const main = resolve(import.meta.dirname, '../../src/main.ts');
const KIOSK = 'kiosk-hcm-ben-thanh-1';
const RESERVE_MB = 24;

let disk: SmallDisk;
let child: ChildProcess;
let url: string;
let auth: string;
let stderr = '';

/** Fills the disk until `leaveBytes` are free. */
async function fill(name: string, leaveBytes: number): Promise<void> {
  const handle = await open(join(disk.dir, name), 'w');
  const chunk = Buffer.alloc(1 << 20, 0x61);
  try {
    while (disk.freeBytes() - chunk.length > leaveBytes) await handle.write(chunk);
  } finally {
    await handle.close();
  }
}

const waitFor = async (what: string, check: () => Promise<boolean>, timeoutMs = 30_000) => {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; server stderr: ${stderr.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};
const status = async (path: string) => (await fetch(url + path)).status;

describe('a full disk under the server (PGlite)', { timeout: 240_000 }, () => {
  beforeAll(async () => {
    disk = mountSmallDisk(160);
    const dataDir = join(disk.dir, 'data');
    child = fork(main, [], {
      execArgv: ['--import', 'tsx'],
      env: {
        PATH: process.env.PATH,
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        DEMO_SEED: 'on',
        STORAGE_RESERVE_MB: String(RESERVE_MB),
      },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const port = await new Promise<number>((res, rej) => {
      child.on('message', (m: { listening?: number }) => m.listening && res(m.listening));
      child.on('exit', (code) => rej(new Error(`server exited ${code}: ${stderr.slice(-2000)}`)));
    });
    url = `http://127.0.0.1:${port}`;
    const secrets = JSON.parse(readFileSync(join(dataDir, 'demo-secrets.json'), 'utf8')) as { devices: { id: string; secret: string }[] };
    auth = `Device ${KIOSK}:${secrets.devices.find((d) => d.id === KIOSK)!.secret}`;
  }, 240_000);

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    disk?.unmount();
  });

  it('refuses writes with 503 while the disk is full, stays alive, and takes them again by itself when space is back', async () => {
    expect(await status(routes.readyz)).toBe(200);
    const k = deviceEvents(KIOSK);
    const day = new Date().toISOString().slice(0, 10);
    const push = (events: unknown[]) =>
      fetch(url + routes.push, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: JSON.stringify({ deviceId: KIOSK, events }),
      });
    const batch = [k.submitted({ siteId: 'hcm-ben-thanh', ticket: 'A-901', day, at: new Date().toISOString() })];

    await fill('filler', (RESERVE_MB / 2) << 20);
    await waitFor('/readyz to fail', async () => (await status(routes.readyz)) === 503);
    const ready = await fetch(url + routes.readyz);
    expect(((await ready.json()) as { error: { code: string } }).error.code).toBe('DK_ERR_STORAGE_FULL');
    const refused = await push(batch);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('DK_ERR_STORAGE_FULL');
    expect(await status(routes.healthz)).toBe(200);
    expect(await status(routes.reference)).toBe(200);

    await rm(join(disk.dir, 'filler'));
    await waitFor('/readyz to pass again', async () => (await status(routes.readyz)) === 200);
    const taken = await push(batch);
    expect(taken.status).toBe(200);
    expect(((await taken.json()) as { results: { status: string }[] }).results.map((r) => r.status)).toEqual(['accepted']);
  });

  it('ends on SIGTERM while the disk is full', async () => {
    await fill('filler-2', (RESERVE_MB / 2) << 20);
    await waitFor('/readyz to fail', async () => (await status(routes.readyz)) === 503);
    const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
    const sent = Date.now();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(Date.now() - sent).toBeLessThan(15_000);
  });
});
