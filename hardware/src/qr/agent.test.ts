import { appendFile } from 'node:fs/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAgentClient, type AgentNotification } from '@dangky/core/agent';
import { startAgent } from '../agent/server.ts';
import { ORIGIN, SECRET, rawSocket, until, wsFrom } from '../agent/test-helpers.ts';
import { waitForPrinterState } from '../printer/serial-printer.ts';
import { createQrScanner } from './scanner.ts';
import { startQrScannerSimulator } from './sim.ts';

/** A scan reaches the paired page as `qr.scanned`, through the real agent; nobody unpaired hears it. */

const payload = '001099012345||Nguyễn Văn An|15051999|Nam|Số 1 Ngõ Thử, Phường X, Hà Nội|20042021';

let dir: string;
const cleanups: (() => Promise<unknown>)[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dangky-qr-agent-'));
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe('agent with a QR scanner', () => {
  it('pushes each scan to the paired page as qr.scanned; the scanner is in devices; a socket still pairing gets nothing', async () => {
    const inject = join(dir, 'qr-kiosk-1');
    const sim = await startQrScannerSimulator({ injectLinkPath: inject });
    cleanups.push(() => sim.close());
    const scanner = createQrScanner({ id: 'qr', path: sim.path, simulated: true });
    cleanups.push(() => scanner.close());
    await waitForPrinterState(scanner, 'ready', 2_000);
    const agent = await startAgent({ port: 0, stationId: 'kiosk-1', origins: [ORIGIN], pairingSecret: SECRET, devices: [scanner] });
    cleanups.push(() => agent.close());

    const client = createAgentClient({ url: agent.url, pairingSecret: SECRET, client: 'kiosk', WebSocketImpl: wsFrom(ORIGIN) });
    cleanups.push(async () => client.close());
    const seen: AgentNotification[] = [];
    client.onNotification((n) => seen.push(n));
    const { devices } = await client.request('devices.list', {});
    expect(devices).toEqual([{ id: 'qr', kind: 'qr-scanner', state: 'ready', simulated: true, errorCode: null, detail: null }]);

    const unpaired = rawSocket(agent.url);
    await unpaired.opened;

    await appendFile(inject, `${payload}\r\n`);
    await until(() => seen.length === 1);
    expect(seen).toEqual([{ type: 'qr.scanned', deviceId: 'qr', payload }]);
    await expect(unpaired.next(200)).rejects.toThrow('no frame');
    unpaired.ws.close();
  });
});
