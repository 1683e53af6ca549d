import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCli } from '../cli/cli-process.ts';
import { main } from '../cli/main.ts';
import { ORIGIN, SECRET } from './test-helpers.ts';

/** `dangky-hw agent` with a token slot as system.mjs starts a counter's: the announced modules, CAs and fault file; bad CA flags refused. */

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dangky-token-agent-cli-'));
  writeFileSync(join(dir, 'agent.secret'), `${SECRET}\n`, { mode: 0o600 });
  writeFileSync(join(dir, 'so.pin'), 'so-pin-for-cli-1\n', { mode: 0o600 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = () => [
  'agent',
  '--port',
  '0',
  '--station',
  'counter-9',
  '--origin',
  ORIGIN,
  '--pairing-secret-file',
  join(dir, 'agent.secret'),
  '--simulate-token',
  join(dir, 'tokens'),
  '--token-so-pin-file',
  join(dir, 'so.pin'),
  '--ca',
  'builtin',
  '--ca-dir',
  join(dir, 'ca'),
];

describe('dangky-hw agent token options', () => {
  it('announces the token modules, the CA providers and the fault file it re-reads', async () => {
    const agent = spawnCli([
      ...base(),
      '--ca-fault-file',
      join(dir, 'ca-faults.json'),
      '--ca-fault',
      'viettel:server-error:1',
      '--ca-latency',
      'none',
    ]);
    try {
      const first = await agent.firstLine;
      expect(JSON.parse(first)).toMatchObject({
        station: 'counter-9',
        devices: [{ id: 'token', kind: 'token-slot' }],
        tokenModules: [{ id: 'softhsm2', path: expect.stringContaining('libsofthsm2.so') }],
        caProviders: ['builtin', 'vnpt', 'viettel', 'misa', 'bkav', 'fpt'],
        caFaultFile: join(dir, 'ca-faults.json'),
      });
      expect(first).not.toContain('so-pin-for-cli-1');
    } finally {
      agent.child.kill('SIGTERM');
      expect(await agent.exited).toBe('exit 0 signal null');
    }
  }, 60_000);

  it.each([
    [['--ca-fault', 'vnpt:down'], '--ca-fault must be'],
    [['--ca-latency', 'slow'], '--ca-latency must be'],
    [['--ca-retry-budget-ms', '5'], '--ca-retry-budget-ms must be'],
  ])('refuses %j with exit 2', async (extra, message) => {
    const err: string[] = [];
    expect(await main([...base(), ...extra], { out: () => undefined, err: (t) => err.push(t) })).toBe(2);
    expect(err.join('\n')).toContain(message);
  });
});
