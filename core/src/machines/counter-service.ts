import { assign, fromPromise, setup } from 'xstate';
import { errorCodeOf } from '../errors/dangky-error.ts';
import type { ErrorCode } from '../errors/registry.ts';
import { eventPayloads, type IdentityCheck } from '../events/event-types.ts';
import { allowedOutcome } from '../events/fold-registration.ts';
import type { CounterOutcome } from '../events/outcome-event.ts';
import type { RegistrationState } from '../events/registration-state.ts';
import type { CancelReason } from '../schemas/registration.ts';
import { evidenceOf } from '../gates/identity-evidence.ts';
import { identityGate, type IdentityDecision } from '../gates/identity-gate.ts';
import { freeCertificateGate, type FreeCertificateDecision } from '../gates/free-certificate.ts';
import type { Holding } from '../gates/holding.ts';
import { defaultServiceRules, type ServiceRules } from '../gates/service-rules.ts';
import { citizenLeftGate } from '../gates/no-show.ts';
import type { TransferTarget } from '../queue/queue-action.ts';

/**
 * The clerk's side of one citizen at the counter, as a statechart:
 *
 *   idle → calling → serving.called → serving.checking → recording → done → idle
 *                                  ↘ (cancel with a reason) ↗
 *                    serving.called → markingAbsent → idle   (the citizen did not come)
 *                    serving → moving → idle                 (transferred, or parked for later)
 *
 * `calling` and `recording` are the only I/O, in actors the app provides: `callTicket` picks the
 * ticket (the next waiting one, or the one the clerk chose) and writes `registration.called`;
 * `recordOutcome` writes the outcome event (`token.issued`, `remote.activated`,
 * `eid.level2.recorded` or `registration.cancelled`); `recordNoShow` writes `registration.no-show`;
 * `recordMove` writes `registration.transferred` or `registration.parked`.
 * They only append to the device's outbox, so they work offline; sync delivers them later.
 *
 * Queue actions forgive: a called citizen who does not come is marked "not here"
 * (`citizen.absent`), not cancelled — the counter is free for the next citizen, and the ticket
 * waits out the grace period (core/src/gates/no-show.ts) for a recall (`ticket.call` of it again,
 * from this counter) or a put-back. "Citizen left" is recorded only explicitly confirmed, or for
 * a no-show after its grace period: the same `citizenLeftGate` the server asks.
 *
 * A counter is left unattended (the clerk is called away): after `idleWarning` with no activity
 * the machine warns, and `idleReset` later it returns to idle and wipes the citizen's data from
 * its context — the ticket stays "called" on the server and can be called again.
 *
 * Who may receive a signature is core's identity gate (`gates/identity-gate.ts`), asked again
 * whenever the registration changes at the counter (a chip read, a correction, a manager's
 * approval: the app records the event and sends `registration.changed` with the folded state) or
 * the clerk says they checked the papers. The machine never holds an identity check the gate did
 * not give, so "papers checked" does nothing against a genuine chip that disagrees.
 *
 * Before a signature the app asks the server what the citizen already holds and sends the answer
 * (`holdings.known`); core's one-free-certificate gate then refuses a second certificate here, as
 * the server would on push. Until the answer arrives (offline) the server's check stands alone.
 */

export interface CounterServiceContext {
  operatorId: string;
  counterId: string;
  /** The citizen being served; `null` whenever no one is (wiped on reset). */
  registration: RegistrationState | null;
  outcome: CounterOutcome | null;
  /**
   * How the citizen's identity was established, as the identity gate decides it from the
   * registration's evidence and the clerk's papers check. A signature goes out only when it is set.
   */
  identityCheck: IdentityCheck | null;
  /** The clerk compared the ID card with the registration by eye; a change to the registration undoes it. */
  documentsChecked: boolean;
  /** What the citizen already holds, as the server answered at `at`; `null` until it has. */
  holdings: { at: string; items: Holding[] } | null;
  /** The server's service rules as the counter holds them now (input `rules`; core's defaults). */
  rules: () => ServiceRules;
  /** The last call found no waiting ticket. */
  queueEmpty: boolean;
  lastErrorCode: ErrorCode | null;
}

