import { debuglog } from 'node:util';
import {
  type AgentNotification,
  type DeviceStatus,
  type TokenIssueParams,
  type TokenIssueResult,
  type TokenIssueStep,
  type TokenRevoked,
  type TokenRevokeParams,
  type TokenSlot,
  type TokenUnblocked,
  type TokenUnblockParams,
} from '@dangky/core/agent';
import { DangkyError, errorCodeOf, type ErrorCode } from '@dangky/core/errors';
import { pinProblem } from '@dangky/core/token';
import type { CaAdapter } from '../ca/ca-adapter.ts';
import * as x509 from '../ca/x509.ts';
import { issueToken } from '../token/issue.ts';
import type { Pkcs11Client } from '../token/pkcs11-client.ts';
import type { TokenSummary } from '@dangky/pkcs11/module';
import type { AgentDevice } from './device.ts';
import { simulateToken, type SimulatedToken } from './token-sim.ts';

/**
 * The signing-token slot as an agent device. It polls the PKCS#11 module's slot list (through
 * the worker: a crashing vendor module takes the worker down, not the agent) every `pollMs`
 * and pushes `token.slots` when the list changes, and runs one issuance at a time for
 * `token.issue`, pushing `token.progress` per step. The SO PIN is read from the site's secret
 * store (`readSoPin`) for each issuance and never leaves this process; the citizen's PIN comes
 * in the request and goes only to `issueToken`. Logs (NODE_DEBUG=hardware:token) carry slot
 * counts, steps and codes — never a PIN, a name or an ID number.
 *
 * `token.unblock` resets an issued token's user PIN with the SO PIN (C_InitPIN, which also
 * clears a lockout) and logs in with the new PIN before answering; `token.revoke` revokes a
 * certificate at the CA adapter and reads the CRL back to say whether it is listed. One token
 * operation runs at a time: a second one while the first runs gets DK_ERR_TOKEN_SESSION.
 *
 * A token an issuance could not wipe (pulled out mid-way: `wiped: false`) is remembered by
 * serial; when it comes back, the next poll erases it with the SO PIN before showing it, so it
 * is a blank token again and the clerk can simply retry. Nothing is lost by that: the token
 * never got a verified certificate, and a certificate already obtained was revoked.
 *
 * With `simulation` (only for `--simulate-token`), the module is wrapped by the token simulator
 * (token-sim.ts): commands appended to its control file pull the token out, at a named step or
 * at once, put it back, block its PIN, or stock a blank one — read at each poll.
 */

const log = debuglog('hardware:token');

export interface TokenDeviceOptions {
  /** Default `token`. */
  id?: string;
  client: Pkcs11Client;
  /** The CA when the request names no provider (the built-in CA). */
  ca: CaAdapter;
  /** The CA adapter of a provider (token.issue / token.revoke `providerId`); throws DK_ERR_CA_PROVIDER_UNKNOWN. Default: `ca` for every provider. */
  caFor?: (providerId: string | undefined) => CaAdapter;
  /** Reads the SO PIN for the token's vendor/model from the site's secret store. */
  readSoPin: (token: TokenSlot) => Promise<string>;
  simulated: boolean;
  /** Slot-list poll period, ms. Default 1,000. */
  pollMs?: number;
  /** Why this station cannot issue on a token it sees (e.g. DK_ERR_TOKEN_MODEL_UNKNOWN), pushed with the slot list; null = nothing. */
  problemOf?: (slot: TokenSlot) => ErrorCode | null;
  /** Report only initialised tokens (SoftHSM's always-present spare slot is not a token anyone inserted). Default false. */
  initialisedOnly?: boolean;
  /** The simulated token's fault control (token-sim.ts); accepted only with `simulated`. */
  simulation?: { controlFile: string };
}

export interface TokenDevice extends AgentDevice {
  list(): Promise<TokenSlot[]>;
  /** `signal`: the request was given up (agent deadline, page gone); the issuance then stops at the next step and undoes itself. */
  issue(params: TokenIssueParams, signal?: AbortSignal): Promise<TokenIssueResult>;
  /** Rejects with a DangkyError code: a PIN policy code, DK_ERR_TOKEN_NOT_PRESENT / _NOT_FOUND / _PIN_NOT_SET, or the module's. */
  unblock(params: TokenUnblockParams): Promise<TokenUnblocked>;
  /** Rejects with DK_ERR_CA_SERIAL_UNKNOWN, DK_ERR_CA_ALREADY_REVOKED or DK_ERR_CA_UNAVAILABLE. */
  revoke(params: TokenRevokeParams): Promise<TokenRevoked>;
  onNotification(listener: (notification: AgentNotification) => void): () => void;
}

export const slotOf = (t: TokenSummary): TokenSlot => ({
  slotId: t.slotId,
  label: t.label.slice(0, 32),
  serial: t.serial.slice(0, 16),
  model: t.model.slice(0, 16),
  manufacturer: t.manufacturer.slice(0, 32),
  initialized: t.flags.initialized,
  userPinInitialized: t.flags.userPinInitialized,
  userPinLocked: t.flags.userPinLocked,
});

