import { DangkyError, errorCodeOf } from '@dangky/core/errors';
import type { TokenKeyType } from '@dangky/core/agent';
import type { CaAdapter, IssuedCertificate } from './ca-adapter.ts';
import type { CaFault, FaultSource } from './ca-faults.ts';
import { ProviderApiError, type ProviderApi, type ProviderCall } from './provider-api.ts';
import * as x509 from './x509.ts';

/**
 * A provider's enrolment API, simulated: each call waits a latency drawn from a seeded
 * log-normal distribution (the profile's median and 95th percentile), plays the fault the
 * fault source names for this CA, and is then served by a real X.509 CA (`backing`, the
 * built-in CA code with the provider's own subject and SoftHSM token), so its certificates
 * verify with OpenSSL like any other. The backing CA is opened on first use: an agent that
 * knows five providers starts one PKCS#11 worker for a provider only when a registration
 * for it reaches the counter.
 *
 * Like a real API with an Idempotency-Key, a retried request (same `requestId`) gets the answer
 * the CA already gave — the certificate already issued, the revocation already made — which
 * matters after a `timeout`, where the CA did the work and only the answer was lost.
 */

export interface ProviderSimOptions {
  /** The CA's id (provider id, or `builtin`). */
  id: string;
  /** Opens the real CA behind the API; called once, on first use. */
  backing: () => Promise<CaAdapter>;
  /** Key types the CA certifies; others are rejected (`key-type`). Default any. */
  keyTypes?: readonly TokenKeyType[];
  /** Latency of one call, ms: log-normal with this median and 95th percentile. Default none. */
  latency?: { medianMs: number; p95Ms: number };
  faults?: FaultSource;
  /** Seed of the latency draws. Default derived from `id`. */
  seed?: number;
  /** Default real time; the signal aborts the wait. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** mulberry32: a small seeded PRNG, enough for latency draws. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const seedOf = (text: string) => [...text].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16_777_619) >>> 0, 2_166_136_261);

/** A log-normal draw with the given median and 95th percentile, clamped to [median/4, 3×p95]. */
export function latencyDraw(random: () => number, latency: { medianMs: number; p95Ms: number }): number {
  const { medianMs, p95Ms } = latency;
  if (medianMs <= 0) return 0;
  const sigma = Math.log(Math.max(p95Ms, medianMs) / medianMs) / 1.6449;
  const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Math.min(3 * p95Ms, Math.max(medianMs / 4, medianMs * Math.exp(sigma * z)));
}

export const abortableSleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new ProviderApiError('timeout'));
    const timer = setTimeout(() => (signal.removeEventListener('abort', onAbort), resolve()), ms);
    const onAbort = () => (clearTimeout(timer), reject(new ProviderApiError('timeout')));
    signal.addEventListener('abort', onAbort, { once: true });
  });

/** Never settles until the attempt is abandoned: a request whose answer never comes. */
const hang = (signal: AbortSignal) => abortableSleep(2_147_000_000, signal);

const keyTypeOf = (csr: x509.Pkcs10CertificateRequest): TokenKeyType | undefined => {
  const algorithm = csr.publicKey.algorithm as { name: string; modulusLength?: number; namedCurve?: string };
  if (algorithm.name === 'RSASSA-PKCS1-v1_5' || algorithm.name === 'RSA-PSS' || algorithm.name === 'RSA-OAEP')
    return algorithm.modulusLength === 2048 ? 'rsa2048' : undefined;
  if (algorithm.name === 'ECDSA' || algorithm.name === 'ECDH') return algorithm.namedCurve === 'P-256' ? 'p256' : undefined;
  return undefined;
};

/** How the CA's own answers look on the wire. */
function asWireError(error: unknown): ProviderApiError {
  if (error instanceof ProviderApiError) return error;
  const code = errorCodeOf(error, 'DK_ERR_CA_UNAVAILABLE');
  if (code === 'DK_ERR_CA_REQUEST_INVALID') return new ProviderApiError('rejected', { status: 422, reason: 'request', cause: error });
  if (code === 'DK_ERR_CA_SERIAL_UNKNOWN') return new ProviderApiError('not-found', { status: 404, cause: error });
  if (code === 'DK_ERR_CA_ALREADY_REVOKED') return new ProviderApiError('conflict', { status: 409, cause: error });
  return new ProviderApiError('server-error', { status: 500, cause: error });
}

export interface ProviderSim extends ProviderApi {
  /** Opens the backing CA now rather than on the first request (its first start makes a key on a token). */
  open(): Promise<void>;
}