export interface CounterServiceInput {
  operatorId: string;
  counterId: string;
  rules?: () => ServiceRules;
}

export interface CallTicketInput {
  /** `null` = the next waiting ticket in order. */
  registrationId: string | null;
  operatorId: string;
  counterId: string;
}

export interface RecordNoShowInput {
  registration: RegistrationState;
  operatorId: string;
  counterId: string;
}

/** The called citizen is sent on (to another counter or desk, with a note) or held for this counter. */
export type QueueMove = { kind: 'transfer'; to: TransferTarget; note?: string } | { kind: 'park' };

export interface RecordMoveInput {
  registration: RegistrationState;
  operatorId: string;
  counterId: string;
  move: QueueMove;
}

export interface RecordOutcomeInput {
  registration: RegistrationState;
  outcome: CounterOutcome;
  operatorId: string;
}

export type CounterServiceEvent =
  | { type: 'ticket.callNext' }
  | { type: 'ticket.call'; registrationId: string }
  | { type: 'citizen.arrived' }
  /** The called citizen did not come to the counter ("Công dân không có mặt"). */
  | { type: 'citizen.absent' }
  /** The clerk compared the ID card with the registration by eye ("Tôi đã đối chiếu giấy tờ"). */
  | { type: 'identity.confirmed'; check: 'documents-checked' }
  /** The app recorded an event for the citizen being served (chip read, correction, approval): the folded state. */
  | { type: 'registration.changed'; registration: RegistrationState }
  /** The server's answer to "what does this citizen already hold" (other registrations of the same ID number). */
  | { type: 'holdings.known'; registrationId: string; at: string; holdings: Holding[] }
  | { type: 'outcome.submitted'; outcome: CounterOutcome }
  /** `confirmed`: the clerk explicitly confirmed it (a "citizen left" before any grace period ran out needs it). */
  | { type: 'registration.cancel'; reason: CancelReason; note?: string; confirmed?: boolean }
  /** "Chuyển" / "Giữ số": the ticket leaves this counter for now (core's queue actions decide). */
  | { type: 'ticket.move'; move: QueueMove }
  | { type: 'activity.seen' }
  | { type: 'service.finished' }
  /**
   * After a reload: the citizen this counter was serving (still called by this clerk here, as
   * the device's store folds it), at the step the clerk had reached (counter-resume.ts).
   */
  | { type: 'service.resume'; registration: RegistrationState; stage: 'called' | 'checking'; documentsChecked: boolean };

/** Defaults in ms; apps and tests override them with `.provide({ delays })`. */
export const COUNTER_IDLE_WARNING_MS = 180_000;
export const COUNTER_IDLE_RESET_MS = 30_000;
export const COUNTER_DONE_LINGER_MS = 15_000;

const tokenSerial = eventPayloads['token.issued'].shape.tokenSerial;

/** The identity gate's decision for the registration as it stands, and whether the clerk checked the papers. */
export const identityDecisionOf = (registration: RegistrationState, documentsChecked = false): IdentityDecision =>
  identityGate(evidenceOf(registration), documentsChecked);

/** The identity check the gate gives (a verified chip read at the kiosk counts on arrival), or `null`. */
export function identityCheckOf(registration: RegistrationState | null, documentsChecked = false): IdentityCheck | null {
  if (!registration) return null;
  const decision = identityDecisionOf(registration, documentsChecked);
  return decision.ok ? decision.check : null;
}

/** One free certificate per citizen: core's gate on what the server said the citizen holds, or `null` before it has. */
export function freeCertificateOf(
  context: Pick<CounterServiceContext, 'registration' | 'holdings' | 'rules'>,
): FreeCertificateDecision | null {
  const { registration, holdings } = context;
  if (!registration || !holdings) return null;
  return freeCertificateGate({
    service: registration.draft.service,
    registrationId: registration.registrationId,
    holdings: holdings.items,
    at: holdings.at,
    rules: context.rules(),
  });
}

