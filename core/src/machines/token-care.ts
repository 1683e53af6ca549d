import { and, assign, fromPromise, setup, type SnapshotFrom } from 'xstate';
import type { ErrorCode } from '../errors/registry.ts';
import { errorCodeOf } from '../errors/dangky-error.ts';
import type { TokenSlot } from '../agent/messages/token.ts';
import type { IssuedCertificate } from '../events/event-types.ts';
import {
  applyTokenEvent,
  type TokenLifecycleEvent,
  type TokenLifecycleRecord,
  type TokenLifecycleState,
  type TokenRevocationReason,
  type TokenUnblockReason,
} from '../token/token-lifecycle.ts';
import type { TokenCareRecord } from '../events/outcome-event.ts';
import { holderEvidence, tokenCareGate, type TokenCareRequest } from '../gates/token-care-gate.ts';
import {
  approvedEvidence,
  counterChipEvidence,
  noEvidence,
  type CounterChipRead,
  type IdentityEvidence,
} from '../gates/identity-evidence.ts';
import { identityGate, type IdentityDecision } from '../gates/identity-gate.ts';
import type { IdentityCheck } from '../events/event-types.ts';
import type { Identity } from '../schemas/identity.ts';
import { pinEntryActions, pinEntryGuards, pinTwiceStates, pinWiped, type PinEntryContext, type PinEntryEvent } from './pin-entry.ts';
import { oneTimePin, type OneTimePin } from './token-issuance.ts';

/**
 * "Tra cứu token" at the counter: after issuance, the clerk finds an issued token and
 * either unblocks the citizen's PIN or revokes the certificate. As a statechart:
 *
 *   find ──lookup──▶ finding ──one──▶ choose ──unblock──▶ unblock.insert ──token in──▶ unblock.pin (first → confirm)
 *     ▲                 │ many ▶ picking ─┘  │                                               │ typed twice, policy-checked
 *     │                 ▼ none: notFound     └──revoke──▶ revoke.form ▶ revoke.confirm      ▼
 *     │                                                         │                     unblock.unblocking
 *     │                                                         ▼                          │
 *     │                                                   revoke.revoking ─────────▶ recording ──▶ done
 *     └──── care.abandon ──── failed (code; care.retry goes back to the step that failed) ◀──┘
 *
 * The SO PIN never appears here: the agent reads it from the site's secret store. The citizen's
 * new PIN lives in `entry` / `firstEntry` only during PIN entry; it is handed to the
 * `unblockToken` actor as a one-time value and wiped from the context by the entry action of
 * `unblocking`'s child (after the invoke read its input, the same order as the issuance), and by
 * every other way out of PIN entry. Whether an unblock or a revocation is allowed at all is asked
 * of core's token lifecycle statechart — the same rule the server's fold applies — so the clerk
 * is not offered what the server would refuse. Nor is a care offered for whoever asks: core's
 * token-care gate wants the holder identified now, through the same identity gate as issuance —
 * the holder's card read on this counter's reader (`holder.read`: a genuine chip that agrees
 * identifies them; a genuine chip that disagrees refuses the care, papers not offered; an
 * unverified chip that disagrees needs a site manager's approval, `holder.approved`, then the
 * papers), or the clerk compared the holder's papers (`holder.checked`) — or, for a revocation
 * only, an authority's written request, whose name and document reference the event records
 * (`authority.given`). The audited event (`token.pin-unblocked` /
 * `token.revoked`) is written by `recordCare` only after the agent did the work.
 */

/** An issued token as "Tra cứu token" finds it in the counter's synced registrations. */
export interface CareTarget {
  registrationId: string;
  ticket: string;
  fullName: string;
  tokenSerial: string;
  /** Recorded with the issuance when the counter's agent issued it; `null` on older records. */
  certificate: IssuedCertificate | null;
  lifecycle: TokenLifecycleState;
  /** The registration's identity evidence (what the counter's chip reads recorded); none when absent. */
  evidence?: IdentityEvidence;
  /** What the holder's card is opened with and compared to (the registration as corrected); on screen only. */
  holder?: Pick<Identity, 'idNumber' | 'fullName' | 'birthDate' | 'sex'>;
}

