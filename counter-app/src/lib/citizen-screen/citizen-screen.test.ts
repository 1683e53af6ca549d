import { afterEach, describe, expect, it, vi } from 'vitest';
import { createActor, fromCallback, fromPromise } from 'xstate';
import { remoteActivationMachine, tokenIssuanceMachine, type IssueTokenInput, type TokenIssuanceEvent } from '@dangky/core/machines';
import type { RemoteActivation } from '@dangky/core/protocol';
import { connectedScreens, createCitizenLink, takesView, createClerkLink, type CitizenLink, type ClerkLink } from './links.ts';
import { CITIZEN_GONE_MS, parseScreenMessage, type CitizenView, type PinKey, type ScreenChannel } from './protocol.ts';
import { issuanceView, keypadView, remoteView } from './views.ts';

/** A real BroadcastChannel (Node has the browser's), as both windows open it. */
let name = 0;
const channels: string[] = [];
const open = (): ScreenChannel => new BroadcastChannel(channels.at(-1)!) as unknown as ScreenChannel;
const links: (ClerkLink | CitizenLink)[] = [];
afterEach(() => {
  for (const l of links.splice(0)) l.stop();
});
function pair(now: () => number = Date.now) {
  channels.push(`test-citizen-screen-${name++}`);
  const views: CitizenView[] = [];
  const keys: PinKey[] = [];
  const connected: boolean[] = [];
  const clerk = createClerkLink({ channel: open(), now, sweepMs: 0, onConnected: (c) => connected.push(c) });
  clerk.onPin((k) => keys.push(k));
  const citizen = createCitizenLink({ channel: open(), heartbeatMs: 0, onView: (v) => views.push(v) });
  links.push(clerk, citizen);
  return { clerk, citizen, views, keys, connected };
}

const pinView: CitizenView = { kind: 'pin', stage: 'first', length: 0, problem: null };

describe('the citizen screen link', () => {
  it('connects both ways: the clerk sees the screen, the screen gets the view the clerk shows', async () => {
    const { clerk, views, connected } = pair();
    await vi.waitFor(() => expect(clerk.connected).toBe(true));
    expect(connected).toEqual([true]);
    clerk.show(pinView);
    await vi.waitFor(() => expect(views.at(-1)).toEqual(pinView));
  });

  it('sends the keys back only while the keypad is shown, and only to the window that showed it', async () => {
    const { clerk, citizen, keys } = pair();
    await vi.waitFor(() => expect(clerk.connected).toBe(true));
    clerk.show(pinView);
    await vi.waitFor(() => expect(clerk.connected).toBe(true));
    // A second clerk window of another flow on the same channel gets none of them.
    const other = createClerkLink({ channel: open(), sweepMs: 0 });
    links.push(other);
    const otherKeys: PinKey[] = [];
    other.onPin((k) => otherKeys.push(k));
    clerk.show(pinView);
    await new Promise((r) => setTimeout(r, 20));
    citizen.press({ type: 'pin.digit', digit: '4' });
    citizen.press({ type: 'pin.submit' });
    await vi.waitFor(() => expect(keys).toEqual([{ type: 'pin.digit', digit: '4' }, { type: 'pin.submit' }]));
    expect(otherKeys).toEqual([]);
    // The PIN step is over: a late key is dropped.
    clerk.show({ kind: 'issuing', doneSteps: [], currentStep: 'initialise' });
    await new Promise((r) => setTimeout(r, 20));
    citizen.press({ type: 'pin.digit', digit: '7' });
    await new Promise((r) => setTimeout(r, 20));
    expect(keys).toHaveLength(2);
  });

  it('a screen that opens later gets the current view; a clerk window that closes leaves the welcome', async () => {
    channels.push(`test-citizen-screen-${name++}`);
    const clerk = createClerkLink({ channel: open(), sweepMs: 0 });
    links.push(clerk);
    clerk.show(pinView);
    const views: CitizenView[] = [];
    const citizen = createCitizenLink({ channel: open(), heartbeatMs: 0, onView: (v) => views.push(v) });
    links.push(citizen);
    await vi.waitFor(() => expect(views).toEqual([pinView]));
    clerk.stop();
    await vi.waitFor(() => expect(views.at(-1)).toEqual({ kind: 'welcome' }));
  });

  it('counts a screen gone when it says goodbye or stops being heard', async () => {
    let t = 1_000;
    const { clerk, citizen, connected } = pair(() => t);
    await vi.waitFor(() => expect(clerk.connected).toBe(true));
    t += CITIZEN_GONE_MS + 1;
    clerk.sweep();
    expect(clerk.connected).toBe(false);
    citizen.stop();
    const again = pair(() => t);
    await vi.waitFor(() => expect(again.clerk.connected).toBe(true));
    again.citizen.stop();
    await vi.waitFor(() => expect(again.clerk.connected).toBe(false));
    expect(connected).toEqual([true, false]);
  });

  it('takesView: the window followed, or one with something to show', () => {
    const shown = { clerkId: 'a', view: pinView };
    expect(takesView(null, 'b', { kind: 'welcome' })).toBe(true);
    expect(takesView(shown, 'a', { kind: 'welcome' })).toBe(true);
    expect(takesView(shown, 'b', { kind: 'welcome' })).toBe(false);
    expect(takesView(shown, 'b', { kind: 'problem' })).toBe(true);
    expect(takesView({ clerkId: 'a', view: { kind: 'welcome' } }, 'b', { kind: 'welcome' })).toBe(true);
  });

  it('connectedScreens: heard within the window, inclusive', () => {
    const seen = new Map([
      ['a', 1_000],
      ['b', 5_000],
    ]);
    expect(connectedScreens(seen, 5_000, 3_500)).toEqual(['b']);
    expect(connectedScreens(seen, 4_500, 3_500)).toEqual(['a', 'b']);
    expect(connectedScreens(new Map(), 0)).toEqual([]);
  });
});