export function createTokenDevice(options: TokenDeviceOptions): TokenDevice {
  const id = options.id ?? 'token';
  if (options.simulation && !options.simulated) throw new Error('token fault control exists only for the simulated token');
  const sim: SimulatedToken | undefined = options.simulation
    ? simulateToken({ client: options.client, controlFile: options.simulation.controlFile, soPinFor: (t) => options.readSoPin(slotOf(t)) })
    : undefined;
  const client = sim?.client ?? options.client;
  /** Serials of tokens an issuance left unwiped (pulled out mid-way): erased when they come back. */
  const toWipe = new Set<string>();
  const caFor = (providerId: string | undefined): CaAdapter =>
    options.caFor && providerId !== undefined ? options.caFor(providerId) : options.ca;
  const pollMs = options.pollMs ?? 1_000;
  let status: DeviceStatus = { id, kind: 'token-slot', state: 'offline', simulated: options.simulated, errorCode: null, detail: null };
  let slots: TokenSlot[] = [];
  let lastSent = '';
  let issuing = false;
  let closed = false;
  let polling: Promise<void> | undefined;
  const statusListeners = new Set<(s: DeviceStatus) => void>();
  const notificationListeners = new Set<(n: AgentNotification) => void>();

  const setStatus = (next: Partial<DeviceStatus>) => {
    const updated = { ...status, ...next };
    if (JSON.stringify(updated) === JSON.stringify(status)) return;
    status = updated;
    for (const listener of statusListeners) listener(status);
  };
  const notify = (n: AgentNotification) => {
    for (const listener of notificationListeners) listener(n);
  };

  const list = async (): Promise<TokenSlot[]> => {
    const tokens = await client.call('listTokens', {});
    return tokens
      .filter((t) => !options.initialisedOnly || t.flags.initialized)
      .map(slotOf)
      .map((slot) => {
        const problem = options.problemOf?.(slot) ?? null;
        return problem ? { ...slot, problem } : slot;
      });
  };

  const wipeReturned = async (present: TokenSlot[]): Promise<boolean> => {
    const back = present.filter((s) => s.serial && toWipe.has(s.serial));
    if (back.length === 0 || issuing) return false;
    for (const slot of back) {
      // C_InitToken erases the keys, the certificate and the user PIN; the stock label stays.
      await client.call('initToken', {
        token: { labelOrSerial: slot.serial },
        soPin: await options.readSoPin(slot),
        label: slot.label || 'DEMO-TOKEN',
      });
      toWipe.delete(slot.serial);
      log('a token left unwiped by a failed issuance came back and was erased');
    }
    return true;
  };

  const poll = async () => {
    let errorCode: ErrorCode | null = null;
    try {
      await sim?.sync();
      slots = await list();
      if (await wipeReturned(slots)) slots = await list();
      setStatus({
        state: issuing ? 'busy' : 'ready',
        errorCode: null,
        detail: slots.length === 0 ? 'no token' : `${slots.length} token(s)`,
      });
    } catch (error) {
      errorCode = errorCodeOf(error);
      slots = [];
      setStatus({ state: 'error', errorCode, detail: null });
    }
    const text = JSON.stringify([slots, errorCode]);
    if (text !== lastSent) {
      lastSent = text;
      log('slots: %d token(s)%s', slots.length, errorCode ? ` (${errorCode})` : '');
      notify({ type: 'token.slots', slots, errorCode });
    }
  };

  // One poll in flight at most; a slow module (or a long key generation ahead in the worker's
  // queue) delays the next poll instead of piling calls up.
  const timer = setInterval(() => {
    if (closed || polling) return;
    polling = poll().finally(() => (polling = undefined));
  }, pollMs);
  timer.unref();
  polling = poll().finally(() => (polling = undefined));

  const failed = (
    code: ErrorCode,
    step: TokenIssueStep | null = null,
    wiped: boolean | null = null,
    certificateRevoked: boolean | null = null,
  ): TokenIssueResult => {
    log('issue refused or failed: %s at %s (wiped %s)', code, step ?? '-', String(wiped));
    return { issued: false, code, step, wiped, certificateRevoked };
  };

  const issue = async (params: TokenIssueParams, signal?: AbortSignal): Promise<TokenIssueResult> => {
    if (issuing) return failed('DK_ERR_TOKEN_SESSION');
    const problem = pinProblem(params.userPin);
    if (problem) return failed(problem);
    let ca: CaAdapter;
    try {
      ca = caFor(params.providerId);
    } catch (error) {
      return failed(errorCodeOf(error));
    }
    issuing = true;
    setStatus({ state: 'busy' });
    try {
      const present = (await list()).find((s) => s.slotId === params.slotId);
      if (!present) return failed('DK_ERR_TOKEN_NOT_PRESENT');
      // Another token was put in that slot since the page saw it: never wipe what was not shown.
      if (params.tokenSerial && present.serial !== params.tokenSerial) return failed('DK_ERR_TOKEN_NOT_FOUND');
      if (present.userPinInitialized) return failed('DK_ERR_TOKEN_NOT_BLANK');
      const soPin = await options.readSoPin(present);
      const started = performance.now();
      try {
        const issued = await issueToken({
          client,
          ca,
          token: present.serial ? { labelOrSerial: present.serial } : { slotId: present.slotId },
          subject: { fullName: params.fullName, idNumber: params.idNumber, province: params.province },
          userPin: params.userPin,
          soPin,
          keyType: params.keyType,
          ...(signal ? { signal } : {}),
          onProgress: (p) => {
            if (p.state === 'started') sim?.onStep(p.step, present.serial);
            notify({ type: 'token.progress', step: p.step, state: p.state, ...(p.ms !== undefined ? { ms: p.ms } : {}) });
          },
        });
        log('issued on a %s token in %d ms', params.keyType, Math.round(performance.now() - started));
        return {
          issued: true,
          tokenSerial: issued.tokenSerial,
          keyType: issued.keyType,
          certificatePem: issued.certificatePem,
          certificateSerial: issued.certificateSerial,
          notBefore: issued.notBefore.toISOString(),
          notAfter: issued.notAfter.toISOString(),
          verification: issued.verification,
          ms: performance.now() - started,
        };
      } catch (error) {
        const detail = (error instanceof DangkyError ? error.detail : undefined) as
          { step?: TokenIssueStep; wiped?: boolean; certificateRevoked?: boolean | null } | undefined;
        if (detail?.wiped === false && present.serial) toWipe.add(present.serial);
        return failed(
          errorCodeOf(error, 'DK_ERR_TOKEN_ISSUE_ABORTED'),
          detail?.step ?? null,
          detail?.wiped ?? false,
          detail?.certificateRevoked ?? null,
        );
      }
    } finally {
      issuing = false;
      void poll();
    }
  };

  const unblock = async (params: TokenUnblockParams): Promise<TokenUnblocked> => {
    const problem = pinProblem(params.newUserPin);
    if (problem) throw new DangkyError(problem);
    if (issuing) throw new DangkyError('DK_ERR_TOKEN_SESSION', { message: 'Another token operation is running' });
    issuing = true;
    setStatus({ state: 'busy' });
    try {
      const present = (await list()).find((s) => s.slotId === params.slotId);
      if (!present) throw new DangkyError('DK_ERR_TOKEN_NOT_PRESENT');
      // Only the token the page showed, and only an issued one: a blank token has no PIN to unblock.
      if (present.serial !== params.tokenSerial) throw new DangkyError('DK_ERR_TOKEN_NOT_FOUND');
      if (!present.userPinInitialized) throw new DangkyError('DK_ERR_TOKEN_PIN_NOT_SET');
      const soPin = await options.readSoPin(present);
      const token = { labelOrSerial: present.serial };
      await client.call('initPin', { token, soPin, userPin: params.newUserPin });
      await client.call('login', { token, user: 'user', pin: params.newUserPin });
      log('PIN unblocked on a token (was locked: %s)', String(present.userPinLocked));
      return { unblocked: true, tokenSerial: present.serial, verified: true };
    } catch (error) {
      log('unblock failed: %s', errorCodeOf(error));
      throw error;
    } finally {
      issuing = false;
      void poll();
    }
  };

  const revoke = async (params: TokenRevokeParams): Promise<TokenRevoked> => {
    const serial = params.certificateSerial
      .toLowerCase()
      .replaceAll(':', '')
      .replace(/^(00)+(?=..)/, '');
    try {
      const ca = caFor(params.providerId);
      await ca.revoke(serial, params.reason);
      const status = await ca.status(serial);
      const crl = new x509.X509Crl(await ca.crl());
      const inCrl = crl.entries.some((e) => e.serialNumber.toLowerCase().replace(/^(00)+(?=..)/, '') === serial);
      const revokedAt = status.status === 'revoked' ? status.revokedAt : new Date();
      log('certificate revoked (%s), in CRL: %s', params.reason, String(inCrl));
      return { revoked: true, certificateSerial: serial, revokedAt: revokedAt.toISOString(), inCrl };
    } catch (error) {
      log('revoke failed: %s', errorCodeOf(error));
      throw error;
    }
  };

  return {
    id,
    kind: 'token-slot',
    status: () => status,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    onNotification(listener) {
      notificationListeners.add(listener);
      return () => notificationListeners.delete(listener);
    },
    list: async () => {
      await polling;
      return list();
    },
    issue,
    unblock,
    revoke,
    async close() {
      closed = true;
      clearInterval(timer);
      await polling;
    },
  };
}