/** What the CA said after revoking (from the agent's `token.revoke`). */
export interface CareRevocation {
  certificateSerial: string;
  revokedAt: string;
  /** The CA's CRL, read back, lists the certificate. */
  inCrl: boolean;
}

export type CareStep = 'lookup' | 'unblock' | 'revoke' | 'record';

export interface CareFailure {
  code: ErrorCode;
  /** What failed; `care.retry` goes back there. */
  during: CareStep;
}

export interface TokenCareContext extends PinEntryContext {
  query: string;
  found: CareTarget[];
  notFound: boolean;
  target: CareTarget | null;
  /** An action the token's lifecycle does not allow (e.g. unblocking a revoked token). */
  refused: ErrorCode | null;
  slots: TokenSlot[];
  /** The target token in the reader, once the clerk inserted it (unblock). */
  slot: TokenSlot | null;
  unblockReason: TokenUnblockReason;
  revokeReason: TokenRevocationReason;
  /** Prefilled from the recorded certificate; typed from the receipt when none was recorded. */
  certificateSerial: string;
  revocation: CareRevocation | null;
  record: TokenCareRecord | null;
  failure: CareFailure | null;
  /** The clerk compared the holder's ID card with the registration, now, at this counter. */
  holderChecked: boolean;
  /** A revocation asked for in writing by an authority instead of the holder. */
  authority: { authority: string; documentRef: string } | null;
}

export interface UnblockTokenInput {
  slotId: string;
  tokenSerial: string;
  newUserPin: OneTimePin;
}
export interface RevokeCertificateInput {
  tokenSerial: string;
  certificateSerial: string;
  reason: TokenRevocationReason;
  /** The provider whose CA issued the certificate, when the issuance recorded it (else the agent's default CA). */
  providerId?: string;
}
export interface RecordCareInput {
  target: CareTarget;
  record: TokenCareRecord;
}

export type TokenCareEvent =
  | { type: 'lookup.submitted'; query: string }
  | { type: 'target.picked'; registrationId: string }
  | { type: 'unblock.chosen'; reason: TokenUnblockReason }
  | { type: 'revoke.chosen' }
  /** The clerk compared the holder's papers ("Tôi đã đối chiếu giấy tờ của người giữ token"). */
  | { type: 'holder.checked' }
  /** The holder's card was read on this counter's reader and recorded as `identity.chip-read` (id `readId`). */
  | ({ type: 'holder.read'; readId: string } & CounterChipRead)
  /** A site manager approved that read's disagreement with their own sign-in (`identity.mismatch-approved` recorded). */
  | { type: 'holder.approved'; chipReadId: string; approvedBy: string }
  /** An authority asked in writing for the revocation: who, and their document's reference. */
  | { type: 'authority.given'; authority: string; documentRef: string }
  | { type: 'revoke.reason'; reason: TokenRevocationReason }
  | { type: 'revoke.serial'; serial: string }
  | { type: 'revoke.next' }
  | { type: 'revoke.confirm' }
  | { type: 'slots.changed'; slots: TokenSlot[] }
  | PinEntryEvent
  | { type: 'care.back' }
  | { type: 'care.retry' }
  | { type: 'care.abandon' }
  | { type: 'care.close' };

/** Defaults in ms; apps and tests override them with `.provide({ delays })`. */
export const CARE_PIN_IDLE_MS = 90_000;
/** Unblock (C_InitPIN + login) and revoke (CA + CRL) are quick; a minute means the agent or CA is stuck. */
export const CARE_AGENT_DEADLINE_MS = 60_000;

/** What the clerk may type to find a token: a 12-digit ID number, a ticket, or a token serial. */
export const careQueryPattern = /^[A-Za-z0-9-]{4,32}$/;
/** As printed on the receipt: hex, colons and case ignored (the agent normalises). */
export const certificateSerialPattern = /^[0-9a-fA-F:]{2,96}$/;