describe('the protocol', () => {
  it('drops what does not parse: a digit in a view, a key that is not a digit, unknown messages', () => {
    const clerkId = '0190a3c4-0000-7000-8000-000000000001';
    expect(parseScreenMessage({ type: 'clerk.view', clerkId, view: pinView })).not.toBeNull();
    expect(parseScreenMessage({ type: 'clerk.view', clerkId, view: { ...pinView, entry: '4829' } })).toMatchObject({
      view: { kind: 'pin', length: 0 },
    });
    expect(JSON.stringify(parseScreenMessage({ type: 'clerk.view', clerkId, view: { ...pinView, entry: '4829' } }))).not.toContain('4829');
    expect(parseScreenMessage({ type: 'clerk.view', clerkId, view: { ...pinView, length: 9 } })).toBeNull();
    const screenId = '0190a3c4-0000-7000-8000-000000000002';
    expect(parseScreenMessage({ type: 'citizen.pin', clerkId, screenId, key: { type: 'pin.digit', digit: '12' } })).toBeNull();
    expect(parseScreenMessage({ type: 'citizen.pin', clerkId, screenId, key: { type: 'pin.digit', digit: 'a' } })).toBeNull();
    expect(parseScreenMessage({ type: 'citizen.pin', clerkId, screenId, key: { type: 'pin.digit', digit: '3' } })).not.toBeNull();
    expect(parseScreenMessage({ type: 'pin', digit: '3' })).toBeNull();
    expect(parseScreenMessage('hello')).toBeNull();
  });
});

