import { createHash, randomInt, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DangkyError } from '@dangky/core/errors';
import type { Db, Queryable } from '../db/db.ts';
import type { ProviderActivation, RemoteSigningAdapter, RemoteSigningRegistration } from './adapter.ts';

/**
 * A remote-signing provider as the demo and the tests meet it: each call takes a provider-like
 * while (`latencyMs`), the provider can be unreachable (`setReachable`, or a call fails at random
 * with `failureRate`), a citizen with a confirmed account cannot register again (duplicate), and
 * an activation not confirmed within `activationTtlMs` expires.
 *
 * The provider's records (accounts, activations) live in the server's database
 * (`remote_signing_simulator_activations`, migration 0006_scale_out), not in this process: behind
 * a load balancer, the replica that started an activation is rarely the one the counter asks next,
 * and every replica must meet the same provider, as every replica would reach the same real one.
 * Reachability stays per instance: it stands for this process's link to the provider.
 */
export interface RemoteSigningSimulatorOptions {
  /** Where the simulated provider keeps its records: the server's database. */
  db: Db;
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
  /** Failure injection: this process's link to the provider goes down (false) or comes back (true). */
  setReachable(reachable: boolean): void;
}

interface ActivationRow {
  activation_id: string;
  registration_id: string;
  provider_id: string;
  app_name: string;
  code: string;
  qr_payload: string;
  expires_at: Date | string;
  confirmed_at: Date | string | null;
}

const COLUMNS = 'activation_id::text, registration_id::text, provider_id, app_name, code, qr_payload, expires_at, confirmed_at';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The account a citizen holds at a provider, as a digest: the simulator needs equality only, never the ID number. */
const accountOf = (reg: RemoteSigningRegistration): string =>
  createHash('sha256').update(`${reg.providerId}|${reg.idNumber}`).digest('hex');

export function createRemoteSigningSimulator(options: RemoteSigningSimulatorOptions): RemoteSigningSimulator {
  const { db } = options;
  const [minMs, maxMs] = options.latencyMs ?? [300, 900];
  const ttlMs = options.activationTtlMs ?? 10 * 60_000;
  const failureRate = options.failureRate ?? 0;
  const now = options.now ?? (() => new Date());
  let reachable = true;

  async function call(): Promise<void> {
    const ms = maxMs > minMs ? randomInt(minMs, maxMs + 1) : minMs;
    if (ms > 0) await sleep(ms);
    if (!reachable || (failureRate > 0 && Math.random() < failureRate)) throw new DangkyError('DK_ERR_REMOTE_UNAVAILABLE');
  }

  /** A stored activation as of now: pending until confirmed, expired once past its deadline. */
  function activationOf(row: ActivationRow): ProviderActivation {
    const expiresAt = new Date(row.expires_at).toISOString();
    const confirmedAt = row.confirmed_at === null ? null : new Date(row.confirmed_at).toISOString();
    const status = confirmedAt ? 'confirmed' : Date.parse(expiresAt) <= now().getTime() ? 'expired' : 'pending';
    return {
      activationId: row.activation_id,
      registrationId: row.registration_id,
      providerId: row.provider_id,
      appName: row.app_name,
      code: row.code,
      qrPayload: row.qr_payload,
      status,
      expiresAt,
      confirmedAt,
    };
  }

  async function find(q: Queryable, activationId: string, lock = ''): Promise<ProviderActivation> {
    const [row] = UUID.test(activationId)
      ? await q.query<ActivationRow>(`SELECT ${COLUMNS} FROM remote_signing_simulator_activations WHERE activation_id = $1 ${lock}`, [
          activationId,
        ])
      : [];
    if (!row) throw new DangkyError('DK_ERR_REMOTE_ACTIVATION_UNKNOWN');
    return activationOf(row);
  }

  return {
    async register(reg: RemoteSigningRegistration) {
      await call();
      const account = accountOf(reg);
      return db.transaction(async (tx) => {
        // One citizen asked for twice at once (two replicas, a double tap) gets one activation.
        await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [account]);
        const held = (
          await tx.query<ActivationRow>(`SELECT ${COLUMNS} FROM remote_signing_simulator_activations WHERE account = $1`, [account])
        ).map(activationOf);
        if (held.some((a) => a.status === 'confirmed')) throw new DangkyError('DK_ERR_REMOTE_ALREADY_REGISTERED');
        // Asked again for the same citizen while pending: the provider hands back the same activation.
        const pending = held.find((a) => a.status === 'pending');
        if (pending) return pending;
        const activationId = randomUUID();
        const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
        const [row] = await tx.query<ActivationRow>(
          `INSERT INTO remote_signing_simulator_activations
             (activation_id, account, registration_id, provider_id, app_name, code, qr_payload, expires_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
          [
            activationId,
            account,
            reg.registrationId,
            reg.providerId,
            reg.providerProduct,
            code,
            `https://activate.example.invalid/${reg.providerId}/${activationId}?code=${code}`,
            new Date(now().getTime() + ttlMs).toISOString(),
          ],
        );
        return activationOf(row!);
      });
    },
    async status(activationId) {
      await call();
      return find(db, activationId);
    },
    simulator: {
      confirm: (activationId) =>
        db.transaction(async (tx) => {
          const a = await find(tx, activationId, 'FOR UPDATE');
          if (a.status === 'expired') throw new DangkyError('DK_ERR_REMOTE_ACTIVATION_EXPIRED');
          if (a.status === 'confirmed') return a;
          const [row] = await tx.query<ActivationRow>(
            `UPDATE remote_signing_simulator_activations SET confirmed_at = $2 WHERE activation_id = $1 RETURNING ${COLUMNS}`,
            [activationId, now().toISOString()],
          );
          return activationOf(row!);
        }),
    },
    setReachable(value) {
      reachable = value;
    },
  };
}