/** Whether the token lifecycle allows the change, asked the way the server's fold asks it. */
export function careAllowed(lifecycle: TokenLifecycleState, action: 'unblock' | 'revoke'): boolean {
  let current: TokenLifecycleRecord = { state: lifecycle, tokenSerial: 'care', certificateSerial: '00', reason: null, replacedBy: null };
  // An unblock records the block the counter found first, so from `issued` it is block → unblock.
  const steps: TokenLifecycleEvent[] =
    action === 'revoke'
      ? [{ type: 'token.revoke', reason: 'lost' }]
      : lifecycle === 'issued'
        ? [{ type: 'token.block' }, { type: 'token.unblock' }]
        : [{ type: 'token.unblock' }];
  for (const step of steps) {
    const next = applyTokenEvent(current, step);
    if (!next.ok) return false;
    current = next.record;
  }
  return true;
}

type HolderContext = Pick<TokenCareContext, 'target' | 'holderChecked'>;

/**
 * Who stands at the counter, as the identity gate decides it on the holder's evidence (this
 * counter's chip read and its approval) and the papers: what the panel shows, with the remedies
 * that make sense after issuance (a registration is no longer corrected nor cancelled then).
 */
export function careIdentityDecision(context: HolderContext): IdentityDecision {
  const decision = identityGate(holderEvidence(context.target?.evidence ?? noEvidence), context.holderChecked);
  return decision.ok
    ? decision
    : { ...decision, remedies: decision.remedies.filter((r) => r === 'read-chip' || r === 'check-documents' || r === 'manager-approval') };
}

/** The check the care event claims, once the holder is identified: their agreeing chip, or the papers. */
export function careIdentityCheck(context: HolderContext): IdentityCheck | undefined {
  const decision = careIdentityDecision(context);
  return decision.ok ? decision.check : undefined;
}

/** What core's token-care gate is asked: how the holder was identified, and who asked for a revocation. */
function careRequest(
  context: Pick<TokenCareContext, 'target' | 'holderChecked' | 'authority'>,
  action: 'unblock' | 'revoke',
): TokenCareRequest {
  const identityCheck = careIdentityCheck(context);
  return {
    action,
    ...(identityCheck ? { identityCheck } : {}),
    ...(action === 'revoke'
      ? { requestedBy: context.authority ? { kind: 'authority' as const, ...context.authority } : { kind: 'holder' as const } }
      : {}),
  };
}

/** Why the care cannot be done now: the token's lifecycle, or the holder not identified; `null` when it can. */
export function careProblem(
  context: Pick<TokenCareContext, 'target' | 'holderChecked' | 'authority'>,
  action: 'unblock' | 'revoke',
): ErrorCode | null {
  if (!context.target) return 'DK_ERR_ILLEGAL_TRANSITION';
  if (!careAllowed(context.target.lifecycle, action)) return 'DK_ERR_TOKEN_TRANSITION_ILLEGAL';
  const decision = tokenCareGate(context.target.evidence ?? noEvidence, careRequest(context, action));
  return decision.ok ? null : decision.code;
}

const withCheck = (identityCheck: IdentityCheck | undefined) => (identityCheck ? { identityCheck } : {});

const slotFor = (target: CareTarget | null, slots: TokenSlot[]): TokenSlot | undefined =>
  target ? slots.find((s) => s.serial === target.tokenSerial) : undefined;

