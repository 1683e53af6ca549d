import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { DangkyError } from '@dangky/core/errors';
import { providerId } from '@dangky/core/schemas';

/**
 * Faults a simulated provider CA plays, for tests and the demo. A fault names a mode and, for
 * the transient ones, how many attempts of each request fail before the CA answers normally
 * (absent: every attempt — the CA is down):
 *
 *   unreachable     connection refused                       → retried, then DK_ERR_CA_UNAVAILABLE
 *   timeout         the CA does the work but the answer never arrives → retried, then DK_ERR_CA_UNAVAILABLE
 *   server-error    HTTP 503 (default: the first 2 attempts)  → retried
 *   rate-limited    HTTP 429 with Retry-After `retryAfterMs`  → retried after it when the budget allows
 *   reject-subject  HTTP 422 on an enrolment                  → DK_ERR_CA_REQUEST_INVALID at once
 *   revoke-unknown  HTTP 404 on a revocation                  → DK_ERR_CA_SERIAL_UNKNOWN at once
 *
 * The fault file (the agent's `--ca-fault-file`) is JSON, re-read on every request, so a test
 * or the demo flips a CA down and up without restarting anything:
 *
 *   { "vnpt": "unreachable", "viettel": { "mode": "server-error", "failures": 1 }, "*": null }
 *
 * Keys are provider ids (`builtin` for the built-in CA) or `*` for every CA; `null` or a
 * missing file means no fault. `--ca-fault vnpt:unreachable` (or `vnpt:server-error:1`) sets
 * the same from the command line; the file wins where both name a CA.
 */

export const caFaultModes = ['unreachable', 'timeout', 'server-error', 'rate-limited', 'reject-subject', 'revoke-unknown'] as const;
export const caFaultMode = z.enum(caFaultModes);
export type CaFaultMode = z.infer<typeof caFaultMode>;

export const caFault = z.strictObject({
  mode: caFaultMode,
  /** Attempts of each request that fail before a normal answer; absent = all (transient modes only). */
  failures: z.number().int().min(0).max(1_000).optional(),
  /** Retry-After of `rate-limited`, ms. Default 1,000. */
  retryAfterMs: z.number().int().min(0).max(600_000).optional(),
});
export type CaFault = z.infer<typeof caFault>;

const caKey = z.union([providerId, z.literal('*')]);
export const caFaultFile = z.record(caKey, z.union([caFaultMode.transform((mode): CaFault => ({ mode })), caFault]).nullable());
export type CaFaults = Partial<Record<string, CaFault | null>>;
/** The fault file as written (a bare mode string stands for `{ mode }`). */
export type CaFaultFileContent = z.input<typeof caFaultFile>;

/** `vnpt:unreachable`, `viettel:server-error:1`, `*:timeout`; throws DK_ERR_VALIDATION. */
export function parseCaFaultFlag(text: string): [string, CaFault] {
  const [who, mode, failures, extra] = text.split(':');
  const key = caKey.safeParse(who);
  const parsedMode = caFaultMode.safeParse(mode);
  const count = failures === undefined ? undefined : Number(failures);
  if (!key.success || !parsedMode.success || extra !== undefined || (count !== undefined && (!Number.isInteger(count) || count < 0))) {
    throw new DangkyError('DK_ERR_VALIDATION', {
      message: `--ca-fault must be <provider|*>:<${caFaultModes.join('|')}>[:<failures>], got ${JSON.stringify(text)}`,
    });
  }
  return [key.data, { mode: parsedMode.data, ...(count !== undefined ? { failures: count } : {}) }];
}

export type FaultSource = (caId: string) => Promise<CaFault | undefined>;

const pick = (faults: CaFaults, caId: string): CaFault | null | undefined => (Object.hasOwn(faults, caId) ? faults[caId] : faults['*']);

/**
 * The fault a CA plays now: from `file` (re-read each time; missing = none; unparsable = none,
 * said once on stderr so a typo in a test harness is visible), then from `fixed`.
 */
export function faultSource(options: { file?: string; fixed?: CaFaults } = {}): FaultSource {
  let warned = '';
  return async (caId) => {
    if (options.file) {
      let text: string | undefined;
      try {
        text = await readFile(options.file, 'utf8');
      } catch {
        text = undefined;
      }
      if (text !== undefined && text.trim() !== '') {
        let parsed: ReturnType<typeof caFaultFile.safeParse>;
        try {
          parsed = caFaultFile.safeParse(JSON.parse(text));
        } catch {
          parsed = caFaultFile.safeParse(undefined);
        }
        if (parsed.success) {
          const fromFile = pick(parsed.data, caId);
          if (fromFile !== undefined) return fromFile ?? undefined;
        } else if (warned !== text) {
          warned = text;
          console.error(
            `hardware:ca: the CA fault file ${options.file} is not valid; no fault applied (${parsed.error.issues[0]?.message ?? 'invalid'})`,
          );
        }
      }
    }
    return options.fixed ? (pick(options.fixed, caId) ?? undefined) : undefined;
  };
}