describe('what the citizen sees of the clerk flows', () => {
  const receipt = { holder: 'Trần Thị Ánh Tuyết', provider: 'VNPT-CA' };
  const blank = {
    slotId: '1a',
    label: 'DEMO',
    serial: '8f3c2a19d0e4b7aa',
    model: 'SoftHSM v2',
    manufacturer: 'SoftHSM project',
    initialized: true,
    userPinInitialized: false,
    userPinLocked: false,
  };
  const PIN = '48291537';

  it('the issuance: preparing, the keypad with the count only, progress, the receipt', () => {
    let answer: ((e: TokenIssuanceEvent) => void) | undefined;
    const given: IssueTokenInput[] = [];
    const machine = tokenIssuanceMachine.provide({
      actors: {
        issueToken: fromCallback<TokenIssuanceEvent, IssueTokenInput>(({ input, sendBack }) => {
          given.push(input);
          answer = sendBack;
        }),
      },
    });
    const actor = createActor(machine, {
      input: { subject: { fullName: receipt.holder, idNumber: '079199012345', province: 'HCM' }, keyType: 'rsa2048', providerId: 'vnpt' },
    }).start();
    const view = () => issuanceView(actor.getSnapshot(), receipt);
    expect(view()).toEqual({ kind: 'preparing', service: 'token' });
    actor.send({ type: 'slots.changed', slots: [blank] });
    actor.send({ type: 'pin.begin' });
    expect(view()).toEqual({ kind: 'pin', stage: 'first', length: 0, problem: null });
    for (const digit of PIN) actor.send({ type: 'pin.digit', digit });
    expect(view()).toEqual({ kind: 'pin', stage: 'first', length: 8, problem: null });
    expect(JSON.stringify(view())).not.toContain(PIN);
    actor.send({ type: 'pin.submit' });
    expect(view()).toMatchObject({ kind: 'pin', stage: 'confirm', length: 0 });
    for (const digit of PIN) actor.send({ type: 'pin.digit', digit });
    actor.send({ type: 'pin.submit' });
    expect(given).toHaveLength(1);
    answer!({ type: 'issue.progressed', step: 'initialise', state: 'done' });
    expect(view()).toMatchObject({ kind: 'issuing', doneSteps: ['initialise'] });
    answer!({
      type: 'issue.succeeded',
      receipt: {
        tokenSerial: blank.serial,
        keyType: 'rsa2048',
        certificateSerial: '5a1f0c',
        notBefore: '2026-11-22T02:00:00.000Z',
        notAfter: '2027-11-22T02:00:00.000Z',
        verified: true,
        algorithm: 'sha256WithRSAEncryption',
      },
    });
    expect(view()).toEqual({
      kind: 'receipt',
      service: 'token',
      ...receipt,
      tokenSerial: blank.serial,
      validUntil: '2027-11-22T02:00:00.000Z',
    });
    actor.stop();
  });

  it('the keypad of any PIN entry (the unblock too): the stage, the count and the refusal, never a digit', () => {
    const view = keypadView(true, { entry: '4829', pinProblem: null });
    expect(view).toEqual({ kind: 'pin', stage: 'confirm', length: 4, problem: null });
    expect(JSON.stringify(view)).not.toContain('4829');
    expect(keypadView(false, { entry: '', pinProblem: 'DK_ERR_TOKEN_PIN_MISMATCH' })).toMatchObject({
      stage: 'first',
      problem: 'DK_ERR_TOKEN_PIN_MISMATCH',
    });
  });

  it('a weak PIN comes back to the citizen as the problem, with the keypad', () => {
    const actor = createActor(tokenIssuanceMachine, {
      input: { subject: { fullName: receipt.holder, idNumber: '079199012345', province: 'HCM' }, keyType: 'rsa2048', providerId: 'vnpt' },
    }).start();
    actor.send({ type: 'slots.changed', slots: [blank] });
    actor.send({ type: 'pin.begin' });
    for (const digit of '123456') actor.send({ type: 'pin.digit', digit });
    actor.send({ type: 'pin.submit' });
    expect(issuanceView(actor.getSnapshot(), receipt)).toMatchObject({
      kind: 'pin',
      stage: 'first',
      length: 0,
      problem: expect.any(String),
    });
    actor.stop();
  });

  it('the remote activation: the QR and code while pending, then the confirmation', async () => {
    const activation: RemoteActivation = {
      activationId: 'act-12345678',
      registrationId: '0190a3c4-0000-7000-8000-000000000003',
      providerId: 'viettel',
      appName: 'Viettel MySign',
      code: '123456',
      qrPayload: 'https://example.vn/activate?c=123456',
      status: 'pending',
      expiresAt: '2026-12-07T08:00:00.000Z',
      confirmedAt: null,
      simulated: true,
    };
    let status: RemoteActivation['status'] = 'pending';
    const machine = remoteActivationMachine.provide({
      actors: {
        registerRemote: fromPromise(() => Promise.resolve(activation)),
        checkActivation: fromPromise(() => Promise.resolve({ ...activation, status })),
      },
      delays: { pollInterval: 5 },
    });
    const actor = createActor(machine, { input: { registrationId: activation.registrationId } }).start();
    expect(remoteView(actor.getSnapshot(), receipt)).toEqual({ kind: 'preparing', service: 'remote' });
    actor.send({ type: 'remote.submit' });
    await vi.waitFor(() =>
      expect(remoteView(actor.getSnapshot(), receipt)).toEqual({
        kind: 'activation',
        qrPayload: activation.qrPayload,
        code: '123456',
        appName: 'Viettel MySign',
        expiresAt: activation.expiresAt,
      }),
    );
    status = 'confirmed';
    await vi.waitFor(() =>
      expect(remoteView(actor.getSnapshot(), receipt)).toMatchObject({ kind: 'receipt', service: 'remote', provider: 'Viettel MySign' }),
    );
    actor.stop();
  });
});
