import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from './static-server.mjs';

/** A raw GET: fetch() would normalise or refuse the malformed paths this test sends on purpose. */
const get = (base: string, path: string) =>
  new Promise<{ status: number; headers: Record<string, unknown> }>((resolve, reject) => {
    const url = new URL(base);
    request({ host: url.hostname, port: url.port, path, method: 'GET' }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
    })
      .on('error', reject)
      .end();
  });

let server: { url: string; close: () => Promise<unknown> };
beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'static-'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>t</title>');
  server = await serveStatic({ root, port: 0 });
});
afterAll(() => server.close());

describe('the apps’ static server', () => {
  it('forbids framing and sniffing on every answer, the page and a missing asset alike', async () => {
    for (const [path, status] of [
      ['/', 200],
      ['/queue', 200],
      ['/missing.js', 404],
    ] as const) {
      const res = await get(server.url, path);
      expect(res.status, path).toBe(status);
      expect(res.headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
      expect(res.headers['x-frame-options'], path).toBe('DENY');
      expect(res.headers['x-content-type-options'], path).toBe('nosniff');
    }
  });

  it('answers 400 to a path that is not one (bad percent-encoding, an encoded NUL), never 500', async () => {
    for (const path of ['/%E0%A4%A', '/%', '/a%ZZ', '/%00.js', '/%C0%AF']) {
      const res = await get(server.url, path);
      expect(res.status, path).toBe(400);
      expect(res.headers['x-content-type-options'], path).toBe('nosniff');
    }
  });
});
