import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DangkyError } from '../errors/index.ts';
import { createAgentClient, type WebSocketLike } from './client.ts';

/** The client against a scripted socket under fake time (the real agent is in hardware/src/agent). */

class FakeSocket implements WebSocketLike {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: unknown[] = [];
  closedWith: number | undefined;
  onopen: ((event: never) => void) | null = null;
  onmessage: ((event: never) => void) | null = null;
  onclose: ((event: never) => void) | null = null;
  onerror: ((event: never) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close(code = 1000) {
    this.closedWith = code;
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    (this.onopen as ((e: object) => void) | null)?.({});
  }
  receive(frame: unknown) {
    (this.onmessage as ((e: { data: unknown }) => void) | null)?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) });
  }
  drop(code: number) {
    this.readyState = 3;
    (this.onclose as ((e: { code: number }) => void) | null)?.({ code });
  }
}

const printer = { id: 'printer', kind: 'printer', state: 'ready', simulated: true, errorCode: null, detail: null } as const;
const welcomeFrame = { type: 'welcome', agentVersion: '0.1.0', stationId: 'kiosk-1', devices: [printer] };
const make = (options: { requestTimeoutMs?: number; onSealedPairing?: (sealed: string) => void } = {}) =>
  createAgentClient({
    url: 'ws://127.0.0.1:4110',
    pairingSecret: 's'.repeat(20),
    client: 'kiosk',
    WebSocketImpl: FakeSocket,
    retryMs: 100,
    maxRetryMs: 400,
    ...options,
  });
const last = () => FakeSocket.all.at(-1) as FakeSocket;
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: unknown) => (error instanceof DangkyError ? error.code : String(error)),
  );

