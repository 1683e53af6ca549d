import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPortMock } from 'serialport';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeviceStatus } from '@dangky/core/agent';
import { sampleTicket } from './sample-ticket.ts';
import { createSerialPrinter, waitForPrinterState, type SerialPrinter } from './serial-printer.ts';
import { startPrinterSimulator, type PrinterSimulator } from './sim.ts';

/** The serial printer against the simulated printer on a real pseudo-terminal (socat). */

interface LoggedTicket {
  lines: string[];
  qrPayload: string | null;
  bytes: number;
  at: string;
}

async function readTickets(logFile: string, count: number, timeoutMs = 3_000): Promise<LoggedTicket[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const tickets = existsSync(logFile)
      ? readFileSync(logFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as LoggedTicket)
      : [];
    if (tickets.length >= count || Date.now() > until) return tickets;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

let dir: string;
const cleanups: (() => Promise<unknown>)[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dangky-printer-'));
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  rmSync(dir, { recursive: true, force: true });
});

async function simulator(options: { linkPath?: string } = {}): Promise<PrinterSimulator> {
  const sim = await startPrinterSimulator({ logFile: join(dir, 'out', 'printer.jsonl'), ...options });
  cleanups.push(() => sim.close());
  return sim;
}

function printer(
  path: string,
  options: Partial<Parameters<typeof createSerialPrinter>[0]> = {},
): { printer: SerialPrinter; states: DeviceStatus[] } {
  const created = createSerialPrinter({ id: 'printer-1', path, simulated: true, retryMs: 100, maxRetryMs: 200, ...options });
  const states: DeviceStatus[] = [];
  created.onStatus((s) => states.push(s));
  cleanups.push(() => created.close());
  return { printer: created, states };
}

describe('serial printer → simulated printer over a pty', () => {
  it('prints a Vietnamese ticket: the simulator logs its exact lines and QR payload', async () => {
    const sim = await simulator();
    const { printer: p, states } = printer(sim.path);
    await waitForPrinterState(p, 'ready', 2_000);
    const { bytes } = await p.printTicket(sampleTicket);
    const [ticket] = await readTickets(join(dir, 'out', 'printer.jsonl'), 1);
    expect(ticket?.lines).toEqual([
      'A-012',
      'UBND phường Bến Nghé',
      'Chữ ký số – USB token (VNPT SmartCA)',
      '22/11/2026 09:41',
      'Vui lòng chờ gọi số',
      'Quầy sẽ hiển thị trên màn hình',
    ]);
    expect(ticket?.qrPayload).toBe(sampleTicket.qrPayload);
    expect(ticket?.bytes).toBe(bytes);
    expect(Number.isNaN(Date.parse(ticket?.at ?? ''))).toBe(false);
    expect(states.map((s) => s.state)).toEqual(['ready', 'busy', 'ready']);
    expect(p.status()).toEqual({ id: 'printer-1', kind: 'printer', state: 'ready', simulated: true, errorCode: null, detail: null });
  });

  it('prints jobs sent together one after the other, in order', async () => {
    const sim = await simulator();
    const { printer: p } = printer(sim.path);
    await waitForPrinterState(p, 'ready', 2_000);
    const numbers = ['A-001', 'A-002', 'B-003', 'C-1004'];
    await Promise.all(numbers.map((ticketNumber) => p.printTicket({ ...sampleTicket, ticketNumber })));
    const tickets = await readTickets(join(dir, 'out', 'printer.jsonl'), numbers.length);
    expect(tickets.map((t) => t.lines[0])).toEqual(numbers);
  });

  it('is offline with DK_ERR_PRINTER_OFFLINE when the port does not exist, and printTicket rejects so', async () => {
    const { printer: p } = printer(join(dir, 'no-such-tty'));
    expect(await waitForPrinterState(p, 'offline', 2_000)).toMatchObject({ errorCode: 'DK_ERR_PRINTER_OFFLINE' });
    await expect(p.printTicket(sampleTicket)).rejects.toMatchObject({ code: 'DK_ERR_PRINTER_OFFLINE' });
  });

  it('rejects text the code page lacks before touching the port', async () => {
    const sim = await simulator();
    const { printer: p, states } = printer(sim.path);
    await waitForPrinterState(p, 'ready', 2_000);
    await expect(p.printTicket({ ...sampleTicket, siteName: '東京' })).rejects.toMatchObject({ code: 'DK_ERR_PRINTER_UNENCODABLE' });
    expect(states.map((s) => s.state)).toEqual(['ready']);
  });

  it('goes offline when the printer vanishes and reconnects when it is back at the same path', async () => {
    const linkPath = join(dir, 'dev', 'printer');
    const first = await startPrinterSimulator({ logFile: join(dir, 'out', 'printer.jsonl'), linkPath });
    const { printer: p } = printer(linkPath);
    await waitForPrinterState(p, 'ready', 2_000);
    await first.close();
    expect(await waitForPrinterState(p, 'offline', 2_000)).toMatchObject({ errorCode: 'DK_ERR_PRINTER_OFFLINE' });
    await expect(p.printTicket(sampleTicket)).rejects.toMatchObject({ code: 'DK_ERR_PRINTER_OFFLINE' });
    await simulator({ linkPath });
    await waitForPrinterState(p, 'ready', 2_000);
    await p.printTicket({ ...sampleTicket, ticketNumber: 'R-100' });
    expect((await readTickets(join(dir, 'out', 'printer.jsonl'), 1)).map((t) => t.lines[0])).toEqual(['R-100']);
  });
});

describe('serial printer with an injected port', () => {
  it('rejects DK_ERR_PRINTER_TIMEOUT when the printer stops taking bytes, and is ready again once they drain', async () => {
    SerialPortMock.binding.reset();
    SerialPortMock.binding.createPort('/dev/mock-printer');
    let release: (() => void) | undefined;
    const { printer: p, states } = printer('/dev/mock-printer', {
      writeTimeoutMs: 100,
      createPort: ({ path, baudRate }) => {
        const port = new SerialPortMock({ path, baudRate, autoOpen: false });
        // A printer out of paper: the bytes never leave the host until it is refilled.
        port.drain = (callback) => void (release = () => callback?.(null));
        return port;
      },
    });
    await waitForPrinterState(p, 'ready', 1_000);
    await expect(p.printTicket(sampleTicket)).rejects.toMatchObject({ code: 'DK_ERR_PRINTER_TIMEOUT' });
    expect(p.status()).toMatchObject({ state: 'error', errorCode: 'DK_ERR_PRINTER_TIMEOUT' });
    await expect(p.printTicket(sampleTicket)).rejects.toMatchObject({ code: 'DK_ERR_PRINTER_TIMEOUT' });
    release?.();
    await waitForPrinterState(p, 'ready', 1_000);
    expect(states.map((s) => s.state)).toEqual(['ready', 'busy', 'error', 'ready']);
  });

  it('retries a port that fails to open with a backoff, then goes ready', async () => {
    SerialPortMock.binding.reset();
    let attempts = 0;
    const { printer: p, states } = printer('/dev/mock-late', {
      createPort: ({ path, baudRate }) => {
        attempts += 1;
        if (attempts === 3) SerialPortMock.binding.createPort('/dev/mock-late');
        return new SerialPortMock({ path, baudRate, autoOpen: false });
      },
    });
    await waitForPrinterState(p, 'ready', 2_000);
    expect(attempts).toBe(3);
    expect(states[0]).toMatchObject({ state: 'error', errorCode: 'DK_ERR_SERIAL_PORT' });
  });
});
