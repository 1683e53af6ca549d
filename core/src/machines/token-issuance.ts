import { and, assign, fromCallback, not, setup, type SnapshotFrom } from 'xstate';
import type { ErrorCode } from '../errors/registry.ts';
import { isBlankToken, isIssuableToken, type TokenIssueStep, type TokenKeyType, type TokenSlot } from '../agent/messages/token.ts';
import { pinEntryActions, pinEntryGuards, pinTwiceStates, type PinEntryContext, type PinEntryEvent } from './pin-entry.ts';

/**
 * Issuing one signing token at the counter, as a statechart:
 *
 *   resuming ──nothing recorded──▶ waiting ──blank token seen──▶ present ──pin.begin──▶ pin.first ──▶ pin.confirm ──▶ issuing ──▶ issued
 *                                                        (stock checked, then ready)
 *      ▲                            │                      (typed twice, policy-checked)    │
 *      └──── issuance.retry ──── failed ◀── token pulled out / issue.failed / deadline ◀────┘
 *
 * The token comes from the agent's slot notifications (`slots.changed`, the whole list each
 * time): the machine picks the first blank one, and notices when it leaves. The citizen types
 * the PIN on a keypad facing them; it lives only in this machine's context (`entry`,
 * `firstEntry`) until `issuing` is entered, where it is handed to the `issueToken` actor's input
 * and wiped at once — by the entry action of `issuing`'s first child, which XState runs after
 * the parent's invoke has read its input (a test guards this order). Every way out of PIN entry
 * wipes it too. `issued` is reached only by `issue.succeeded` with a verified receipt for the
 * token that was inserted; anything else ends in `failed` with a code and whether the token was
 * wiped, never in `issued`.
 *
 * It starts in `resuming`: the agent journals each issuance by registration, so after a reload or
 * a browser restart the counter first asks it where this registration's issuance stands
 * (`findIssuance`) — still running (`following`: the progress is shown and the agent's answer
 * awaited, with no PIN and no new request), issued (`issued`, with the earlier run's receipt, so
 * the app records `token.issued` once), failed (`failed`, saying what happened), or nothing
 * (`waiting`). An agent that cannot answer leaves it to `waiting`: the agent itself refuses to
 * start a second issuance for the registration (core's `issuanceStart`).
 *
 * A token just seen is first checked against the site's stock by its serial (`checkStock`,
 * core's `stockRefusal` on the server's answer): only a token the site holds gets the PIN keypad;
 * otherwise the clerk reads why (`stockRefused`) and checks again or uses another token.
 */

export interface IssuanceSubject {
  fullName: string;
  idNumber: string;
  province: string;
}

/** What the counter shows and prints once the test signature verified. */
export interface IssuanceReceipt {
  tokenSerial: string;
  keyType: TokenKeyType;
  certificateSerial: string;
  /** ISO instants from the certificate. */
  notBefore: string;
  notAfter: string;
  verified: true;
  algorithm: string;
}

export interface IssuanceFailure {
  code: ErrorCode;
  /** The step that failed, when issuing had started. */
  step: TokenIssueStep | null;
  /** The token was erased after the failure; `false` = set it aside for re-issue; `null` = nothing had been written. */
  wiped: boolean | null;
}

export interface TokenIssuanceInput {
  /** The registration the token is for: the agent's journal key. Absent: nothing to resume. */
  registrationId?: string;
  subject: IssuanceSubject;
  /** The key to generate: the first the provider's catalogue lists for tokens, until the clerk picks another. */
  keyType: TokenKeyType;
  /** Every key type the provider's CA certifies for tokens (the catalogue's list); the clerk may pick one before the PIN. */
  keyTypes?: readonly TokenKeyType[];
  /** The provider whose CA certifies the key (shown on the receipt). */
  providerId: string;
}

