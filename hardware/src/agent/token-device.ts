import { debuglog } from 'node:util';
import {
  type AgentNotification,
  type DeviceStatus,
  type TokenIssuanceParams,
  type TokenIssuanceState,
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
import { issueToken, type IssueFact } from '../token/issue.ts';
import { startDecisionOf, type IssuanceJournal, type IssuanceRecord } from '../token/issuance-journal.ts';
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
 * With a `journal`, an issuance that names its registration is journaled (issuance-journal.ts)
 * and started at most once: a second `token.issue` for that registration while it runs gets the
 * running one's answer, and after it finished its result (`resumed: true`) — core's
 * `issuanceStart` decides from the entry. Such an issuance is not given up when the page goes
 * away (only at its deadline): the page reloads and picks it up with `token.issuance`. An entry
 * still `running` when the agent starts was interrupted: its token is erased when seen, its
 * certificate (known, or looked up at the CA by request id) revoked, and it is marked failed. A
 * failure that may have left a certificate live is settled again before any new attempt.
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
  /** Where issuances for a registration are journaled; without it a request's `registrationId` is not remembered. */
  journal?: IssuanceJournal;
}

export interface TokenDevice extends AgentDevice {
  list(): Promise<TokenSlot[]>;
  /** `signal`: the request was given up (agent deadline, page gone); the issuance then stops at the next step and undoes itself. */
  issue(params: TokenIssueParams, signal?: AbortSignal): Promise<TokenIssueResult>;
  /** Where a registration's issuance stands (journal and the run in progress); `wait` awaits a running one. */
  issuance(params: TokenIssuanceParams): Promise<TokenIssuanceState>;
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

  /** Every token the module shows, those waiting to be erased included. */
  const listAll = async (): Promise<TokenSlot[]> => {
    const tokens = await client.call('listTokens', {});
    return tokens
      .filter((t) => !options.initialisedOnly || t.flags.initialized)
      .map(slotOf)
      .map((slot) => {
        const problem = options.problemOf?.(slot) ?? null;
        return problem ? { ...slot, problem } : slot;
      });
  };
  /**
   * The tokens that may be used. One that came back after a failed issuance still holds that
   * issuance's PIN and key until the next poll erases it; offering it in between would show a
   * used token as if it were the citizen's.
   */
  const list = async (): Promise<TokenSlot[]> => (await listAll()).filter((s) => !(s.serial && toWipe.has(s.serial)));

  const wipeReturned = async (present: TokenSlot[]): Promise<void> => {
    const back = present.filter((s) => s.serial && toWipe.has(s.serial));
    if (back.length === 0 || issuing) return;
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
  };