export function createProviderSim(options: ProviderSimOptions): ProviderSim {
  const random = seededRandom(options.seed ?? seedOf(options.id));
  const sleep = options.sleep ?? abortableSleep;
  const attempts = new Map<string, number>();
  /** Answers already given, by request id: a retry of a request the CA carried out gets the same answer. */
  const answered = new Map<string, Promise<unknown>>();
  let backing: Promise<CaAdapter> | undefined;
  const ca = () => {
    // A CA that failed to open is opened again on the next request, not remembered as failed.
    backing ??= options.backing().catch((error: unknown) => {
      backing = undefined;
      throw error;
    });
    return backing;
  };

  const transientFails = (fault: CaFault, attempt: number) =>
    attempt <= (fault.failures ?? (fault.mode === 'server-error' ? 2 : Number.POSITIVE_INFINITY));

  /** One attempt: connect, wait the latency, play the fault, then let the CA answer. */
  const serve = async <T>(
    op: 'submit' | 'find' | 'revoke' | 'status' | 'crl' | 'ca-certificate',
    call: ProviderCall,
    work: (ca: CaAdapter) => Promise<T>,
  ): Promise<T> => {
    const attempt = (attempts.get(call.requestId) ?? 0) + 1;
    attempts.set(call.requestId, attempt);
    if (attempts.size > 1_000) attempts.delete(attempts.keys().next().value!);
    const fault = await options.faults?.(options.id);
    if (fault?.mode === 'unreachable' && transientFails(fault, attempt)) {
      await sleep(20, call.signal);
      throw new ProviderApiError('unreachable', { reason: 'connection refused' });
    }
    await sleep(options.latency ? latencyDraw(random, options.latency) : 0, call.signal);
    if (fault?.mode === 'server-error' && transientFails(fault, attempt)) throw new ProviderApiError('server-error', { status: 503 });
    if (fault?.mode === 'rate-limited' && transientFails(fault, attempt))
      throw new ProviderApiError('rate-limited', { status: 429, retryAfterMs: fault.retryAfterMs ?? 1_000 });
    if (fault?.mode === 'reject-subject' && op === 'submit') throw new ProviderApiError('rejected', { status: 422, reason: 'subject' });
    if (fault?.mode === 'revoke-unknown' && op === 'revoke') throw new ProviderApiError('not-found', { status: 404, reason: 'serial' });
    // The answer is remembered from the moment the work starts, not when it ends: a retry that
    // arrives while the CA is still signing (the client gave up on a slow attempt) waits for the
    // same work instead of starting it again. A failure is forgotten, so the request may be sent
    // again once its cause is gone.
    let answer = answered.get(call.requestId) as Promise<T> | undefined;
    if (!answer) {
      const requestId = call.requestId;
      answer = ca().then(work);
      answered.set(requestId, answer);
      answer.catch(() => answered.delete(requestId));
      if (answered.size > 1_000) answered.delete(answered.keys().next().value!);
    }
    let result: T;
    try {
      result = await answer;
    } catch (error) {
      throw asWireError(error);
    }
    // The CA did the work; the answer is lost on the way back.
    if (fault?.mode === 'timeout' && transientFails(fault, attempt)) await hang(call.signal);
    return result;
  };

  return {
    open: async () => void (await ca()),
    submitCsr: (csrPem, call) =>
      serve('submit', call, async (backingCa): Promise<IssuedCertificate> => {
        if (options.keyTypes) {
          let keyType: TokenKeyType | undefined;
          try {
            keyType = keyTypeOf(new x509.Pkcs10CertificateRequest(csrPem));
          } catch (cause) {
            throw new DangkyError('DK_ERR_CA_REQUEST_INVALID', { cause, message: 'Not a PKCS#10 request' });
          }
          if (!keyType || !options.keyTypes.includes(keyType)) throw new ProviderApiError('rejected', { status: 422, reason: 'key-type' });
        }
        return backingCa.submitCsr(csrPem, { requestId: call.requestId });
      }),
    // The backing CA's ledger keeps the request id of each certificate, so the answer survives the simulator.
    certificateFor: (requestId, call) => serve('find', call, (backingCa) => backingCa.certificateFor(requestId)),
    revoke: (serial, reason, call) => serve('revoke', call, (backingCa) => backingCa.revoke(serial, reason)),
    status: (serial, call) => serve('status', call, (backingCa) => backingCa.status(serial)),
    crl: (call) => serve('crl', call, (backingCa) => backingCa.crl()),
    caCertificatePem: (call) => serve('ca-certificate', call, (backingCa) => backingCa.caCertificatePem()),
    close: async () => {
      const opened = backing;
      backing = undefined;
      if (opened) await (await opened.catch(() => undefined))?.close();
    },
  };
}
