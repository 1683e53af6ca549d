import { assign, enqueueActions, fromPromise, setup } from 'xstate';
import { errorCodeOf, isErrorCode, type ErrorCode } from '../errors/index.ts';
import { contact as contactSchema, type Contact } from '../schemas/contact.ts';
import { identityProvenance, personalIdentity, type Identity, type IdentityProvenance } from '../schemas/identity.ts';
import type { Channel, Service, ServiceKind } from '../schemas/service.ts';
import type { Ticket } from '../schemas/ticket.ts';

/**
 * A citizen's self-registration at the kiosk, as a statechart:
 *
 *   welcome → filling.service → (filling.provider) → filling.identity → filling.contact
 *           → filling.consent → filling.summary → submitting → ticket → welcome
 *
 * The machine holds the citizen's answers in its context and validates each step with the core
 * schemas, so a wrong date or phone is refused at the step with a code the page shows beside the
 * field. The two pieces of I/O are actors the app provides: `submitRegistration` (make the ticket
 * number, write `registration.submitted` to the outbox — works offline) and `printTicket` (the
 * hardware agent; a failed print never undoes the registration, the ticket stays on screen).
 *
 * A kiosk is public: someone who walks away must not leave their data for the next person. After
 * `idleWarning` with no touch the machine asks "are you still there?", and `idleReset` later it
 * returns to the welcome screen, where entry wipes every answer from memory.
 */

export type Language = 'vi' | 'en';

/** What the flow has when the citizen confirms: everything a draft needs except ids and ticket. */
export interface KioskAnswers {
  service: Service;
  identity: Identity;
  contact: Contact;
  /** When consent was given (ISO instant); the text version is the app's current one. */
  consentAt: string;
  language: Language;
}

export interface SubmittedTicket {
  registrationId: string;
  ticket: Ticket;
}

/** What the printed ticket needs: no identity, no contact. */
export interface PrintTicketInput {
  service: Service;
  language: Language;
  submitted: SubmittedTicket;
}

export type FieldErrors = Partial<Record<string, ErrorCode>>;

export interface KioskContext {
  language: Language;
  serviceKind: ServiceKind | null;
  service: Service | null;
  identity: Identity | null;
  contact: Contact | null;
  consentAt: string | null;
  /** Codes of the fields the last submitted step got wrong, by field name. */
  fieldErrors: FieldErrors;
  submitted: SubmittedTicket | null;
  print: 'idle' | 'printing' | 'printed' | 'failed';
  printErrorCode: ErrorCode | null;
  lastErrorCode: ErrorCode | null;
}

export type KioskEvent =
  | { type: 'flow.start' }
  | { type: 'language.changed'; language: Language }
  | { type: 'service.chosen'; kind: ServiceKind }
  | { type: 'provider.chosen'; channel: Channel; providerId: string }
  /**
   * Raw form values (manual entry) or what a card reader produced; parsed here. `provenance`:
   * where each field came from and what the checks said (core/id buildIdentityProvenance).
   */
  | {
      type: 'identity.submitted';
      values: Record<string, unknown>;
      source?: Identity['source'];
      assurance?: Identity['assurance'];
      provenance?: IdentityProvenance;
    }
  | { type: 'contact.submitted'; values: Record<string, unknown> }
  | { type: 'consent.given'; at: string }
  | { type: 'consent.declined' }
  | { type: 'summary.confirmed' }
  | { type: 'step.back' }
  | { type: 'flow.cancel' }
  | { type: 'activity.seen' }
  | { type: 'print.retry' }
  | { type: 'ticket.done' }
  /** Internal: raised by the machine itself when no touch came for `idleWarning`. */
  | { type: 'idle.timeout' };

/** Defaults in ms; the app and tests override them with `.provide({ delays })`. */
export const KIOSK_IDLE_WARNING_MS = 60_000;
export const KIOSK_IDLE_RESET_MS = 20_000;
export const KIOSK_TICKET_LINGER_MS = 45_000;

/** zod issues → one code per field (the first); a message that is not a code becomes DK_ERR_VALIDATION. */
function fieldErrorsOf(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? '_');
    errors[field] ??= isErrorCode(issue.message) ? issue.message : 'DK_ERR_VALIDATION';
  }
  return errors;
}