export const tokenCareMachine = setup({
  types: {
    context: {} as TokenCareContext,
    events: {} as TokenCareEvent,
  },
  actors: {
    findTokens: fromPromise<CareTarget[], { query: string }>(async () => {
      throw new Error('tokenCareMachine: provide a findTokens actor');
    }),
    unblockToken: fromPromise<void, UnblockTokenInput>(async () => {
      throw new Error('tokenCareMachine: provide an unblockToken actor');
    }),
    revokeCertificate: fromPromise<CareRevocation, RevokeCertificateInput>(async () => {
      throw new Error('tokenCareMachine: provide a revokeCertificate actor');
    }),
    recordCare: fromPromise<void, RecordCareInput>(async () => {
      throw new Error('tokenCareMachine: provide a recordCare actor');
    }),
  },
  delays: {
    pinIdle: CARE_PIN_IDLE_MS,
    agentDeadline: CARE_AGENT_DEADLINE_MS,
  },
  guards: {
    ...pinEntryGuards,
    isQueryValid: ({ event }) => event.type === 'lookup.submitted' && careQueryPattern.test(event.query.trim()),
    foundOne: ({ event }) => (event as { output?: CareTarget[] }).output?.length === 1,
    foundMany: ({ event }) => ((event as { output?: CareTarget[] }).output?.length ?? 0) > 1,
    isKnownPick: ({ context, event }) =>
      event.type === 'target.picked' && context.found.some((t) => t.registrationId === event.registrationId),
    canUnblock: ({ context }) => careProblem(context, 'unblock') === null,
    canRevoke: ({ context }) => careProblem(context, 'revoke') === null,
    isTokenInserted: ({ context }) => slotFor(context.target, context.slots) !== undefined,
    isTokenGone: ({ context, event }) =>
      event.type === 'slots.changed' && context.slot !== null && !event.slots.some((s) => s.serial === context.slot!.serial),
    isSerialValid: ({ context }) => certificateSerialPattern.test(context.certificateSerial.trim()),
    failedDuring: ({ context }, step: CareStep) => context.failure?.during === step,
  },
  actions: {
    ...pinEntryActions<TokenCareContext, TokenCareEvent>(),
    resetAll: assign({
      query: '',
      found: [],
      notFound: false,
      target: null,
      refused: null,
      slot: null,
      unblockReason: 'pin-blocked' as TokenUnblockReason,
      revokeReason: 'lost' as TokenRevocationReason,
      certificateSerial: '',
      ...pinWiped,
      pinProblem: null,
      revocation: null,
      record: null,
      failure: null,
      holderChecked: false,
      authority: null,
    }),
    rememberQuery: assign(({ event }) =>
      event.type === 'lookup.submitted' ? { query: event.query.trim(), notFound: false, failure: null } : {},
    ),
    keepFound: assign(({ event }) => {
      const found = (event as { output?: CareTarget[] }).output ?? [];
      return { found, target: found.length === 1 ? found[0]! : null, notFound: found.length === 0, holderChecked: false, authority: null };
    }),
    pickTarget: assign(({ context, event }) =>
      event.type === 'target.picked'
        ? { target: context.found.find((t) => t.registrationId === event.registrationId) ?? null, holderChecked: false, authority: null }
        : {},
    ),
    prepareTarget: assign(({ context }) => ({
      certificateSerial: context.target?.certificate?.serial ?? '',
      refused: null,
      failure: null,
    })),
    refuse: assign(({ context }, action: 'unblock' | 'revoke') => ({ refused: careProblem(context, action) })),
    checkHolder: assign({ holderChecked: true, refused: null }),
    keepHolderRead: assign(({ context, event }) => {
      if (event.type !== 'holder.read' || !context.target) return {};
      const { type: _type, readId, ...read } = event;
      const evidence = counterChipEvidence(context.target.evidence ?? noEvidence, readId, read);
      return { target: { ...context.target, evidence }, refused: null };
    }),
    keepHolderApproval: assign(({ context, event }) => {
      if (event.type !== 'holder.approved' || !context.target) return {};
      const evidence = approvedEvidence(context.target.evidence ?? noEvidence, event);
      return evidence ? { target: { ...context.target, evidence }, refused: null } : {};
    }),
    keepAuthority: assign(({ event }) =>
      event.type === 'authority.given'
        ? { authority: { authority: event.authority.trim(), documentRef: event.documentRef.trim() }, refused: null }
        : {},
    ),
    rememberSlots: assign(({ event }) => (event.type === 'slots.changed' ? { slots: event.slots } : {})),
    takeSlot: assign(({ context }) => ({ slot: slotFor(context.target, context.slots) ?? null })),
    forgetSlot: assign({ slot: null }),
    keepUnblockReason: assign(({ event }) => (event.type === 'unblock.chosen' ? { unblockReason: event.reason } : {})),
    keepRevokeReason: assign(({ event }) => (event.type === 'revoke.reason' ? { revokeReason: event.reason } : {})),
    keepSerial: assign(({ event }) => (event.type === 'revoke.serial' ? { certificateSerial: event.serial.slice(0, 96) } : {})),
    recordUnblock: assign(({ context }) => ({
      record: {
        kind: 'pin-unblocked',
        reason: context.unblockReason,
        ...withCheck(careIdentityCheck(context)),
      } satisfies TokenCareRecord,
    })),
    recordRevocation: assign(({ context, event }) => {
      const revocation = (event as { output?: CareRevocation }).output ?? null;
      return revocation
        ? {
            revocation,
            record: {
              kind: 'revoked',
              reason: context.revokeReason,
              certificateSerial: revocation.certificateSerial,
              ...withCheck(context.authority ? undefined : careIdentityCheck(context)),
              requestedBy: context.authority ? { kind: 'authority', ...context.authority } : { kind: 'holder' },
            } satisfies TokenCareRecord,
          }
        : {};
    }),
    fail: assign(({ event }, during: CareStep) => ({ failure: { code: errorCodeOf((event as { error?: unknown }).error), during } })),
    failTimeout: assign((_, during: CareStep) => ({ failure: { code: 'DK_ERR_TOKEN_TIMEOUT' as const, during } })),
    failRemoved: assign({ failure: { code: 'DK_ERR_TOKEN_NOT_PRESENT', during: 'unblock' } satisfies CareFailure }),
    clearFailure: assign({ failure: null }),
  },
}).createMachine({
  id: 'tokenCare',
  context: {
    query: '',
    found: [],
    notFound: false,
    target: null,
    refused: null,
    slots: [],
    slot: null,
    unblockReason: 'pin-blocked',
    revokeReason: 'lost',
    certificateSerial: '',
    entry: '',
    firstEntry: null,
    pinProblem: null,
    revocation: null,
    record: null,
    failure: null,
    holderChecked: false,
    authority: null,
  },
  initial: 'find',
  on: { 'slots.changed': { actions: 'rememberSlots' } },
  states: {
    /** The clerk types the citizen's ID number, the ticket, or the token serial. */
    find: {
      entry: 'resetAll',
      on: { 'lookup.submitted': { guard: 'isQueryValid', target: 'finding', actions: 'rememberQuery' } },
    },
    finding: {
      entry: 'clearFailure',
      invoke: {
        id: 'findTokens',
        src: 'findTokens',
        input: ({ context }) => ({ query: context.query }),
        onDone: [
          { guard: 'foundOne', target: 'choose', actions: 'keepFound' },
          { guard: 'foundMany', target: 'picking', actions: 'keepFound' },
          { target: 'notFound', actions: 'keepFound' },
        ],
        onError: { target: 'failed', actions: { type: 'fail', params: 'lookup' } },
      },
    },
    /** Nothing issued matches: the query stays on screen, the clerk types another. */
    notFound: {
      on: {
        'lookup.submitted': { guard: 'isQueryValid', target: 'finding', actions: 'rememberQuery' },
        'care.close': 'find',
      },
    },
    /** The citizen holds more than one issued token: the clerk picks which. */
    picking: {
      on: {
        'target.picked': { guard: 'isKnownPick', target: 'choose', actions: 'pickTarget' },
        'care.close': 'find',
      },
    },
    choose: {
      entry: ['prepareTarget', 'forgetSlot', 'wipePin'],
      on: {
        'holder.checked': { actions: 'checkHolder' },
        'holder.read': { actions: 'keepHolderRead' },
        'holder.approved': { actions: 'keepHolderApproval' },
        'authority.given': {
          guard: ({ event }) => event.authority.trim().length >= 2 && event.documentRef.trim().length >= 1,
          actions: 'keepAuthority',
        },
        'unblock.chosen': [
          { guard: 'canUnblock', target: 'unblock', actions: 'keepUnblockReason' },
          { actions: { type: 'refuse', params: 'unblock' } },
        ],
        'revoke.chosen': [{ guard: 'canRevoke', target: 'revoke' }, { actions: { type: 'refuse', params: 'revoke' } }],
        'care.close': 'find',
      },
    },
    unblock: {
      entry: 'clearFailure',
      initial: 'insert',
      states: {
        /** The SO PIN step happens in the agent; here the clerk inserts the citizen's token. */
        insert: {
          entry: ['forgetSlot', 'wipePin'],
          always: { guard: 'isTokenInserted', target: 'pin', actions: 'takeSlot' },
          on: { 'care.back': '#tokenCare.choose' },
        },
        /** The citizen types a new PIN twice; every way out wipes it. */
        pin: {
          initial: 'first',
          on: {
            'slots.changed': { guard: 'isTokenGone', target: '#tokenCare.failed', actions: ['rememberSlots', 'wipePin', 'failRemoved'] },
            'pin.digit': { guard: and(['isDigit', 'hasRoom']), actions: 'appendDigit' },
            'pin.erase': { actions: 'eraseDigit' },
            'pin.cancel': '#tokenCare.choose',
            'care.back': '#tokenCare.choose',
          },
          after: { pinIdle: '#tokenCare.choose' },
          states: pinTwiceStates('#tokenCare.unblock.unblocking'),
        },
        unblocking: {
          invoke: {
            id: 'unblockToken',
            src: 'unblockToken',
            input: ({ context }) => ({
              slotId: context.slot!.slotId,
              tokenSerial: context.slot!.serial,
              newUserPin: oneTimePin(context.firstEntry ?? ''),
            }),
            onDone: { target: '#tokenCare.recording', actions: 'recordUnblock' },
            onError: { target: '#tokenCare.failed', actions: { type: 'fail', params: 'unblock' } },
          },
          initial: 'running',
          states: {
            // Entered after the parent's invoke read its input: the PIN leaves the context here.
            running: { entry: 'wipePin' },
          },
          after: { agentDeadline: { target: '#tokenCare.failed', actions: { type: 'failTimeout', params: 'unblock' } } },
        },
      },
    },
    revoke: {
      entry: 'clearFailure',
      initial: 'form',
      states: {
        form: {
          on: {
            'revoke.reason': { actions: 'keepRevokeReason' },
            'revoke.serial': { actions: 'keepSerial' },
            'revoke.next': { guard: 'isSerialValid', target: 'confirm' },
            'care.back': '#tokenCare.choose',
          },
        },
        /** "This cannot be undone": the clerk confirms once more. */
        confirm: {
          on: { 'revoke.confirm': 'revoking', 'care.back': 'form' },
        },
        revoking: {
          invoke: {
            id: 'revokeCertificate',
            src: 'revokeCertificate',
            input: ({ context }) => ({
              tokenSerial: context.target!.tokenSerial,
              certificateSerial: context.certificateSerial.trim(),
              reason: context.revokeReason,
              ...(context.target!.certificate ? { providerId: context.target!.certificate.providerId } : {}),
            }),
            onDone: { target: '#tokenCare.recording', actions: 'recordRevocation' },
            onError: { target: '#tokenCare.failed', actions: { type: 'fail', params: 'revoke' } },
          },
          after: { agentDeadline: { target: '#tokenCare.failed', actions: { type: 'failTimeout', params: 'revoke' } } },
        },
      },
    },
    /** The agent did it: the audited event goes to the outbox. */
    recording: {
      entry: 'clearFailure',
      invoke: {
        id: 'recordCare',
        src: 'recordCare',
        input: ({ context }) => ({ target: context.target!, record: context.record! }),
        onDone: 'done',
        onError: { target: 'failed', actions: { type: 'fail', params: 'record' } },
      },
    },
    done: {
      on: { 'care.close': 'find' },
    },
    /** What happened, in the clerk's words (the code's message); retry goes back to the step that failed. */
    failed: {
      entry: 'wipePin',
      on: {
        'care.retry': [
          { guard: { type: 'failedDuring', params: 'lookup' }, target: 'finding' },
          { guard: { type: 'failedDuring', params: 'unblock' }, target: 'unblock' },
          { guard: { type: 'failedDuring', params: 'revoke' }, target: 'revoke.confirm' },
          { guard: { type: 'failedDuring', params: 'record' }, target: 'recording' },
        ],
        'care.abandon': 'find',
      },
    },
  },
});

export type TokenCareSnapshot = SnapshotFrom<typeof tokenCareMachine>;