export interface TokenIssuanceContext extends TokenIssuanceInput, PinEntryContext {
  /** The last slot list the agent pushed. */
  slots: TokenSlot[];
  /** The token being issued, from the moment it was seen. */
  token: TokenSlot | null;
  /**
   * A token is in the reader but cannot be issued on: `DK_ERR_TOKEN_NOT_BLANK` (it carries a
   * citizen PIN) or the agent's reason (`problem`, e.g. DK_ERR_TOKEN_MODEL_UNKNOWN). Null otherwise.
   */
  tokenRefused: ErrorCode | null;
  /** The token in the reader is not one the site holds in stock (or could not be checked): why. */
  stockRefused: ErrorCode | null;
  /** Steps finished so far, and the one running. */
  doneSteps: TokenIssueStep[];
  currentStep: TokenIssueStep | null;
  receipt: IssuanceReceipt | null;
  /** The receipt is an earlier run's for this registration (found after a reload): nothing new was issued. */
  resumed: boolean;
  failure: IssuanceFailure | null;
}

/**
 * The PIN as handed to the issuing actor: `take()` gives it once and forgets it; it serialises
 * and prints as "[redacted]". An invoked actor's snapshot keeps its input, so a plain string
 * here would survive in `getPersistedSnapshot()` and in the inspector.
 */
export interface OneTimePin {
  take(): string;
  toJSON(): string;
  toString(): string;
}

export function oneTimePin(pin: string): OneTimePin {
  let value: string | null = pin;
  return {
    take: () => {
      const taken = value ?? '';
      value = null;
      return taken;
    },
    toJSON: () => '[redacted]',
    toString: () => '[redacted]',
  };
}

/** What the issuing actor gets: everything the agent's `token.issue` needs, the PIN included. */
export interface IssueTokenInput {
  registrationId?: string;
  slotId: string;
  tokenSerial: string;
  subject: IssuanceSubject;
  keyType: TokenKeyType;
  userPin: OneTimePin;
}

/** Events the issuing actor sends back while it runs. */
export type IssueTokenEvent =
  | { type: 'issue.progressed'; step: TokenIssueStep; state: 'started' | 'done' }
  /** `resumed`: the receipt of this registration's earlier (or already running) issuance, possibly on another token. */
  | { type: 'issue.succeeded'; receipt: IssuanceReceipt; resumed?: boolean }
  | { type: 'issue.failed'; code: ErrorCode; step: TokenIssueStep | null; wiped: boolean | null };

/** Where the agent's journal says this registration's issuance stands (core's agent `token.issuance`, trimmed). */
export type FoundIssuance =
  | { state: 'none' }
  | { state: 'running'; tokenSerial: string; doneSteps: TokenIssueStep[]; currentStep: TokenIssueStep | null }
  | { state: 'issued'; receipt: IssuanceReceipt }
  | { state: 'failed'; failure: IssuanceFailure };

export type TokenIssuanceEvent =
  | { type: 'issuance.found'; found: FoundIssuance }
  | { type: 'slots.changed'; slots: TokenSlot[] }
  | { type: 'pin.begin' }
  | { type: 'keyType.chosen'; keyType: TokenKeyType }
  /** The site's stock answered about the token present: null = issue on it. */
  | { type: 'stock.checked'; refusal: ErrorCode | null }
  | { type: 'stock.recheck' }
  | PinEntryEvent
  | { type: 'issuance.retry' }
  | IssueTokenEvent;

/** Defaults in ms; apps and tests override them with `.provide({ delays })`. */
export const ISSUANCE_PIN_IDLE_MS = 90_000;
/** Longer than a real token's RSA-2048 generation (~10 s) plus the CA, with room to spare. */
export const ISSUANCE_DEADLINE_MS = 180_000;

const firstBlank = (slots: TokenSlot[]): TokenSlot | undefined => slots.find(isIssuableToken);

