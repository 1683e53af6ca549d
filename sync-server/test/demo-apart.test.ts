import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '@dangky/core/protocol';
import { dbKind, freshPostgresUrl, harness, type Harness } from './harness.ts';

/**
 * The demo's machinery stays out of production: the server as an operator starts it (no
 * DEMO_SEED) serves no remote-signing simulator, so no clerk can confirm a citizen's phone step
 * themselves; with the demo on (`npm start`, the Playwright suite — which always runs the demo, so
 * this is checked here) the simulator's confirm route is there. Every answer is kept out of the
 * browser's cache and read only as its content-type says.
 */
const main = resolve(import.meta.dirname, '../src/main.ts');

/** `sync-server/src/main.ts` in a child process on a fresh database; resolves with its port once it listens. */
async function startServer(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dangky-main-'));
  const database = dbKind === 'postgres' ? { DATABASE_URL: await freshPostgresUrl() } : {};
  const child = fork(main, [], {
    execArgv: ['--import', 'tsx'],
    env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...database, ...env },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const port = await new Promise<number>((res, rej) => {
    child.on('message', (m: { listening?: number }) => m.listening && res(m.listening));
    child.on('exit', (code) => rej(new Error(`server exited ${code}: ${stderr.slice(-2000)}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

const stop = (child: ChildProcess) =>
  new Promise<void>((res) => {
    if (child.exitCode !== null) return res();
    child.on('exit', () => res());
    child.kill('SIGTERM');
  });

const confirmUrl = (base: string) => base + routes.remoteActivationConfirm.replace(':activationId', 'act-00000000');

describe(`demo apart from production on ${dbKind}`, { timeout: 240_000 }, () => {
  it('without the demo there is no remote-signing simulator: its confirm route and the activations are absent', async () => {
    const { url, child } = await startServer({});
    try {
      const confirm = await fetch(confirmUrl(url), { method: 'POST', headers: { authorization: 'Bearer x' } });
      expect(confirm.status).toBe(404);
      expect((await fetch(url + routes.remoteActivations, { method: 'POST', headers: { authorization: 'Bearer x' } })).status).toBe(404);
      const health = await fetch(url + routes.healthz);
      expect(health.headers.get('cache-control')).toBe('no-store');
      expect(health.headers.get('x-content-type-options')).toBe('nosniff');
    } finally {
      await stop(child);
    }
  });

  it('with the demo on, the confirm route is there (and asks who is signed in)', async () => {
    const { url, child } = await startServer({ DEMO_SEED: 'on' });
    try {
      expect((await fetch(confirmUrl(url), { method: 'POST', headers: { authorization: 'Bearer x' } })).status).toBe(401);
    } finally {
      await stop(child);
    }
  });
});

describe(`answers with personal data on ${dbKind}`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(() => h.close());

  it('are never cached and never sniffed, refusals included', async () => {
    const pulled = await h.app.inject({
      method: 'GET',
      url: routes.pull,
      headers: await h.pullHeaders('counter-hcm-ben-thanh-1'),
    });
    const refused = await h.app.inject({ method: 'GET', url: routes.pull, headers: { authorization: 'Device nobody:wrong' } });
    for (const res of [pulled, refused]) {
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });
});
