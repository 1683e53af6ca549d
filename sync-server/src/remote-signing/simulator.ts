import { randomInt, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DangkyError } from '@dangky/core/errors';
import type { ProviderActivation, RemoteSigningAdapter, RemoteSigningRegistration } from './adapter.ts';

/**
 * A remote-signing provider as the demo and the tests meet it: each call takes a provider-like
 * while (`latencyMs`), the provider can be unreachable (`reachable`, or a call fails at random
 * with `failureRate`), a citizen with a confirmed account cannot register again (duplicate), and
 * an activation not confirmed within `activationTtlMs` expires. State is per instance (one
 * provider world per server), never module-level.
 */
export interface RemoteSigningSimulatorOptions {
  /** Latency per call in ms, drawn uniformly in [min, max]. Default [300, 900]; tests pass [0, 0]. */
  latencyMs?: readonly [number, number];
  /** How long an activation waits for the citizen, ms. Default 10 minutes (providers use 5–15). */
  activationTtlMs?: number;
  /** Share of calls that fail as "unreachable", 0..1. Default 0. */
  failureRate?: number;
  now?: () => Date;
}

export interface RemoteSigningSimulator extends RemoteSigningAdapter {
  readonly simulator: { confirm(activationId: string): Promise<ProviderActivation> };
  /** Failure injection: the provider's API goes down (false) or comes back (true). */
  setReachable(reachable: boolean): void;
}

export function createRemoteSigningSimulator(options: RemoteSigningSimulatorOptions = {}): RemoteSigningSimulator {
  const [minMs, maxMs] = options.latencyMs ?? [300, 900];
  const ttlMs = options.activationTtlMs ?? 10 * 60_000;
  const failureRate = options.failureRate ?? 0;
  const now = options.now ?? (() => new Date());
  let reachable = true;
  const activations = new Map<string, ProviderActivation>();
  // provider|idNumber → the activation that holds (or held) the account.
  const accounts = new Map<string, string>();

  async function call(): Promise<void> {
    const ms = maxMs > minMs ? randomInt(minMs, maxMs + 1) : minMs;
    if (ms > 0) await sleep(ms);
    if (!reachable || (failureRate > 0 && Math.random() < failureRate)) throw new DangkyError('DK_ERR_REMOTE_UNAVAILABLE');
  }

  /** The stored activation as of now: a pending one past its deadline reads as expired. */
  function current(id: string): ProviderActivation {
    const a = activations.get(id);
    if (!a) throw new DangkyError('DK_ERR_REMOTE_ACTIVATION_UNKNOWN');
    if (a.status === 'pending' && Date.parse(a.expiresAt) <= now().getTime()) {
      const expired = { ...a, status: 'expired' as const };
      activations.set(id, expired);
      return expired;
    }
    return a;
  }

  return {
    async register(reg: RemoteSigningRegistration) {
      await call();
      const key = `${reg.providerId}|${reg.idNumber}`;
      const held = accounts.get(key);
      if (held) {
        const previous = current(held);
        if (previous.status === 'confirmed') throw new DangkyError('DK_ERR_REMOTE_ALREADY_REGISTERED');
        // Asked again for the same citizen while pending: the provider hands back the same activation.
        if (previous.status === 'pending') return previous;
      }
      const activationId = randomUUID();
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const activation: ProviderActivation = {
        activationId,
        registrationId: reg.registrationId,
        providerId: reg.providerId,
        appName: reg.providerProduct,
        code,
        qrPayload: `https://activate.example.invalid/${reg.providerId}/${activationId}?code=${code}`,
        status: 'pending',
        expiresAt: new Date(now().getTime() + ttlMs).toISOString(),
        confirmedAt: null,
      };
      activations.set(activationId, activation);
      accounts.set(key, activationId);
      return activation;
    },
    async status(activationId) {
      await call();
      return current(activationId);
    },
    simulator: {
      async confirm(activationId) {
        const a = current(activationId);
        if (a.status === 'expired') throw new DangkyError('DK_ERR_REMOTE_ACTIVATION_EXPIRED');
        if (a.status === 'confirmed') return a;
        const confirmed = { ...a, status: 'confirmed' as const, confirmedAt: now().toISOString() };
        activations.set(activationId, confirmed);
        return confirmed;
      },
    },
    setReachable(value) {
      reachable = value;
    },
  };
}