beforeEach(() => {
  FakeSocket.all = [];
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('agent client', () => {
  it('connects lazily, says hello, queues a request until welcome, resolves the schema-checked reply', async () => {
    const client = make();
    expect(client.state).toBe('idle');
    expect(FakeSocket.all).toHaveLength(0);
    const reply = client.request('devices.list', {});
    const socket = last();
    socket.open();
    expect(socket.sent).toEqual([{ type: 'hello', protocol: 1, pairingSecret: 's'.repeat(20), client: 'kiosk' }]);
    socket.receive(welcomeFrame);
    expect(client.state).toBe('ready');
    expect(socket.sent[1]).toEqual({ id: '1', type: 'devices.list', params: {} });
    socket.receive({ id: '1', ok: true, result: { devices: [printer] } });
    expect(await reply).toEqual({ devices: [printer] });
  });

  it('maps error replies to their code and a result outside the schema to DK_ERR_AGENT_MESSAGE_INVALID', async () => {
    const client = make();
    const first = client.request('printer.print-ticket', {
      ticketNumber: 'A-001',
      siteName: 's',
      serviceLabel: 's',
      issuedAtText: 't',
      lines: [],
      qrPayload: 'q',
      language: 'vi',
    });
    last().open();
    last().receive(welcomeFrame);
    last().receive({ id: '1', ok: false, error: { code: 'DK_ERR_PRINTER_OFFLINE', message: 'The printer is not connected' } });
    expect(await codeOf(first)).toBe('DK_ERR_PRINTER_OFFLINE');
    const second = client.request('devices.list', {});
    last().receive({ id: '2', ok: true, result: { devices: 'none' } });
    expect(await codeOf(second)).toBe('DK_ERR_AGENT_MESSAGE_INVALID');
  });

  it('updates devices from device.status and tells subscribers', () => {
    const client = make();
    const seen: string[] = [];
    client.onDevices((devices) => seen.push(devices.map((d) => d.state).join()));
    last().open();
    last().receive(welcomeFrame);
    last().receive({ type: 'device.status', device: { ...printer, state: 'offline', errorCode: 'DK_ERR_PRINTER_OFFLINE' } });
    expect(seen).toEqual(['ready', 'offline']);
    expect(client.devices()[0]?.state).toBe('offline');
  });

  it('passes every notification to onNotification listeners: a qr.scanned payload arrives as sent', () => {
    const client = make();
    const seen: unknown[] = [];
    const stop = client.onNotification((n) => seen.push(n));
    last().open();
    last().receive(welcomeFrame);
    const scan = { type: 'qr.scanned', deviceId: 'qr', payload: '001099012345||Nguyễn Văn An|15051999|Nam|Số 1|20042021' };
    last().receive(scan);
    last().receive({ type: 'device.status', device: printer });
    expect(seen).toEqual([scan, { type: 'device.status', device: printer }]);
    stop();
    last().receive(scan);
    expect(seen).toHaveLength(2);
  });

  it('drops the connection on a qr.scanned payload over 1 KB (outside the protocol)', () => {
    const client = make();
    const seen: unknown[] = [];
    client.onNotification((n) => seen.push(n));
    last().open();
    last().receive(welcomeFrame);
    last().receive({ type: 'qr.scanned', deviceId: 'qr', payload: 'ễ'.repeat(342) });
    expect(seen).toEqual([]);
    expect(last().closedWith).toBe(4400);
  });

  it('drops the connection on a frame outside the protocol and reconnects with a doubling backoff', async () => {
    const client = make();
    client.onDevices(() => undefined);
    last().open();
    last().receive(welcomeFrame);
    const inFlight = client.request('devices.list', {});
    last().receive('not json');
    expect(last().closedWith).toBe(4400);
    expect(await codeOf(inFlight)).toBe('DK_ERR_AGENT_UNREACHABLE');
    expect(client.state).toBe('connecting');
    expect(await codeOf(client.request('devices.list', {}))).toBe('DK_ERR_AGENT_UNREACHABLE');
    vi.advanceTimersByTime(100);
    expect(FakeSocket.all).toHaveLength(2);
    last().drop(1006);
    vi.advanceTimersByTime(199);
    expect(FakeSocket.all).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(3);
    last().open();
    last().receive(welcomeFrame);
    expect(client.state).toBe('ready');
  });

  it.each([
    [4401, 'DK_ERR_AGENT_PAIRING'],
    [4403, 'DK_ERR_AGENT_ORIGIN'],
  ])('stops for good after close %d with %s', async (code, expected) => {
    const client = make();
    const pending = client.request('devices.list', {});
    last().drop(code);
    expect(await codeOf(pending)).toBe(expected);
    expect(client.state).toBe('closed');
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(1);
    expect(await codeOf(client.request('devices.list', {}))).toBe(expected);
  });

  it('times out a request with DK_ERR_AGENT_TIMEOUT and gives up on a socket that never welcomes', async () => {
    const client = make({ requestTimeoutMs: 1_000 });
    const request = client.request('devices.list', {});
    last().open();
    last().receive(welcomeFrame);
    vi.advanceTimersByTime(1_000);
    expect(await codeOf(request)).toBe('DK_ERR_AGENT_TIMEOUT');
    last().drop(1001);
    vi.advanceTimersByTime(100);
    last().open();
    vi.advanceTimersByTime(5_000);
    expect(last().closedWith).toBe(1000);
    expect(client.state).toBe('connecting');
  });

  it('token.issue follows its progress: each token.progress re-arms the quiet deadline, the total one still holds', async () => {
    const client = make({ requestTimeoutMs: 1_000 });
    const params = {
      slotId: '00ab',
      tokenSerial: 'a1b2',
      fullName: 'Lê Thị Hoa',
      idNumber: '079099012345',
      province: 'Huế',
      keyType: 'rsa2048',
      userPin: '482915',
    } as const;
    const progress = (step: string) => ({ type: 'token.progress', step, state: 'started' });
    const slow = client.request('token.issue', params);
    last().open();
    last().receive(welcomeFrame);
    // Key generation on a real token: far past the generic deadline, with progress between steps.
    for (const step of ['initialise', 'set-pin', 'generate-key']) {
      vi.advanceTimersByTime(100_000);
      last().receive(progress(step));
    }
    last().receive({
      id: '1',
      ok: true,
      result: { issued: false, code: 'DK_ERR_CA_UNAVAILABLE', step: 'certify', wiped: true, certificateRevoked: null },
    });
    expect(await slow).toMatchObject({ issued: false, step: 'certify' });

    const outcome = (promise: Promise<unknown>) => {
      const seen = { code: 'pending' };
      void codeOf(promise).then((code) => (seen.code = code));
      return seen;
    };
    const silent = outcome(client.request('token.issue', params));
    await vi.advanceTimersByTimeAsync(154_999);
    expect(silent.code).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(silent.code).toBe('DK_ERR_AGENT_TIMEOUT');

    const endless = outcome(client.request('token.issue', params));
    for (let t = 0; t < 300_000; t += 60_000) {
      last().receive(progress('generate-key'));
      await vi.advanceTimersByTimeAsync(60_000);
    }
    expect(endless.code).toBe('pending');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(endless.code).toBe('DK_ERR_AGENT_TIMEOUT');
  });

  it('close() rejects what is pending and stops reconnecting', async () => {
    const client = make();
    const pending = client.request('devices.list', {});
    client.close();
    expect(await codeOf(pending)).toBe('DK_ERR_AGENT_UNREACHABLE');
    expect(client.state).toBe('closed');
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(1);
  });

  it('keeps the sealed pairing the agent sends and says hello with it from then on, the clear secret dropped', async () => {
    const seen: string[] = [];
    const sealed = 'S'.repeat(60);
    const client = make({ onSealedPairing: (s: string) => seen.push(s) });
    const first = client.request('devices.list', {});
    last().open();
    last().receive({ ...welcomeFrame, sealedPairing: sealed });
    last().receive({ id: '1', ok: true, result: { devices: [] } });
    await first;
    expect(seen).toEqual([sealed]);
    last().drop(1006);
    await vi.advanceTimersByTimeAsync(100);
    last().open();
    expect(last().sent[0]).toEqual({ type: 'hello', protocol: 1, sealedPairing: sealed, client: 'kiosk' });
    expect(JSON.stringify(last().sent)).not.toContain('s'.repeat(20));
  });

  it('says hello with a sealed pairing it was given, and refuses to start with no credential at all', async () => {
    const sealed = 'T'.repeat(60);
    const client = createAgentClient({ url: 'ws://127.0.0.1:4110', sealedPairing: sealed, client: 'kiosk', WebSocketImpl: FakeSocket });
    void client.request('devices.list', {}).catch(() => undefined);
    last().open();
    expect(last().sent[0]).toEqual({ type: 'hello', protocol: 1, sealedPairing: sealed, client: 'kiosk' });
    const none = createAgentClient({ url: 'ws://127.0.0.1:4110', client: 'kiosk', WebSocketImpl: FakeSocket });
    expect(await codeOf(none.request('devices.list', {}))).toBe('DK_ERR_AGENT_PAIRING');
  });
});