/** A resume only for a ticket still called by this clerk at this counter, not marked as not come. */
const resumable = (context: Pick<CounterServiceContext, 'operatorId' | 'counterId'>, registration: RegistrationState): boolean =>
  registration.status === 'called' &&
  registration.calledBy === context.operatorId &&
  registration.counterId === context.counterId &&
  !registration.noShow;

const isSignature = (outcome: CounterOutcome) => outcome.kind === 'token-issued' || outcome.kind === 'remote-activated';

/** Why an outcome cannot be recorded for this registration, or `null` when it can. */
export function outcomeProblem(
  registration: RegistrationState | null,
  outcome: CounterOutcome,
  identityCheck: IdentityCheck | null = identityCheckOf(registration),
  freeCertificate: FreeCertificateDecision | null = null,
): ErrorCode | null {
  if (!registration) return 'DK_ERR_ILLEGAL_TRANSITION';
  if (outcome.kind === 'cancelled') return null;
  if (outcome.kind !== allowedOutcome(registration.draft)) return 'DK_ERR_ILLEGAL_TRANSITION';
  if (outcome.kind === 'token-issued' && !tokenSerial.safeParse(outcome.tokenSerial).success) return 'DK_ERR_TOKEN_SERIAL_INVALID';
  // A second free certificate is refused whoever stands at the counter.
  if (isSignature(outcome) && freeCertificate && !freeCertificate.ok) return freeCertificate.code;
  // A key and certificate in the citizen's name: only for an identity the gate let through, and
  // when it did not, its own reason (a disagreeing chip, an approval missing, nothing checked).
  if (isSignature(outcome) && identityCheck === null) {
    const decision = identityDecisionOf(registration);
    return decision.ok ? 'DK_ERR_TOKEN_IDENTITY_UNCONFIRMED' : decision.code;
  }
  return null;
}

/** Why this cancellation cannot be recorded now (core's citizen-left gate, as the server asks it), or `null`. */
export function cancelProblem(
  registration: RegistrationState | null,
  cancel: { reason: CancelReason; confirmed?: boolean | undefined },
  at: string,
  rules: ServiceRules = defaultServiceRules,
): ErrorCode | null {
  if (!registration) return 'DK_ERR_ILLEGAL_TRANSITION';
  if (cancel.reason !== 'citizen-left') return null;
  const decision = citizenLeftGate({ noShowAt: registration.noShow?.at ?? null, at, confirmed: cancel.confirmed === true, rules });
  return decision.ok ? null : decision.code;
}

/** The outcome as recorded: a signature outcome carries how the identity was established. */
const withIdentityCheck = (outcome: CounterOutcome, identityCheck: IdentityCheck | null): CounterOutcome =>
  identityCheck && isSignature(outcome) ? { ...outcome, identityCheck } : outcome;

