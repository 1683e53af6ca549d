import { assign, setup, transition, type SnapshotFrom } from 'xstate';
import type { ErrorCode } from '../errors/registry.ts';

/**
 * The life of one signing token, as a statechart both the counter and the server run, so both
 * refuse the same illegal changes:
 *
 *   inStock ──issue──▶ issued ──block──▶ blocked ──unblock──▶ issued
 *                        │ ▲                │
 *                 suspend│ │resume          │
 *                        ▼ │                │
 *                     suspended             │
 *        issued / suspended / blocked ──revoke──▶ revoked     (no way back)
 *        issued / suspended / blocked ──replace─▶ replaced    (no way back)
 *
 * A failed issuance never leaves `inStock`: the token is wiped and stays in stock for
 * re-issue (`token.issue` is only sent once the test signature verified). `revoked` and
 * `replaced` are not `final` on purpose: an event sent there is recorded as refused
 * (`lastErrorCode`), the same as anywhere else, instead of being silently dropped.
 */

/** Why a certificate is revoked or suspended; the CA maps these to RFC 5280 CRL reason codes. */
export const tokenRevocationReasons = ['lost', 'key-compromise', 'holder-request', 'superseded', 'data-error'] as const;
export type TokenRevocationReason = (typeof tokenRevocationReasons)[number];

/** Why a clerk unblocked a token's PIN, recorded with the unblock. */
export const tokenUnblockReasons = ['pin-forgotten', 'pin-blocked'] as const;
export type TokenUnblockReason = (typeof tokenUnblockReasons)[number];

export type TokenLifecycleEvent =
  | { type: 'token.issue'; certificateSerial: string }
  | { type: 'token.block' }
  | { type: 'token.unblock' }
  | { type: 'token.suspend'; reason: TokenRevocationReason }
  | { type: 'token.resume' }
  | { type: 'token.revoke'; reason: TokenRevocationReason }
  | { type: 'token.replace'; replacementSerial: string };

export interface TokenLifecycleContext {
  tokenSerial: string;
  /** The certificate on the token once issued (hex serial as the CA gave it). */
  certificateSerial: string | null;
  reason: TokenRevocationReason | null;
  replacedBy: string | null;
  lastErrorCode: ErrorCode | null;
}

export interface TokenLifecycleInput {
  tokenSerial: string;
}

const isCertificateSerial = (serial: string): boolean => /^[0-9a-f]{2,64}$/i.test(serial);

export const tokenLifecycleMachine = setup({
  types: {
    context: {} as TokenLifecycleContext,
    events: {} as TokenLifecycleEvent,
    input: {} as TokenLifecycleInput,
  },
  guards: {
    hasCertificateSerial: ({ event }) => event.type === 'token.issue' && isCertificateSerial(event.certificateSerial),
    isOtherToken: ({ context, event }) =>
      event.type === 'token.replace' && event.replacementSerial.length > 0 && event.replacementSerial !== context.tokenSerial,
  },
  actions: {
    recordIssue: assign(({ event }) => ({
      certificateSerial: event.type === 'token.issue' ? event.certificateSerial : null,
      reason: null,
      lastErrorCode: null,
    })),
    recordReason: assign(({ event }) => ({
      reason: event.type === 'token.revoke' || event.type === 'token.suspend' ? event.reason : null,
      lastErrorCode: null,
    })),
    recordReplacement: assign(({ event }) => ({
      replacedBy: event.type === 'token.replace' ? event.replacementSerial : null,
      reason: 'superseded' as const,
      lastErrorCode: null,
    })),
    clearReason: assign({ reason: null, lastErrorCode: null }),
    clearError: assign({ lastErrorCode: null }),
    refuse: assign({ lastErrorCode: 'DK_ERR_TOKEN_TRANSITION_ILLEGAL' as const }),
  },
}).createMachine({
  id: 'tokenLifecycle',
  initial: 'inStock',
  context: ({ input }) => ({
    tokenSerial: input.tokenSerial,
    certificateSerial: null,
    reason: null,
    replacedBy: null,
    lastErrorCode: null,
  }),
  // Every event a state does not take lands here: refused and recorded, state unchanged.
  on: { '*': { actions: 'refuse' } },
  states: {
    inStock: {
      on: { 'token.issue': { guard: 'hasCertificateSerial', target: 'issued', actions: 'recordIssue' } },
    },
    issued: {
      on: {
        'token.block': { target: 'blocked', actions: 'clearError' },
        'token.suspend': { target: 'suspended', actions: 'recordReason' },
        'token.revoke': { target: 'revoked', actions: 'recordReason' },
        'token.replace': { guard: 'isOtherToken', target: 'replaced', actions: 'recordReplacement' },
      },
    },
    blocked: {
      on: {
        'token.unblock': { target: 'issued', actions: 'clearError' },
        'token.revoke': { target: 'revoked', actions: 'recordReason' },
        'token.replace': { guard: 'isOtherToken', target: 'replaced', actions: 'recordReplacement' },
      },
    },
    suspended: {
      on: {
        'token.resume': { target: 'issued', actions: 'clearReason' },
        'token.revoke': { target: 'revoked', actions: 'recordReason' },
        'token.replace': { guard: 'isOtherToken', target: 'replaced', actions: 'recordReplacement' },
      },
    },
    revoked: {},
    replaced: {},
  },
});

export type TokenLifecycleSnapshot = SnapshotFrom<typeof tokenLifecycleMachine>;
export const tokenLifecycleStates = ['inStock', 'issued', 'blocked', 'suspended', 'revoked', 'replaced'] as const;
export type TokenLifecycleState = (typeof tokenLifecycleStates)[number];

/** What a stored token row needs to rebuild its snapshot (the server keeps only these). */
export interface TokenLifecycleRecord {
  state: TokenLifecycleState;
  tokenSerial: string;
  certificateSerial: string | null;
  reason: TokenRevocationReason | null;
  replacedBy: string | null;
}

/**
 * One step, pure: the next record, or the code saying why the change is refused. The server
 * calls this before writing a token event; the counter's actor runs the same machine.
 */
export function applyTokenEvent(
  record: TokenLifecycleRecord,
  event: TokenLifecycleEvent,
): { ok: true; record: TokenLifecycleRecord } | { ok: false; code: ErrorCode } {
  const { state, ...rest } = record;
  const snapshot = tokenLifecycleMachine.resolveState({ value: state, context: { ...rest, lastErrorCode: null } });
  const [next] = transition(tokenLifecycleMachine, snapshot, event);
  if (next.context.lastErrorCode !== null || (next.value === state && next.context === snapshot.context)) {
    return { ok: false, code: next.context.lastErrorCode ?? 'DK_ERR_TOKEN_TRANSITION_ILLEGAL' };
  }
  const { lastErrorCode: _ignored, ...context } = next.context;
  return { ok: true, record: { state: next.value as TokenLifecycleState, ...context } };
}