/** Why none of the tokens present can be issued on (a blank one's problem first), or null. */
function refusal(slots: TokenSlot[]): ErrorCode | null {
  if (slots.length === 0 || firstBlank(slots)) return null;
  const problem = slots.find((s) => isBlankToken(s) && s.problem)?.problem;
  return problem ? (problem as ErrorCode) : 'DK_ERR_TOKEN_NOT_BLANK';
}
// By serial: a module may move a token to another slot when it is initialised (SoftHSM does).
const isGone = (token: TokenSlot | null, slots: TokenSlot[]): boolean =>
  token !== null && !slots.some((s) => (token.serial ? s.serial === token.serial : s.slotId === token.slotId));

/** How the agent's answer ends a run, whether this page started it or follows it after a reload. */
const agentAnswer = {
  'issue.progressed': { actions: 'recordProgress' },
  'issue.succeeded': [
    { guard: 'isReceiptForToken', target: 'issued', actions: 'keepReceipt' },
    { target: 'failed', actions: 'recordFailure' },
  ],
  'issue.failed': { target: 'failed', actions: 'recordFailure' },
} as const;
const agentDeadline = { issueDeadline: { target: 'failed', actions: 'recordTimeout' } } as const;

export const tokenIssuanceMachine = setup({
  types: {
    context: {} as TokenIssuanceContext,
    input: {} as TokenIssuanceInput,
    events: {} as TokenIssuanceEvent,
  },
  actors: {
    issueToken: fromCallback<TokenIssuanceEvent, IssueTokenInput>(() => {
      throw new Error('tokenIssuanceMachine: provide an issueToken actor');
    }),
    /** Asks the agent where the registration's issuance stands; sends `issuance.found` (none when the agent cannot tell). */
    findIssuance: fromCallback<TokenIssuanceEvent, { registrationId: string }>(({ sendBack }) => {
      sendBack({ type: 'issuance.found', found: { state: 'none' } });
    }),
    /** Asks whether the site holds the token in stock; sends `stock.checked` (default: yes, no question asked). */
    checkStock: fromCallback<TokenIssuanceEvent, { serial: string }>(({ sendBack }) => {
      sendBack({ type: 'stock.checked', refusal: null });
    }),
    /** Awaits an issuance the agent is already running for the registration, with its progress: the `issue.*` events. */
    followIssuance: fromCallback<TokenIssuanceEvent, { registrationId: string }>(() => {
      throw new Error('tokenIssuanceMachine: provide a followIssuance actor');
    }),
  },
  delays: {
    pinIdle: ISSUANCE_PIN_IDLE_MS,
    issueDeadline: ISSUANCE_DEADLINE_MS,
  },
  guards: {
    ...pinEntryGuards,
    hasBlankToken: ({ context }) => firstBlank(context.slots) !== undefined,
    isTokenGone: ({ context, event }) => event.type === 'slots.changed' && isGone(context.token, event.slots),
    isReceiptForToken: ({ context, event }) =>
      event.type === 'issue.succeeded' &&
      event.receipt.verified === true &&
      (event.resumed === true || context.token?.serial === '' || event.receipt.tokenSerial === context.token?.serial),
    hasRegistration: ({ context }) => context.registrationId !== undefined,
    foundNone: ({ event }) => event.type === 'issuance.found' && event.found.state === 'none',
    foundRunning: ({ event }) => event.type === 'issuance.found' && event.found.state === 'running',
    foundIssued: ({ event }) => event.type === 'issuance.found' && event.found.state === 'issued',
    isStockRefused: ({ event }) => event.type === 'stock.checked' && event.refusal !== null,
    isOfferedKeyType: ({ context, event }) => event.type === 'keyType.chosen' && (context.keyTypes ?? []).includes(event.keyType),
  },
  actions: {
    ...pinEntryActions<TokenIssuanceContext, TokenIssuanceEvent>(),
    rememberSlots: assign(({ event }) =>
      event.type === 'slots.changed' ? { slots: event.slots, tokenRefused: refusal(event.slots) } : {},
    ),
    takeBlankToken: assign(({ context }) => ({ token: firstBlank(context.slots) ?? null, tokenRefused: null })),
    forgetToken: assign({ token: null, stockRefused: null }),
    recordStockRefusal: assign({ stockRefused: ({ event }) => (event.type === 'stock.checked' ? event.refusal : null) }),
    clearStockRefusal: assign({ stockRefused: null }),
    chooseKeyType: assign(({ context, event }) => ({ keyType: event.type === 'keyType.chosen' ? event.keyType : context.keyType })),
    resetProgress: assign({ doneSteps: [], currentStep: null, receipt: null, failure: null }),
    recordProgress: assign(({ context, event }) => {
      if (event.type !== 'issue.progressed') return {};
      return event.state === 'started'
        ? { currentStep: event.step }
        : { currentStep: null, doneSteps: context.doneSteps.includes(event.step) ? context.doneSteps : [...context.doneSteps, event.step] };
    }),
    keepReceipt: assign({
      receipt: ({ event }) => (event.type === 'issue.succeeded' ? event.receipt : null),
      resumed: ({ event }) => event.type === 'issue.succeeded' && event.resumed === true,
      currentStep: null,
    }),
    recordFailure: assign({
      failure: ({ context, event }): IssuanceFailure =>
        event.type === 'issue.failed'
          ? { code: event.code, step: event.step ?? context.currentStep, wiped: event.wiped }
          : event.type === 'issue.succeeded'
            ? // A receipt for another token, or not verified: never shown as issued.
              { code: 'DK_ERR_TOKEN_SIGNATURE_INVALID', step: 'verify', wiped: null }
            : { code: 'DK_ERR_TOKEN_ISSUE_ABORTED', step: context.currentStep, wiped: null },
    }),
    adoptFound: assign(({ context, event }) => {
      if (event.type !== 'issuance.found') return {};
      const found = event.found;
      if (found.state === 'running') {
        const token = context.slots.find((s) => s.serial === found.tokenSerial) ?? null;
        return { token, doneSteps: found.doneSteps, currentStep: found.currentStep, receipt: null, failure: null };
      }
      if (found.state === 'issued') return { receipt: found.receipt, resumed: true, currentStep: null, failure: null };
      if (found.state === 'failed') return { failure: found.failure, currentStep: null };
      return {};
    }),
    recordRemoval: assign({ failure: { code: 'DK_ERR_TOKEN_NOT_PRESENT', step: null, wiped: null } satisfies IssuanceFailure }),
    // Pulled out while the agent was writing to it: it could not be wiped; set it aside for re-issue.
    recordRemovalWhileIssuing: assign({
      failure: ({ context }): IssuanceFailure => ({ code: 'DK_ERR_TOKEN_NOT_PRESENT', step: context.currentStep, wiped: false }),
    }),
    recordTimeout: assign({
      failure: ({ context }): IssuanceFailure => ({ code: 'DK_ERR_TOKEN_TIMEOUT', step: context.currentStep, wiped: false }),
    }),
  },
}).createMachine({
  id: 'tokenIssuance',
  context: ({ input }) => ({
    ...input,
    slots: [],
    token: null,
    tokenRefused: null,
    stockRefused: null,
    entry: '',
    firstEntry: null,
    pinProblem: null,
    doneSteps: [],
    currentStep: null,
    receipt: null,
    resumed: false,
    failure: null,
  }),
  initial: 'resuming',
  on: { 'slots.changed': { actions: 'rememberSlots' } },
  states: {
    /** After a reload: where does this registration's issuance stand at the agent? Nothing is offered until it answers. */
    resuming: {
      always: { guard: not('hasRegistration'), target: 'waiting' },
      invoke: { src: 'findIssuance', input: ({ context }) => ({ registrationId: context.registrationId! }) },
      on: {
        'issuance.found': [
          { guard: 'foundNone', target: 'waiting' },
          { guard: 'foundRunning', target: 'following', actions: 'adoptFound' },
          { guard: 'foundIssued', target: 'issued', actions: 'adoptFound' },
          { target: 'failed', actions: 'adoptFound' },
        ],
      },
    },
    /** The agent is still issuing for this registration (begun before the reload): its progress, then its answer. */
    following: {
      invoke: { src: 'followIssuance', input: ({ context }) => ({ registrationId: context.registrationId! }) },
      on: agentAnswer,
      after: agentDeadline,
    },
    /** No blank token yet: the clerk inserts one. */
    waiting: {
      entry: ['forgetToken', 'wipePin', 'resetProgress'],
      always: { guard: 'hasBlankToken', target: 'present', actions: 'takeBlankToken' },
    },
    /** A blank token is in: its model and serial are shown; once the stock says it is the site's, the clerk turns the keypad to the citizen. */
    present: {
      entry: 'wipePin',
      on: {
        'slots.changed': { guard: 'isTokenGone', target: 'waiting', actions: 'rememberSlots' },
        'keyType.chosen': { guard: 'isOfferedKeyType', actions: 'chooseKeyType' },
      },
      initial: 'checkingStock',
      states: {
        checkingStock: {
          entry: 'clearStockRefusal',
          invoke: { src: 'checkStock', input: ({ context }) => ({ serial: context.token?.serial ?? '' }) },
          on: {
            'stock.checked': [{ guard: 'isStockRefused', target: 'notInStock', actions: 'recordStockRefusal' }, { target: 'ready' }],
          },
        },
        ready: { on: { 'pin.begin': '#tokenIssuance.pin' } },
        /** Not the site's token, or not checked (offline with the check on): nothing starts. */
        notInStock: { on: { 'stock.recheck': 'checkingStock' } },
      },
    },
    /**
     * The citizen types a new PIN, twice. Every way out wipes it: `present` and `failed` on
     * entry, `issuing` right after handing it over (not an `exit` here: that would run before
     * the invoke reads it).
     */
    pin: {
      initial: 'first',
      on: {
        'slots.changed': { guard: 'isTokenGone', target: 'failed', actions: ['rememberSlots', 'recordRemoval'] },
        'pin.digit': { guard: and(['isDigit', 'hasRoom']), actions: 'appendDigit' },
        'pin.erase': { actions: 'eraseDigit' },
        // Back to the same token, already checked against the stock.
        'pin.cancel': '#tokenIssuance.present.ready',
      },
      // The citizen walked away mid-entry: nothing of the PIN stays on the counter.
      after: { pinIdle: '#tokenIssuance.present.ready' },
      states: pinTwiceStates('#tokenIssuance.issuing'),
    },
    /** The agent runs the steps; progress comes back per step. */
    issuing: {
      invoke: {
        id: 'issueToken',
        src: 'issueToken',
        input: ({ context }) => ({
          ...(context.registrationId !== undefined ? { registrationId: context.registrationId } : {}),
          slotId: context.token!.slotId,
          tokenSerial: context.token!.serial,
          subject: context.subject,
          keyType: context.keyType,
          userPin: oneTimePin(context.firstEntry ?? ''),
        }),
      },
      initial: 'running',
      states: {
        // Entered after the parent's invoke read its input: the PIN leaves the context here.
        running: { entry: 'wipePin' },
      },
      on: {
        ...agentAnswer,
        'slots.changed': { guard: 'isTokenGone', target: 'failed', actions: ['rememberSlots', 'recordRemovalWhileIssuing'] },
      },
      after: agentDeadline,
    },
    /** Verified and certified: the receipt is shown; the app records `token.issued`. */
    issued: { type: 'final' },
    /** Nothing was recorded as issued. The clerk reads what happened and what to do, then retries. */
    failed: {
      entry: 'wipePin',
      on: { 'issuance.retry': 'waiting' },
    },
  },
});

export type TokenIssuanceSnapshot = SnapshotFrom<typeof tokenIssuanceMachine>;