export const counterServiceMachine = setup({
  types: {
    context: {} as CounterServiceContext,
    input: {} as CounterServiceInput,
    events: {} as CounterServiceEvent,
  },
  actors: {
    callTicket: fromPromise<RegistrationState | null, CallTicketInput>(async () => {
      throw new Error('counterServiceMachine: provide a callTicket actor');
    }),
    recordOutcome: fromPromise<void, RecordOutcomeInput>(async () => {
      throw new Error('counterServiceMachine: provide a recordOutcome actor');
    }),
    recordNoShow: fromPromise<void, RecordNoShowInput>(async () => {
      throw new Error('counterServiceMachine: provide a recordNoShow actor');
    }),
    recordMove: fromPromise<void, RecordMoveInput>(async () => {
      throw new Error('counterServiceMachine: provide a recordMove actor');
    }),
  },
  delays: {
    idleWarning: COUNTER_IDLE_WARNING_MS,
    idleReset: COUNTER_IDLE_RESET_MS,
    doneLinger: COUNTER_DONE_LINGER_MS,
  },
  guards: {
    hasTicket: (_, output: RegistrationState | null) => output !== null,
    isOutcomeAllowed: ({ context }, outcome: CounterOutcome) =>
      outcomeProblem(context.registration, outcome, context.identityCheck, freeCertificateOf(context)) === null,
    isCancelAllowed: ({ context, event }) =>
      event.type === 'registration.cancel' &&
      cancelProblem(context.registration, event, new Date().toISOString(), context.rules()) === null,
  },
  actions: {
    wipeCitizen: assign({ registration: null, outcome: null, identityCheck: null, documentsChecked: false, holdings: null }),
    clearError: assign({ lastErrorCode: null, queueEmpty: false }),
    resume: assign(({ event }) => {
      if (event.type !== 'service.resume') return {};
      const documentsChecked = event.stage === 'checking' && event.documentsChecked;
      return {
        registration: event.registration,
        documentsChecked,
        identityCheck: identityCheckOf(event.registration, documentsChecked),
        lastErrorCode: null,
        queueEmpty: false,
      };
    }),
    rememberOutcomeProblem: assign({
      lastErrorCode: ({ context }, outcome: CounterOutcome) =>
        outcomeProblem(context.registration, outcome, context.identityCheck, freeCertificateOf(context)),
    }),
  },
}).createMachine({
  id: 'counterService',
  context: ({ input }) => ({
    operatorId: input.operatorId,
    counterId: input.counterId,
    registration: null,
    outcome: null,
    identityCheck: null,
    documentsChecked: false,
    holdings: null,
    rules: input.rules ?? (() => defaultServiceRules),
    queueEmpty: false,
    lastErrorCode: null,
  }),
  initial: 'idle',
  states: {
    idle: {
      entry: 'wipeCitizen',
      on: {
        'ticket.callNext': { target: 'calling', actions: 'clearError' },
        'ticket.call': { target: 'calling', actions: 'clearError' },
        // No second call: the ticket is already called by this clerk at this counter.
        'service.resume': [
          {
            guard: ({ context, event }) => !resumable(context, event.registration),
          },
          {
            guard: ({ event }) => event.stage === 'checking',
            target: 'serving.checking',
            actions: 'resume',
          },
          { target: 'serving.called', actions: 'resume' },
        ],
      },
    },
    calling: {
      invoke: {
        id: 'callTicket',
        src: 'callTicket',
        input: ({ context, event }) => ({
          registrationId: event.type === 'ticket.call' ? event.registrationId : null,
          operatorId: context.operatorId,
          counterId: context.counterId,
        }),
        onDone: [
          {
            guard: { type: 'hasTicket', params: ({ event }) => event.output },
            target: 'serving',
            actions: assign({ registration: ({ event }) => event.output, identityCheck: ({ event }) => identityCheckOf(event.output) }),
          },
          { target: 'idle', actions: assign({ queueEmpty: true }) },
        ],
        onError: { target: 'idle', actions: assign({ lastErrorCode: ({ event }) => errorCodeOf(event.error) }) },
      },
    },
    serving: {
      initial: 'called',
      on: {
        // A change to the registration undoes the papers check: the card must be compared with what it says now.
        'registration.changed': {
          guard: ({ context, event }) => event.registration.registrationId === context.registration?.registrationId,
          actions: assign({
            registration: ({ event }) => event.registration,
            documentsChecked: false,
            identityCheck: ({ event }) => identityCheckOf(event.registration),
            lastErrorCode: null,
          }),
        },
        'ticket.move': { target: '#counterService.moving', actions: assign({ lastErrorCode: null }) },
        'holdings.known': {
          guard: ({ context, event }) => event.registrationId === context.registration?.registrationId,
          actions: assign({ holdings: ({ event }) => ({ at: event.at, items: event.holdings }), lastErrorCode: null }),
        },
        'registration.cancel': [
          {
            guard: 'isCancelAllowed',
            target: 'recording',
            actions: assign({
              outcome: ({ event }) => ({
                kind: 'cancelled',
                reason: event.reason,
                ...(event.note ? { note: event.note } : {}),
                ...(event.confirmed ? { confirmed: true } : {}),
              }),
              lastErrorCode: null,
            }),
          },
          {
            actions: assign({
              lastErrorCode: ({ context, event }) => cancelProblem(context.registration, event, new Date().toISOString(), context.rules()),
            }),
          },
        ],
      },
      states: {
        /** The ticket is on the display; the citizen walks to the counter. */
        called: {
          on: {
            'citizen.arrived': 'checking',
            'citizen.absent': '#counterService.markingAbsent',
            'activity.seen': { target: 'called', reenter: true },
          },
          after: { idleWarning: '#counterService.idleWarning' },
        },
        /** The clerk checks the person against the registration and records the outcome. */
        checking: {
          on: {
            'outcome.submitted': [
              {
                guard: { type: 'isOutcomeAllowed', params: ({ event }) => event.outcome },
                target: '#counterService.recording',
                actions: assign({
                  outcome: ({ context, event }) => withIdentityCheck(event.outcome, context.identityCheck),
                  lastErrorCode: null,
                }),
              },
              { actions: { type: 'rememberOutcomeProblem', params: ({ event }) => event.outcome } },
            ],
            // The gate decides what the papers are worth: nothing against a genuine chip that disagrees,
            // and a verified chip stays the stronger record.
            'identity.confirmed': {
              actions: assign({
                documentsChecked: true,
                identityCheck: ({ context }) => identityCheckOf(context.registration, true),
                lastErrorCode: null,
              }),
            },
            'activity.seen': { target: 'checking', reenter: true },
          },
          after: { idleWarning: '#counterService.idleWarning' },
        },
        hist: { type: 'history' },
      },
    },
    /** "Not here" goes to the outbox; the counter is free, the ticket waits out its grace period. */
    markingAbsent: {
      invoke: {
        id: 'recordNoShow',
        src: 'recordNoShow',
        input: ({ context }) => ({ registration: context.registration!, operatorId: context.operatorId, counterId: context.counterId }),
        onDone: 'idle',
        onError: { target: 'serving.called', actions: assign({ lastErrorCode: ({ event }) => errorCodeOf(event.error) }) },
      },
    },
    /** The transfer or park goes to the outbox; the counter is free, the ticket waits where it was sent. */
    moving: {
      invoke: {
        id: 'recordMove',
        src: 'recordMove',
        input: ({ context, event }) => ({
          registration: context.registration!,
          operatorId: context.operatorId,
          counterId: context.counterId,
          move: event.type === 'ticket.move' ? event.move : { kind: 'park' },
        }),
        onDone: 'idle',
        onError: { target: 'serving.hist', actions: assign({ lastErrorCode: ({ event }) => errorCodeOf(event.error) }) },
      },
    },
    /** Nobody touched the counter for a while: say so, then forget the citizen. */
    idleWarning: {
      on: { 'activity.seen': 'serving.hist' },
      after: { idleReset: 'idle' },
    },
    recording: {
      invoke: {
        id: 'recordOutcome',
        src: 'recordOutcome',
        input: ({ context }) => ({
          registration: context.registration!,
          outcome: context.outcome!,
          operatorId: context.operatorId,
        }),
        onDone: 'done',
        onError: {
          target: 'serving.checking',
          actions: assign({ outcome: null, lastErrorCode: ({ event }) => errorCodeOf(event.error) }),
        },
      },
    },
    /** The outcome is in the outbox; the confirmation stays briefly, then the counter is free. */
    done: {
      on: {
        'service.finished': 'idle',
        'ticket.callNext': { target: 'calling', actions: ['wipeCitizen', 'clearError'] },
      },
      after: { doneLinger: 'idle' },
    },
  },
});
