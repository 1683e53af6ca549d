import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createActor, fromPromise } from 'xstate';
import { DangkyError } from '../errors/dangky-error.ts';
import type { RemoteActivation } from '../protocol/remote-signing.ts';
import { REMOTE_POLL_INTERVAL_MS, remoteActivationMachine } from './remote-activation.ts';

const registrationId = '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b';
const pending: RemoteActivation = {
  activationId: '5b0c7f0e-2f0a-4a7e-9b7e-1d2c3b4a5f6e',
  registrationId,
  providerId: 'vnpt',
  appName: 'VNPT SmartCA',
  code: '123456',
  qrPayload: 'https://activate.example.invalid/vnpt/x?code=123456',
  status: 'pending',
  expiresAt: '2026-11-22T03:10:00.000Z',
  confirmedAt: null,
  simulated: true,
};

/** The machine with a provider the test scripts: each answer is taken in turn (an Error = a failed call). */
function run(register: (RemoteActivation | Error)[], checks: (RemoteActivation | Error)[]) {
  const calls = { register: 0, check: 0 };
  const next = (list: (RemoteActivation | Error)[]) => {
    const answer = list.shift();
    if (!answer) throw new Error('no scripted answer');
    if (answer instanceof Error) throw answer;
    return answer;
  };
  const actor = createActor(
    remoteActivationMachine.provide({
      actors: {
        registerRemote: fromPromise(async () => (calls.register++, next(register))),
        checkActivation: fromPromise(async () => (calls.check++, next(checks))),
      },
    }),
    { input: { registrationId } },
  ).start();
  return { actor, calls };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('remoteActivationMachine', () => {
  it('registers, shows the activation, polls until the citizen confirmed on the phone', async () => {
    const { actor, calls } = run([pending], [pending, { ...pending, status: 'confirmed', confirmedAt: '2026-11-22T03:02:00.000Z' }]);
    actor.send({ type: 'remote.submit' });
    await vi.advanceTimersByTimeAsync(0);
    expect(actor.getSnapshot().value).toBe('pending');
    expect(actor.getSnapshot().context.activation?.code).toBe('123456');
    await vi.advanceTimersByTimeAsync(REMOTE_POLL_INTERVAL_MS);
    expect(actor.getSnapshot().value).toBe('pending');
    await vi.advanceTimersByTimeAsync(REMOTE_POLL_INTERVAL_MS);
    expect(actor.getSnapshot().value).toBe('confirmed');
    expect(calls).toEqual({ register: 1, check: 2 });
  });

  it('keeps the activation through a failed poll, and polls at once on remote.checkNow', async () => {
    const { actor } = run(
      [pending],
      [new DangkyError('DK_ERR_NETWORK'), { ...pending, status: 'confirmed', confirmedAt: '2026-11-22T03:02:00.000Z' }],
    );
    actor.send({ type: 'remote.submit' });
    await vi.advanceTimersByTimeAsync(REMOTE_POLL_INTERVAL_MS);
    expect(actor.getSnapshot()).toMatchObject({
      value: 'pending',
      context: { lastErrorCode: 'DK_ERR_NETWORK', activation: { code: '123456' } },
    });
    actor.send({ type: 'remote.checkNow' });
    await vi.advanceTimersByTimeAsync(0);
    expect(actor.getSnapshot().value).toBe('confirmed');
  });

  it('ends in expired when the provider says so, and a retry registers again', async () => {
    const fresh = { ...pending, activationId: '6c1d8a1f-3a1b-4b8f-8c8f-2e3d4c5b6a7f', code: '654321' };
    const { actor, calls } = run([pending, fresh], [{ ...pending, status: 'expired' }]);
    actor.send({ type: 'remote.submit' });
    await vi.advanceTimersByTimeAsync(REMOTE_POLL_INTERVAL_MS);
    expect(actor.getSnapshot().value).toBe('expired');
    actor.send({ type: 'remote.retry' });
    await vi.advanceTimersByTimeAsync(0);
    expect(actor.getSnapshot()).toMatchObject({ value: 'pending', context: { activation: { code: '654321' } } });
    expect(calls.register).toBe(2);
  });

  it.each([['DK_ERR_REMOTE_UNAVAILABLE'], ['DK_ERR_REMOTE_ALREADY_REGISTERED']] as const)(
    'fails with %s and never reaches confirmed',
    async (code) => {
      const { actor } = run([new DangkyError(code)], []);
      actor.send({ type: 'remote.submit' });
      await vi.advanceTimersByTimeAsync(0);
      expect(actor.getSnapshot()).toMatchObject({ value: 'failed', context: { lastErrorCode: code, activation: null } });
      actor.send({ type: 'remote.checkNow' });
      expect(actor.getSnapshot().value).toBe('failed');
    },
  );

  it('refuses an activation for another registration', async () => {
    const { actor } = run([{ ...pending, registrationId: '0190a1b2-c3d4-7e5f-8a6b-000000000000' }], []);
    actor.send({ type: 'remote.submit' });
    await vi.advanceTimersByTimeAsync(0);
    expect(actor.getSnapshot()).toMatchObject({ value: 'failed', context: { lastErrorCode: 'DK_ERR_ILLEGAL_TRANSITION' } });
  });

  it('reads the code through a wrapper: a wrapped "expired" still ends in expired', async () => {
    const wrapped = new Error('poll failed', { cause: new DangkyError('DK_ERR_REMOTE_ACTIVATION_EXPIRED') });
    const { actor } = run([pending], [wrapped]);
    actor.send({ type: 'remote.submit' });
    await vi.advanceTimersByTimeAsync(REMOTE_POLL_INTERVAL_MS);
    expect(actor.getSnapshot()).toMatchObject({ value: 'expired', context: { lastErrorCode: 'DK_ERR_REMOTE_ACTIVATION_EXPIRED' } });
  });
});
