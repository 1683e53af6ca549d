import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agentReply, createAgentClient, type AgentClient, type DeviceStatus } from '@dangky/core/agent';
import { DangkyError } from '@dangky/core/errors';
import { sampleTicket } from '../printer/sample-ticket.ts';
import { createSerialPrinter, waitForPrinterState, type SerialPrinter } from '../printer/serial-printer.ts';
import { startPrinterSimulator, type PrinterSimulator } from '../printer/sim.ts';
import { printerHandlers } from './handlers.ts';
import { startAgent, type AgentHandlers, type RunningAgent, type StartAgentOptions } from './server.ts';
import { ORIGIN, SECRET, rawSocket, readTickets, until, wsFrom } from './test-helpers.ts';

/** A real agent on port 0, the real serial printer, the socat simulator as its paper. */

let dir: string;
const cleanups: (() => Promise<unknown> | void)[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dangky-agent-'));
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  rmSync(dir, { recursive: true, force: true });
});

interface Station {
  agent: RunningAgent;
  sim: PrinterSimulator;
  printer: SerialPrinter;
  logFile: string;
}

async function station(options: Partial<StartAgentOptions> = {}): Promise<Station> {
  const logFile = join(dir, 'printer-sim', 'kiosk-1.jsonl');
  const sim = await startPrinterSimulator({ logFile });
  cleanups.push(() => sim.close());
  const printer = createSerialPrinter({ id: 'printer', path: sim.path, simulated: true, retryMs: 100, maxRetryMs: 200 });
  cleanups.push(() => printer.close());
  await waitForPrinterState(printer, 'ready', 3_000);
  const agent = await agentWith({ devices: [printer], handlers: printerHandlers(printer), ...options });
  return { agent, sim, printer, logFile };
}

async function agentWith(options: Partial<StartAgentOptions>): Promise<RunningAgent> {
  const agent = await startAgent({ port: 0, stationId: 'kiosk-1', origins: [ORIGIN], pairingSecret: SECRET, devices: [], ...options });
  cleanups.push(() => agent.close());
  return agent;
}

function client(agent: RunningAgent, options: { secret?: string; origin?: string; requestTimeoutMs?: number } = {}): AgentClient {
  const created = createAgentClient({
    url: agent.url,
    pairingSecret: options.secret ?? SECRET,
    client: 'test',
    WebSocketImpl: wsFrom(options.origin ?? ORIGIN),
    retryMs: 50,
    maxRetryMs: 100,
    ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
  });
  cleanups.push(() => created.close());
  return created;
}

const codeOf = async (promise: Promise<unknown>): Promise<string> => {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DangkyError);
    return (error as DangkyError).code;
  }
  throw new Error('expected a rejection');
};