  const poll = async () => {
    let errorCode: ErrorCode | null = null;
    try {
      await sim?.sync();
      await wipeReturned(await listAll());
      slots = await list();
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

  const journal = options.journal;
  /** Issuances for a registration running in this process (settling, checking, issuing), by registration id. */
  const runs = new Map<string, Promise<TokenIssueResult>>();
  /** What the page is shown of a run: its token and steps. */
  const progress = new Map<string, { tokenSerial: string; doneSteps: TokenIssueStep[]; currentStep: TokenIssueStep | null }>();

  const answerOf = (record: IssuanceRecord): TokenIssueResult =>
    record.state === 'issued'
      ? {
          issued: true,
          tokenSerial: record.tokenSerial,
          keyType: record.keyType,
          certificateSerial: record.certificateSerial!,
          notBefore: record.notBefore!,
          notAfter: record.notAfter!,
          verification: { verified: true, algorithm: record.algorithm ?? '' },
          ms: 0,
          resumed: true,
        }
      : failed(
          (record.code ?? 'DK_ERR_TOKEN_ISSUE_ABORTED') as ErrorCode,
          record.failedStep ?? record.currentStep,
          record.wiped,
          record.certificateRevoked,
        );

  /**
   * Brings a failed or interrupted entry as far towards "no certificate live" as the CA allows
   * now: an interrupted run is marked failed (its token erased when seen); a certificate not yet
   * revoked is revoked; a request whose answer was lost is looked up at the CA by its id.
   */
  const settle = async (record: IssuanceRecord | null): Promise<IssuanceRecord | null> => {
    if (!record || record.state === 'issued' || !journal) return record;
    let next: IssuanceRecord = record;
    if (record.state === 'running') {
      const touched = record.currentStep !== null || record.doneSteps.length > 0;
      if (touched && record.tokenSerial) toWipe.add(record.tokenSerial);
      next = {
        ...next,
        state: 'failed',
        code: 'DK_ERR_TOKEN_ISSUE_ABORTED',
        failedStep: record.currentStep,
        wiped: touched ? false : null,
      };
      log('an issuance interrupted at %s was marked failed', record.currentStep ?? '-');
    }
    let ca: CaAdapter | undefined;
    try {
      ca = caFor(next.providerId ?? undefined);
    } catch {
      ca = undefined;
    }
    if (ca && next.certifySent && next.certificateSerial === null && !next.caFoundNone && next.caRequestId) {
      const found = await ca.certificateFor(next.caRequestId).catch(() => undefined);
      if (found) next = { ...next, certificateSerial: found.serial, certificateRevoked: false };
      else if (found === null) next = { ...next, caFoundNone: true };
    }
    if (ca && next.certificateSerial && next.certificateRevoked !== true) {
      const revoked = await ca.revoke(next.certificateSerial, 'data-error').then(
        () => true,
        (error: unknown) => errorCodeOf(error) === 'DK_ERR_CA_ALREADY_REVOKED',
      );
      next = { ...next, certificateRevoked: revoked };
      log('a certificate left by a failed issuance: revoked %s', String(revoked));
    }
    if (JSON.stringify(next) !== JSON.stringify(record)) await journal.write({ ...next, updatedAt: new Date().toISOString() });
    return next;
  };

  // Entries still running from before this process started were interrupted: settle them now.
  const recovered: Promise<void> = journal
    ? journal
        .all()
        .then((records) => Promise.all(records.filter((r) => r.state === 'running').map((r) => settle(r))))
        .then(
          () => undefined,
          (error: unknown) => log('settling interrupted issuances failed: %s', errorCodeOf(error)),
        )
    : Promise.resolve();

  const issue = (params: TokenIssueParams, signal?: AbortSignal): Promise<TokenIssueResult> => {
    const registrationId = params.registrationId;
    if (!journal || registrationId === undefined) return issueOnce(params, signal);
    const running = runs.get(registrationId);
    // The same registration asked again (a reload, a double click): the running issuance's answer.
    if (running) return running.then((result) => (result.issued ? { ...result, resumed: true } : result));
    const run = (async (): Promise<TokenIssueResult> => {
      await recovered;
      let record: IssuanceRecord | null;
      try {
        record = await settle(await journal.read(registrationId));
      } catch (error) {
        log('the issuance journal could not be read: %s', errorCodeOf(error));
        // Not knowing what was done is not "nothing was done".
        return failed('DK_ERR_TOKEN_ISSUANCE_UNSETTLED');
      }
      const decision = startDecisionOf(record, false);
      if (decision.action === 'answer' && record) return answerOf(record);
      if (decision.action === 'refuse') return failed(decision.code);
      return issueOnce(params, signal, { journal, registrationId });
    })();
    runs.set(registrationId, run);
    void run.finally(() => {
      runs.delete(registrationId);
      progress.delete(registrationId);
    });
    return run;
  };

  const issuance = async (params: TokenIssuanceParams): Promise<TokenIssuanceState> => {
    const running = runs.get(params.registrationId);
    if (running) {
      if (!params.wait)
        return { state: 'running', ...(progress.get(params.registrationId) ?? { tokenSerial: '', doneSteps: [], currentStep: null }) };
      const result = await running;
      return { state: 'finished', result: result.issued ? { ...result, resumed: true } : result };
    }
    if (!journal) return { state: 'none' };
    await recovered;
    const record = await settle(await journal.read(params.registrationId));
    return record ? { state: 'finished', result: answerOf(record) } : { state: 'none' };
  };

  const issueOnce = async (
    params: TokenIssueParams,
    signal?: AbortSignal,
    journaled?: { journal: IssuanceJournal; registrationId: string },
  ): Promise<TokenIssueResult> => {
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
      const registrationId = journaled?.registrationId;
      const now = () => new Date().toISOString();
      let record: IssuanceRecord | undefined = journaled && {
        registrationId: journaled.registrationId,
        state: 'running',
        startedAt: now(),
        updatedAt: now(),
        slotId: present.slotId,
        tokenSerial: present.serial,
        keyType: params.keyType,
        providerId: params.providerId ?? null,
        keyId: null,
        doneSteps: [],
        currentStep: null,
        caRequestId: null,
        certifySent: false,
        certificateSerial: null,
        notBefore: null,
        notAfter: null,
        certificateRevoked: null,
        caFoundNone: false,
        wiped: null,
        code: null,
        failedStep: null,
        algorithm: null,
      };
      // Writes in order; a fact is awaited (the step waits for it), progress is not.
      let writing: Promise<void> = Promise.resolve();
      const save = (patch: Partial<IssuanceRecord>): Promise<void> => {
        if (!journaled || !record) return Promise.resolve();
        record = { ...record, ...patch, updatedAt: now() };
        const snapshot = record;
        writing = writing.then(() => journaled.journal.write(snapshot));
        return writing;
      };
      const recordFact = (fact: IssueFact): Promise<void> =>
        fact.kind === 'key'
          ? save({ keyId: fact.keyId })
          : fact.kind === 'certify'
            ? save({ caRequestId: fact.caRequestId, certifySent: true })
            : save({
                certificateSerial: fact.certificateSerial,
                notBefore: fact.notBefore.toISOString(),
                notAfter: fact.notAfter.toISOString(),
                certificateRevoked: false,
              });
      if (registrationId) progress.set(registrationId, { tokenSerial: present.serial, doneSteps: [], currentStep: null });
      try {
        // Before the token is touched: from here on a restart knows there is something to undo.
        await save({});
      } catch (error) {
        log('the issuance journal could not be written: %s', errorCodeOf(error));
        return failed('DK_ERR_TOKEN_ISSUANCE_UNSETTLED');
      }
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
          ...(journaled ? { journal: recordFact } : {}),
          onProgress: (p) => {
            if (p.state === 'started') sim?.onStep(p.step, present.serial);
            const shown = registrationId ? progress.get(registrationId) : undefined;
            if (shown) {
              if (p.state === 'started') shown.currentStep = p.step;
              else {
                shown.currentStep = null;
                shown.doneSteps = [...shown.doneSteps, p.step];
              }
              void save({ doneSteps: shown.doneSteps, currentStep: shown.currentStep }).catch(() => undefined);
            }
            notify({
              type: 'token.progress',
              step: p.step,
              state: p.state,
              ...(p.ms !== undefined ? { ms: p.ms } : {}),
              ...(registrationId ? { registrationId } : {}),
            });
          },
        });
        await save({ state: 'issued', algorithm: issued.verification.algorithm, currentStep: null }).catch((error: unknown) =>
          log('the issuance journal could not record an issued token: %s', errorCodeOf(error)),
        );
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
          | {
              step?: TokenIssueStep;
              wiped?: boolean;
              certificateRevoked?: boolean | null;
              certificateSerial?: string | null;
              caFoundNone?: boolean;
            }
          | undefined;
        if (detail?.wiped === false && present.serial) toWipe.add(present.serial);
        await save({
          state: 'failed',
          code: errorCodeOf(error, 'DK_ERR_TOKEN_ISSUE_ABORTED'),
          failedStep: detail?.step ?? null,
          wiped: detail?.wiped ?? false,
          certificateRevoked: detail?.certificateRevoked ?? null,
          ...(detail?.certificateSerial ? { certificateSerial: detail.certificateSerial } : {}),
          caFoundNone: detail?.caFoundNone ?? false,
        }).catch((writeError: unknown) => log('the issuance journal could not record a failure: %s', errorCodeOf(writeError)));
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
    issuance,
    unblock,
    revoke,
    async close() {
      closed = true;
      clearInterval(timer);
      await polling;
    },
  };
}