export function parseIdentityStep(
  event: Extract<KioskEvent, { type: 'identity.submitted' }>,
): { identity: Identity } | { errors: FieldErrors } {
  const parsed = personalIdentity.safeParse(event.values);
  if (!parsed.success) return { errors: fieldErrorsOf(parsed.error.issues) };
  // Staff information only: a provenance that does not parse is left out, never held against the citizen.
  const provenance = event.provenance === undefined ? undefined : identityProvenance.safeParse(event.provenance);
  return {
    identity: {
      ...parsed.data,
      source: event.source ?? 'manual',
      assurance: event.assurance ?? 'declared',
      ...(provenance?.success ? { provenance: provenance.data } : {}),
    },
  };
}

export function parseContactStep(values: Record<string, unknown>): { contact: Contact } | { errors: FieldErrors } {
  const email = typeof values.email === 'string' && values.email.trim() === '' ? null : values.email;
  const parsed = contactSchema.safeParse({ phone: values.phone ?? '', email: email ?? null });
  if (!parsed.success) return { errors: fieldErrorsOf(parsed.error.issues) };
  return { contact: parsed.data };
}

const empty = {
  serviceKind: null,
  service: null,
  identity: null,
  contact: null,
  consentAt: null,
  fieldErrors: {},
  submitted: null,
  print: 'idle',
  printErrorCode: null,
  lastErrorCode: null,
} as const satisfies Omit<KioskContext, 'language'>;