describe('hardware agent', () => {
  it('prints a Vietnamese ticket for a paired page: the simulator logs its lines and QR payload', async () => {
    const { agent, logFile } = await station();
    const page = client(agent);
    const result = await page.request('printer.print-ticket', sampleTicket);
    expect(result.printed).toBe(true);
    expect(result.bytes).toBeGreaterThan(100);
    expect(page.state).toBe('ready');
    expect(page.devices()).toEqual([expect.objectContaining({ id: 'printer', kind: 'printer', state: 'ready', simulated: true })]);
    const [ticket] = await readTickets(logFile, 1);
    expect(ticket?.lines).toEqual([
      'A-012',
      'UBND phường Bến Nghé',
      'Chữ ký số – USB token (VNPT SmartCA)',
      '22/11/2026 09:41',
      'Vui lòng chờ gọi số',
      'Quầy sẽ hiển thị trên màn hình',
    ]);
    expect(ticket?.qrPayload).toBe(sampleTicket.qrPayload);
    expect(ticket?.bytes).toBe(result.bytes);
    expect(await page.request('devices.list', {})).toEqual({ devices: page.devices() });
  });

  it('closes 4401 for a wrong secret; the client fails with DK_ERR_AGENT_PAIRING and stops retrying', async () => {
    const agent = await agentWith({});
    const raw = rawSocket(agent.url);
    await raw.opened;
    raw.send({ type: 'hello', protocol: 1, pairingSecret: 'not-the-right-secret-at-all', client: 'test' });
    expect(await raw.closed).toBe(4401);
    const page = client(agent, { secret: 'not-the-right-secret-at-all' });
    expect(await codeOf(page.request('devices.list', {}))).toBe('DK_ERR_AGENT_PAIRING');
    expect(page.state).toBe('closed');
    expect(page.error?.code).toBe('DK_ERR_AGENT_PAIRING');
    expect(await codeOf(page.request('devices.list', {}))).toBe('DK_ERR_AGENT_PAIRING');
  });

  it('closes 4403 for an Origin not on the list, and for none; the client fails with DK_ERR_AGENT_ORIGIN', async () => {
    const agent = await agentWith({});
    expect(await rawSocket(agent.url, 'http://evil.example').closed).toBe(4403);
    expect(await rawSocket(agent.url, `${ORIGIN}/`).closed).toBe(4403);
    expect(await rawSocket(agent.url, null).closed).toBe(4403);
    const page = client(agent, { origin: 'http://localhost:4101' });
    expect(await codeOf(page.request('devices.list', {}))).toBe('DK_ERR_AGENT_ORIGIN');
    expect(page.state).toBe('closed');
  });

  it('answers bad params and unknown types with DK_ERR_AGENT_MESSAGE_INVALID, without echoing values, and stays usable', async () => {
    const { agent } = await station();
    const page = client(agent);
    const error = await page.request('printer.print-ticket', { ...sampleTicket, ticketNumber: 'Nguyễn Văn A' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DangkyError);
    expect((error as DangkyError).code).toBe('DK_ERR_AGENT_MESSAGE_INVALID');
    expect(JSON.stringify((error as DangkyError).detail)).toMatch(/ticketNumber/);
    expect(JSON.stringify((error as DangkyError).detail)).not.toMatch(/Nguyễn/);
    expect((await page.request('devices.list', {})).devices).toHaveLength(1);

    const raw = rawSocket(agent.url);
    expect(await raw.hello()).toMatchObject({ type: 'welcome', stationId: 'kiosk-1' });
    raw.send({ id: 'x1', type: 'printer.self-destruct', params: {} });
    expect(await raw.next()).toEqual({
      id: 'x1',
      ok: false,
      error: { code: 'DK_ERR_AGENT_MESSAGE_INVALID', message: 'unknown request type' },
    });
    raw.send({ id: 'x2', type: 'devices.list', params: {} });
    expect(await raw.next()).toMatchObject({ id: 'x2', ok: true });
    raw.ws.close();
  });

  it.each([
    ['text that is not JSON', '{"id":'],
    ['JSON that is not a request', '[1,2,3]'],
    ['a frame over 64 KiB', JSON.stringify({ id: 'big', type: 'devices.list', params: { pad: 'x'.repeat(70_000) } })],
  ])('closes 4400 for %s after hello', async (_name, frame) => {
    const agent = await agentWith({});
    const raw = rawSocket(agent.url);
    await raw.hello();
    raw.send(frame);
    expect(await raw.closed).toBe(4400);
  });

  it('closes 4400 for garbage before hello and 4401 when no hello comes in time', async () => {
    const agent = await agentWith({ helloTimeoutMs: 200 });
    const garbage = rawSocket(agent.url);
    await garbage.opened;
    garbage.send('hello?');
    expect(await garbage.closed).toBe(4400);
    const silent = rawSocket(agent.url);
    const started = Date.now();
    expect(await silent.closed).toBe(4401);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    const wrongFirst = rawSocket(agent.url);
    await wrongFirst.opened;
    wrongFirst.send({ id: '1', type: 'devices.list', params: {} });
    expect(await wrongFirst.closed).toBe(4401);
  });

  it('serves /healthz with the device statuses and no secret; other paths are 404', async () => {
    const { agent } = await station();
    const response = await fetch(`http://127.0.0.1:${agent.port}/healthz`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain(SECRET);
    expect(JSON.parse(text)).toEqual({
      status: 'ok',
      stationId: 'kiosk-1',
      devices: [{ id: 'printer', kind: 'printer', state: 'ready', simulated: true, errorCode: null, detail: null }],
    });
    expect((await fetch(`http://127.0.0.1:${agent.port}/secrets`)).status).toBe(404);
  });

  it('pushes device.status to the paired page when the printer goes offline, and printing then fails DK_ERR_PRINTER_OFFLINE', async () => {
    const { agent, sim } = await station();
    const page = client(agent);
    const seen: DeviceStatus[][] = [];
    page.onDevices((devices) => seen.push(devices));
    await until(() => page.state === 'ready');
    const unpaired = rawSocket(agent.url);
    await unpaired.opened;
    await sim.close();
    await until(() => page.devices()[0]?.state === 'offline');
    expect(page.devices()[0]).toMatchObject({ id: 'printer', state: 'offline', errorCode: 'DK_ERR_PRINTER_OFFLINE' });
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(await codeOf(page.request('printer.print-ticket', sampleTicket))).toBe('DK_ERR_PRINTER_OFFLINE');
    await expect(unpaired.next(300)).rejects.toThrow('no frame');
    unpaired.ws.close();
  });

  it('keeps a handler DangkyError code, maps other errors to DK_ERR_INTERNAL, and times out slow handlers', async () => {
    let mode: 'offline' | 'crash' | 'slow' | 'bad-result' = 'offline';
    const handlers: AgentHandlers = {
      'printer.print-ticket': async (_job, { signal }) => {
        if (mode === 'offline') throw new DangkyError('DK_ERR_PRINTER_OFFLINE');
        if (mode === 'crash') throw new TypeError('boom');
        if (mode === 'bad-result') return { printed: true, bytes: 'many' } as never;
        await new Promise((resolve) => signal.addEventListener('abort', resolve));
        return { printed: true, bytes: 1 };
      },
    };
    const agent = await agentWith({ handlers, requestTimeoutMs: 200 });
    const page = client(agent);
    expect(await codeOf(page.request('printer.print-ticket', sampleTicket))).toBe('DK_ERR_PRINTER_OFFLINE');
    mode = 'crash';
    const quiet = console.error;
    console.error = () => undefined;
    try {
      expect(await codeOf(page.request('printer.print-ticket', sampleTicket))).toBe('DK_ERR_INTERNAL');
      mode = 'bad-result';
      expect(await codeOf(page.request('printer.print-ticket', sampleTicket))).toBe('DK_ERR_INTERNAL');
    } finally {
      console.error = quiet;
    }
    mode = 'slow';
    expect(await codeOf(page.request('printer.print-ticket', sampleTicket))).toBe('DK_ERR_AGENT_TIMEOUT');
    const noPrinter = client(await agentWith({}));
    expect(await codeOf(noPrinter.request('printer.print-ticket', sampleTicket))).toBe('DK_ERR_AGENT_NO_DEVICE');
  });

  it('the client times out a request the agent never answers, and reconnects after the agent restarts', async () => {
    const handlers: AgentHandlers = { 'printer.print-ticket': () => new Promise(() => undefined) };
    const first = await startAgent({ port: 0, stationId: 'kiosk-1', origins: [ORIGIN], pairingSecret: SECRET, devices: [], handlers });
    const page = client(first, { requestTimeoutMs: 200 });
    expect(await codeOf(page.request('printer.print-ticket', sampleTicket))).toBe('DK_ERR_AGENT_TIMEOUT');
    await first.close();
    await until(() => page.state === 'connecting');
    expect(await codeOf(page.request('devices.list', {}))).toBe('DK_ERR_AGENT_UNREACHABLE');
    await agentWith({ port: first.port });
    await until(() => page.state === 'ready', 5_000);
    expect(await page.request('devices.list', {})).toEqual({ devices: [] });
  });

  it('replies match the protocol schema', async () => {
    const agent = await agentWith({});
    const raw = rawSocket(agent.url);
    await raw.hello();
    raw.send({ id: 'a', type: 'devices.list', params: {} });
    expect(agentReply.safeParse(await raw.next()).success).toBe(true);
    raw.ws.close();
  });
});
