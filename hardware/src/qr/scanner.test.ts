import { appendFile } from 'node:fs/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentNotification, DeviceStatus } from '@dangky/core/agent';
import { parseQr } from '@dangky/core/id';
import { waitForPrinterState } from '../printer/serial-printer.ts';
import { createQrScanner, type QrScanner } from './scanner.ts';
import { startQrScannerSimulator, type QrScannerSimulator } from './sim.ts';

/**
 * The QR scanner driver against the simulated scanner on a real pseudo-terminal pair (socat).
 * With DANGKY_QR_PORT naming a real scanner, the last test waits for one scan from it.
 */

const cccd = '001099012345||Nguyễn Văn An|15051999|Nam|Số 1 Ngõ Thử, Phường X, Hà Nội|20042021';
const canCuoc = '079190001234|123456789|Trần Thị Bích Ngọc|07031990|Nữ|12 Lê Lợi, Phường Bến Thành, TP. Hồ Chí Minh|01072024||||';

let dir: string;
const cleanups: (() => Promise<unknown>)[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dangky-qr-'));
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  rmSync(dir, { recursive: true, force: true });
});

async function simulator(options: Parameters<typeof startQrScannerSimulator>[0] = {}): Promise<QrScannerSimulator> {
  const sim = await startQrScannerSimulator(options);
  cleanups.push(() => sim.close());
  return sim;
}

// The waits below are bounds, not speeds: a machine busy with other tests (a pty, socat and the
// reconnect's timers all take turns on its cores) once took more than 2 s to see an unplug.
function scanner(path: string): { scanner: QrScanner; scans: string[]; states: DeviceStatus[]; notifications: AgentNotification[] } {
  const created = createQrScanner({ id: 'qr', path, simulated: true, retryMs: 100, maxRetryMs: 200 });
  const scans: string[] = [];
  const states: DeviceStatus[] = [];
  const notifications: AgentNotification[] = [];
  created.onScan((p) => scans.push(p));
  created.onStatus((s) => states.push(s));
  created.onNotification?.((n) => notifications.push(n));
  cleanups.push(() => created.close());
  return { scanner: created, scans, states, notifications };
}

async function until(check: () => boolean, timeoutMs = 2_000): Promise<void> {
  for (const end = Date.now() + timeoutMs; !check();) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('QR scanner → simulated scanner over a pty pair', () => {
  it('reads both card generations as sent; each parses with core parseQr; notifications carry them', async () => {
    const sim = await simulator();
    const s = scanner(sim.path);
    await waitForPrinterState(s.scanner, 'ready', 10_000);
    await sim.scan(cccd);
    await sim.scan(canCuoc);
    await until(() => s.scans.length === 2);
    expect(s.scans).toEqual([cccd, canCuoc]);
    expect(s.scans.map((p) => parseQr(p).generation)).toEqual(['cccd', 'can-cuoc']);
    expect(s.notifications).toEqual([
      { type: 'qr.scanned', deviceId: 'qr', payload: cccd },
      { type: 'qr.scanned', deviceId: 'qr', payload: canCuoc },
    ]);
    expect(s.scanner.status()).toEqual({ id: 'qr', kind: 'qr-scanner', state: 'ready', simulated: true, errorCode: null, detail: null });
  });

  it('takes a line anyone writes to the stable inject link (CR only), and keeps going after that writer closes', async () => {
    const inject = join(dir, 'qr-kiosk-1');
    const sim = await simulator({ injectLinkPath: inject });
    expect(sim.injectPath).toBe(inject);
    const s = scanner(sim.path);
    await waitForPrinterState(s.scanner, 'ready', 10_000);
    await appendFile(inject, `${cccd}\r`);
    await until(() => s.scans.length === 1);
    await appendFile(inject, `${canCuoc}\r\n`);
    await sim.scan(cccd);
    await until(() => s.scans.length === 3);
    expect(s.scans).toEqual([cccd, canCuoc, cccd]);
  });

  it('drops a line over 1 KB and one that is not UTF-8, then reads the next scan', async () => {
    const inject = join(dir, 'inject');
    const sim = await simulator({ injectLinkPath: inject });
    const s = scanner(sim.path);
    await waitForPrinterState(s.scanner, 'ready', 10_000);
    await appendFile(
      inject,
      Buffer.concat([Buffer.from('x'.repeat(1_025)), Buffer.from('\r\n'), Buffer.from([0x4e, 0x67, 0xff, 0xfe, 0x0d, 0x0a])]),
    );
    await sim.scan(cccd);
    // The two bad lines went down the wire first: by the time the good scan arrives they were
    // read and dropped, or they would stand before it.
    await until(() => s.scans.includes(cccd));
    expect(s.scans).toEqual([cccd]);
  });

  it('is offline while the scanner is unplugged and ready again when it comes back at the same path', async () => {
    const link = join(dir, 'ttyACM-qr');
    const first = await startQrScannerSimulator({ linkPath: link });
    const s = scanner(link);
    await waitForPrinterState(s.scanner, 'ready', 10_000);
    await first.close();
    await waitForPrinterState(s.scanner, 'offline', 10_000);
    expect(s.scanner.status().errorCode).toBe('DK_ERR_SERIAL_PORT');
    const second = await simulator({ linkPath: link });
    await waitForPrinterState(s.scanner, 'ready', 10_000);
    await second.scan(canCuoc);
    await until(() => s.scans.length === 1);
    expect(s.scans).toEqual([canCuoc]);
    // "offline" may be reported twice with a different detail (the port closed, then the path is
    // gone while socat re-creates it): what matters is the run of states, never an error.
    const runs = s.states.map((x) => x.state).filter((state, i, all) => state !== all[i - 1]);
    expect(runs).toEqual(['ready', 'offline', 'ready']);
  });

  it('is offline with DK_ERR_SERIAL_PORT when the port does not exist', async () => {
    const s = scanner(join(dir, 'no-such-tty'));
    expect(await waitForPrinterState(s.scanner, 'offline', 10_000)).toMatchObject({ errorCode: 'DK_ERR_SERIAL_PORT' });
  });
});