export const kioskRegistrationMachine = setup({
  types: {
    context: {} as KioskContext,
    events: {} as KioskEvent,
    input: {} as { language?: Language } | undefined,
  },
  actors: {
    submitRegistration: fromPromise<SubmittedTicket, KioskAnswers>(async () => {
      throw new Error('kioskRegistrationMachine: provide a submitRegistration actor');
    }),
    printTicket: fromPromise<void, PrintTicketInput>(async () => {
      throw new Error('kioskRegistrationMachine: provide a printTicket actor');
    }),
  },
  delays: {
    idleWarning: KIOSK_IDLE_WARNING_MS,
    idleReset: KIOSK_IDLE_RESET_MS,
    ticketLinger: KIOSK_TICKET_LINGER_MS,
  },
  guards: {
    isSignature: ({ context }) => context.serviceKind === 'digital-signature',
    identityValid: ({ event }) => event.type === 'identity.submitted' && 'identity' in parseIdentityStep(event),
    contactValid: ({ event }) => event.type === 'contact.submitted' && 'contact' in parseContactStep(event.values),
  },
  actions: {
    /** Back to a blank slate: nothing of the last citizen stays in memory. The language resets too. */
    wipeCitizen: assign(() => ({ ...empty, language: 'vi' as const })),
    clearFieldErrors: assign({ fieldErrors: {} }),
    /**
     * (Re)start the idle clock. A delayed event rather than `after` on the step, so a touch does
     * not re-enter the step: re-entering would clear field errors under the citizen's finger
     * (the layout jumps and the tap lands elsewhere).
     */
    restartIdleClock: enqueueActions(({ enqueue }) => {
      enqueue.cancel('idleClock');
      enqueue.raise({ type: 'idle.timeout' }, { id: 'idleClock', delay: 'idleWarning' });
    }),
    stopIdleClock: enqueueActions(({ enqueue }) => enqueue.cancel('idleClock')),
  },
}).createMachine({
  id: 'kiosk',
  context: ({ input }) => ({ ...empty, language: input?.language ?? 'vi' }),
  initial: 'welcome',
  on: {
    'language.changed': { actions: assign({ language: ({ event }) => event.language }) },
  },
  states: {
    welcome: {
      entry: 'wipeCitizen',
      on: { 'flow.start': 'filling' },
    },
    filling: {
      initial: 'service',
      entry: 'restartIdleClock',
      exit: 'stopIdleClock',
      on: {
        'activity.seen': { actions: 'restartIdleClock' },
        'idle.timeout': 'idleWarning',
        'flow.cancel': 'welcome',
      },
      states: {
        service: {
          on: {
            'service.chosen': [
              {
                guard: ({ event }) => event.kind === 'digital-signature',
                target: 'provider',
                actions: assign({ serviceKind: ({ event }) => event.kind }),
              },
              { target: 'identity', actions: assign({ serviceKind: ({ event }) => event.kind, service: { kind: 'eid-level2' } }) },
            ],
            'step.back': '#kiosk.welcome',
          },
        },
        provider: {
          on: {
            'provider.chosen': {
              target: 'identity',
              actions: assign({
                service: ({ event }) => ({ kind: 'digital-signature', channel: event.channel, providerId: event.providerId }),
              }),
            },
            'step.back': 'service',
          },
        },
        identity: {
          on: {
            'identity.submitted': [
              {
                guard: 'identityValid',
                target: 'contact',
                actions: [
                  assign({ identity: ({ event }) => (parseIdentityStep(event) as { identity: Identity }).identity }),
                  'clearFieldErrors',
                ],
              },
              { actions: assign({ fieldErrors: ({ event }) => (parseIdentityStep(event) as { errors: FieldErrors }).errors }) },
            ],
            'step.back': [
              { guard: 'isSignature', target: 'provider', actions: 'clearFieldErrors' },
              { target: 'service', actions: 'clearFieldErrors' },
            ],
          },
        },
        contact: {
          on: {
            'contact.submitted': [
              {
                guard: 'contactValid',
                target: 'consent',
                actions: [
                  assign({ contact: ({ event }) => (parseContactStep(event.values) as { contact: Contact }).contact }),
                  'clearFieldErrors',
                ],
              },
              { actions: assign({ fieldErrors: ({ event }) => (parseContactStep(event.values) as { errors: FieldErrors }).errors }) },
            ],
            'step.back': { target: 'identity', actions: 'clearFieldErrors' },
          },
        },
        consent: {
          on: {
            'consent.given': { target: 'summary', actions: assign({ consentAt: ({ event }) => event.at }) },
            // Without consent nothing may be kept: back to the start, answers wiped.
            'consent.declined': '#kiosk.welcome',
            'step.back': 'contact',
          },
        },
        summary: {
          on: {
            'summary.confirmed': { target: '#kiosk.submitting', actions: assign({ lastErrorCode: null }) },
            'step.back': 'consent',
          },
        },
        hist: { type: 'history' },
      },
    },
    /** Nobody touched the screen for a while: ask, then forget the citizen. */
    idleWarning: {
      on: {
        'activity.seen': 'filling.hist',
        'flow.cancel': 'welcome',
      },
      after: { idleReset: 'welcome' },
    },
    submitting: {
      invoke: {
        id: 'submitRegistration',
        src: 'submitRegistration',
        input: ({ context }) => ({
          service: context.service!,
          identity: context.identity!,
          contact: context.contact!,
          consentAt: context.consentAt!,
          language: context.language,
        }),
        onDone: { target: 'ticket', actions: assign({ submitted: ({ event }) => event.output }) },
        onError: { target: 'filling.summary', actions: assign({ lastErrorCode: ({ event }) => errorCodeOf(event.error) }) },
      },
    },
    /** The registration is stored; the ticket shows and prints. Personal data is no longer needed. */
    ticket: {
      initial: 'printing',
      entry: assign({ identity: null, contact: null }),
      after: { ticketLinger: 'welcome' },
      on: { 'ticket.done': 'welcome' },
      states: {
        printing: {
          entry: assign({ print: 'printing', printErrorCode: null }),
          invoke: {
            id: 'printTicket',
            src: 'printTicket',
            input: ({ context }) => ({ service: context.service!, language: context.language, submitted: context.submitted! }),
            onDone: { target: 'printed', actions: assign({ print: 'printed' }) },
            onError: { target: 'failed', actions: assign({ print: 'failed', printErrorCode: ({ event }) => errorCodeOf(event.error) }) },
          },
        },
        printed: {},
        failed: { on: { 'print.retry': 'printing' } },
      },
    },
  },
});
