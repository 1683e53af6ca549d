import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnCli } from '../cli/cli-process.ts';
import { createAgentClient } from '@dangky/core/agent';
import { main } from '../cli/main.ts';
import { sampleTicket } from '../printer/sample-ticket.ts';
import { ORIGIN, SECRET, readTickets, until, wsFrom } from './test-helpers.ts';

/** `dangky-hw agent` as scripts/system.mjs runs it: a child process with a simulated printer. */

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dangky-agent-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
};

describe('dangky-hw agent', () => {
  it('runs as a process: prints its URL, answers /healthz, prints through the simulator, exits 0 on SIGTERM', async () => {
    const secretFile = join(dir, 'agent.secret');
    writeFileSync(secretFile, `${SECRET}\n`, { mode: 0o600 });
    const simDir = join(dir, 'printer-sim');
    const agent = spawnCli([
      'agent',
      '--port',
      '0',
      '--station',
      'kiosk-1',
      '--origin',
      ORIGIN,
      '--origin',
      'http://localhost:4101',
      '--pairing-secret-file',
      secretFile,
      '--simulate-printer',
      simDir,
    ]);
    try {
      const first = await agent.firstLine;
      const line = JSON.parse(first) as { agent: string; station: string };
      expect(line).toMatchObject({ station: 'kiosk-1', agent: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+$/) });
      expect(first).not.toContain(SECRET);
      const port = Number(new URL(line.agent).port);
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(response.status).toBe(200);
      const health = (await response.json()) as { devices: unknown[] };
      expect(health.devices).toEqual([expect.objectContaining({ id: 'printer', kind: 'printer', simulated: true })]);

      const page = createAgentClient({ url: line.agent, pairingSecret: SECRET, client: 'test', WebSocketImpl: wsFrom(ORIGIN) });
      try {
        // Subscribing connects; the printer may still be opening the simulator's pty.
        page.onDevices(() => undefined);
        await until(() => page.state === 'ready' && page.devices()[0]?.state === 'ready', 5_000);
        expect((await page.request('printer.print-ticket', sampleTicket)).printed).toBe(true);
      } finally {
        page.close();
      }
      const [ticket] = await readTickets(join(simDir, 'kiosk-1.jsonl'), 1);
      expect(ticket?.qrPayload).toBe(sampleTicket.qrPayload);
    } finally {
      agent.child.kill('SIGTERM');
    }
    expect(await agent.exitCode).toBe(0);
    expect(agent.stderr()).not.toContain(SECRET);
  });

  it('exits 2 with a message for a short secret, a missing file, a bad origin or a missing port', async () => {
    const short = join(dir, 'short.secret');
    writeFileSync(short, 'too-short\n');
    const good = join(dir, 'good.secret');
    writeFileSync(good, SECRET);
    const base = ['agent', '--port', '0', '--station', 'kiosk-1', '--origin', ORIGIN];
    const cases: [string[], RegExp][] = [
      [[...base, '--pairing-secret-file', short], /16–128 characters/],
      [[...base, '--pairing-secret-file', join(dir, 'none')], /cannot read the pairing secret file/],
      [['agent', '--port', '0', '--station', 'kiosk-1', '--origin', 'kiosk.example', '--pairing-secret-file', good], /--origin must be/],
      [['agent', '--station', 'kiosk-1', '--origin', ORIGIN, '--pairing-secret-file', good], /--port must be/],
      [[...base, '--pairing-secret-file', good, '--printer', '/dev/null', '--simulate-printer', dir], /not both/],
    ];
    for (const [args, message] of cases) {
      const { err, io } = capture();
      expect(await main(args, io), args.join(' ')).toBe(2);
      expect(err.join('\n')).toMatch(message);
      expect(err.join('\n')).not.toContain(SECRET);
    }
  });
});
