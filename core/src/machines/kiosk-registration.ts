import { and, assign, enqueueActions, fromCallback, fromPromise, setup, type SnapshotFrom } from 'xstate';
import { errorCodeOf, isErrorCode, type ErrorCode } from '../errors/index.ts';
import {
  editForm,
  emptyCapture,
  fillFromChip,
  fillFromMrz,
  fillFromQr,
  formValues,
  isCitizenMrz,
  withMrzName,
  type IdentityCapture,
  type IdentityForm,
  type MrzReading,
} from '../id/identity-form.ts';
import type { ChipReading } from '../id/provenance.ts';
import { parseQr, type QrIdentity } from '../id/qr.ts';
import { resolveIdentity, type ResolvedIdentity } from '../id/resolve-identity.ts';
import { contact as contactSchema, type Contact } from '../schemas/contact.ts';
import { identityProvenance, personalIdentityOn, type Identity } from '../schemas/identity.ts';
import { hcmDay } from '../time/hcm-day.ts';
import type { Channel, Service, ServiceKind } from '../schemas/service.ts';
import type { Ticket } from '../schemas/ticket.ts';
import { eligibility } from '../gates/eligibility.ts';
import { defaultServiceRules, type ServiceRules } from '../gates/service-rules.ts';

/**
 * A citizen's self-registration at the kiosk, as a statechart:
 *
 *   welcome → filling.service → (filling.provider) → filling.identity → filling.contact
 *           → filling.consent → filling.summary → submitting → ticket → welcome
 *                               ↘ filling.ineligible (too young for the chosen service)
 *
 * The machine holds the citizen's answers in its context and validates each step with the core
 * schemas, so a wrong date or phone is refused at the step with a code the page shows beside the
 * field. The I/O is in actors the app provides: `submitRegistration` (make the ticket number,
 * write `registration.submitted` to the outbox — works offline), `printTicket` (the hardware
 * agent; a failed print never undoes the registration, the ticket stays on screen), and for the
 * identity step `readChip` (the card's chip through the agent) and `qrScanner` (the station's QR
 * scanner, heard only while the step is on screen).
 *
 * The identity step is four regions side by side — the chip read, the QR, the MRZ, and which camera
 * is on — over one form kept field by field in `capture` (core/id identity-form.ts): each reading
 * fills the form, the citizen edits it, and on submit `resolveIdentity` decides the identity's
 * source, assurance and provenance from the form and the readings. The form outlives the step
 * (Back and forth, the idle warning), so a step split into one question per page can read and
 * fill the same fields.
 *
 * A citizen too young for the service they chose (core's `eligibility`, with the ages the server
 * sends in its reference) is told so at the identity step, with what to do instead, before they
 * give a phone number or consent for a service they cannot receive; nothing is submitted.
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
  /**
   * The registration sealed for the site's counters (docs/handoff-ticket.md), printed as the
   * ticket's QR so a counter can serve it with no server; absent when the kiosk holds no site key.
   */
  handoff?: string;
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
  /** The identity step's form, field by field, and the card readings behind it. */
  capture: IdentityCapture;
  /** Why the last chip read failed / why the last QR was refused. */
  chipErrorCode: ErrorCode | null;
  qrErrorCode: ErrorCode | null;
  identity: Identity | null;
  contact: Contact | null;
  consentAt: string | null;
  /** Codes of the fields the last submitted step got wrong, by field name. */
  fieldErrors: FieldErrors;
  submitted: SubmittedTicket | null;
  print: 'idle' | 'printing' | 'printed' | 'failed';
  printErrorCode: ErrorCode | null;
  lastErrorCode: ErrorCode | null;
  /** Today in Ho Chi Minh time (`YYYY-MM-DD`): no birth date after it. Given by the app (input `today`). */
  today: () => string;
  /** Why the citizen cannot have the service they chose, and the age it needs. */
  ineligible: { code: ErrorCode; minimumAge: number } | null;
  /** The server's ages (its reference as it stands, defaults until one arrives). Given by the app (input `rules`). */
  rules: () => ServiceRules;
}

export interface KioskInput {
  language?: Language;
  /** Today's Ho Chi Minh day; default from the device clock. */
  today?: () => string;
  /** The server's service rules as the kiosk holds them now; default: core's defaults. */
  rules?: () => ServiceRules;
}

export type KioskEvent =
  | { type: 'flow.start' }
  | { type: 'language.changed'; language: Language }
  | { type: 'service.chosen'; kind: ServiceKind }
  | { type: 'provider.chosen'; channel: Channel; providerId: string }
  /** The citizen typed into the identity form: the fields given change. */
  | { type: 'identity.edited'; changes: Partial<IdentityForm> }
  /** The identity form as it stands, resolved (source, assurance, provenance) and checked here. */
  | { type: 'identity.submitted' }
  /** Read the card's chip with the typed ID number. */
  | { type: 'chip.read' }
  /** A QR payload from the station's scanner or the camera. */
  | { type: 'qr.scanned'; payload: string }
  | { type: 'qr.cameraToggled' }
  | { type: 'qr.cameraFailed' }
  | { type: 'mrz.cameraToggled' }
  /** The MRZ the camera read and accepted. */
  | { type: 'mrz.read'; reading: MrzReading }
  | { type: 'mrz.cameraFailed' }
  /** Take the MRZ's name into the empty name field. */
  | { type: 'mrz.nameUsed' }
  | { type: 'contact.submitted'; values: Record<string, unknown> }
  | { type: 'consent.given'; at: string }
  | { type: 'consent.declined' }
  | { type: 'summary.confirmed' }
  | { type: 'step.back' }
  /** From the "not for you yet" screen: choose another service (the form stays filled). */
  | { type: 'service.change' }
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

/** The resolved identity form, checked: the identity, or a code per wrong field. `today`: a Ho Chi Minh day. */
export function parseIdentityStep(resolved: ResolvedIdentity, today: string): { identity: Identity } | { errors: FieldErrors } {
  const parsed = personalIdentityOn(today).safeParse(resolved.values);
  if (!parsed.success) return { errors: fieldErrorsOf(parsed.error.issues) };
  // Staff information only: a provenance that does not parse is left out, never held against the citizen.
  const provenance = resolved.provenance === undefined ? undefined : identityProvenance.safeParse(resolved.provenance);
  return {
    identity: {
      ...parsed.data,
      source: resolved.source,
      assurance: resolved.assurance,
      ...(provenance?.success ? { provenance: provenance.data } : {}),
    },
  };
}

/** The identity the form resolves to, checked against today. */
const checkedIdentity = (context: KioskContext) => parseIdentityStep(resolveIdentity(context.capture, context.today()), context.today());

/** A card QR's identity, or the code of why the payload is not one. */
function readQr(payload: string): { qr: QrIdentity } | { code: ErrorCode } {
  try {
    return { qr: parseQr(payload) };
  } catch (error) {
    return { code: errorCodeOf(error, 'DK_ERR_QR_FORMAT') };
  }
}
const isCardQr = (event: { payload: string }) => 'qr' in readQr(event.payload);

export function parseContactStep(values: Record<string, unknown>): { contact: Contact } | { errors: FieldErrors } {
  const email = typeof values.email === 'string' && values.email.trim() === '' ? null : values.email;
  const parsed = contactSchema.safeParse({ phone: values.phone ?? '', email: email ?? null });
  if (!parsed.success) return { errors: fieldErrorsOf(parsed.error.issues) };
  return { contact: parsed.data };
}

const empty = {
  serviceKind: null,
  service: null,
  chipErrorCode: null,
  qrErrorCode: null,
  identity: null,
  contact: null,
  consentAt: null,
  fieldErrors: {},
  submitted: null,
  print: 'idle',
  printErrorCode: null,
  lastErrorCode: null,
  ineligible: null,
} as const satisfies Omit<KioskContext, 'language' | 'capture' | 'today' | 'rules'>;

/** Why the identity the form resolves to may not have the chosen service today, or null (also when it does not parse). */
export function ineligibilityOf(context: KioskContext): KioskContext['ineligible'] {
  const checked = checkedIdentity(context);
  if (!('identity' in checked) || !context.serviceKind) return null;
  const decision = eligibility({
    service: context.serviceKind,
    birthDate: checked.identity.birthDate,
    day: context.today(),
    rules: context.rules(),
  });
  return decision.ok ? null : { code: decision.code, minimumAge: decision.minimumAge };
}

export const kioskRegistrationMachine = setup({
  types: {
    context: {} as KioskContext,
    events: {} as KioskEvent,
    input: {} as KioskInput | undefined,
  },
  actors: {
    readChip: fromPromise<ChipReading, { idNumber: string }>(async () => {
      throw new Error('kioskRegistrationMachine: provide a readChip actor');
    }),
    /** The station's QR scanner: sends `qr.scanned` for each code while the identity step is on screen. None by default. */
    qrScanner: fromCallback<KioskEvent>(() => () => {}),
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
    identityValid: ({ context }) => 'identity' in checkedIdentity(context),
    isIneligible: ({ context }) => ineligibilityOf(context) !== null,
    canReadChip: ({ context }) => formValues(context.capture.form).idNumber.length === 12,
    isCardQr: (_, params: { payload: string }) => isCardQr(params),
    isCitizenMrz: (_, params: { reading: MrzReading }) => isCitizenMrz(params.reading.result),
    contactValid: ({ event }) => event.type === 'contact.submitted' && 'contact' in parseContactStep(event.values),
  },
  actions: {
    /** Back to a blank slate: nothing of the last citizen stays in memory. The language resets too. */
    wipeCitizen: assign(() => ({ ...empty, capture: emptyCapture(), language: 'vi' as const })),
    clearFieldErrors: assign({ fieldErrors: {} }),
    fillFromQr: assign({
      capture: ({ context }, params: { payload: string }) => {
        const read = readQr(params.payload);
        return 'qr' in read ? fillFromQr(context.capture, read.qr) : context.capture;
      },
      qrErrorCode: null,
    }),
    recordQrRefused: assign({
      qrErrorCode: (_, params: { payload: string }) => {
        const read = readQr(params.payload);
        return 'code' in read ? read.code : null;
      },
    }),
    fillFromMrz: assign({ capture: ({ context }, params: { reading: MrzReading }) => fillFromMrz(context.capture, params.reading) }),
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
  context: ({ input }) => ({
    ...empty,
    capture: emptyCapture(),
    language: input?.language ?? 'vi',
    today: input?.today ?? (() => hcmDay(new Date())),
    rules: input?.rules ?? (() => defaultServiceRules),
  }),
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
          type: 'parallel',
          invoke: { id: 'qrScanner', src: 'qrScanner' },
          on: {
            'identity.edited': { actions: assign({ capture: ({ context, event }) => editForm(context.capture, event.changes) }) },
            'mrz.nameUsed': { actions: assign({ capture: ({ context }) => withMrzName(context.capture) }) },
            'identity.submitted': [
              {
                guard: and(['identityValid', 'isIneligible']),
                target: 'ineligible',
                actions: [assign({ ineligible: ({ context }) => ineligibilityOf(context) }), 'clearFieldErrors'],
              },
              {
                guard: 'identityValid',
                target: 'contact',
                actions: [
                  assign({ identity: ({ context }) => (checkedIdentity(context) as { identity: Identity }).identity }),
                  'clearFieldErrors',
                ],
              },
              { actions: assign({ fieldErrors: ({ context }) => (checkedIdentity(context) as { errors: FieldErrors }).errors }) },
            ],
            'step.back': [
              { guard: 'isSignature', target: 'provider', actions: 'clearFieldErrors' },
              { target: 'service', actions: 'clearFieldErrors' },
            ],
          },
          states: {
            /** The card's chip, read with the typed ID number; a QR or MRZ fill resets it (and drops a read under way). */
            chip: {
              initial: 'idle',
              on: {
                'qr.scanned': { guard: { type: 'isCardQr', params: ({ event }) => event }, target: '.idle' },
                'mrz.read': { guard: { type: 'isCitizenMrz', params: ({ event }) => event }, target: '.idle' },
              },
              states: {
                idle: { on: { 'chip.read': { guard: 'canReadChip', target: 'reading' } } },
                reading: {
                  entry: assign({ chipErrorCode: null }),
                  invoke: {
                    id: 'readChip',
                    src: 'readChip',
                    input: ({ context }) => ({ idNumber: formValues(context.capture.form).idNumber }),
                    onDone: {
                      target: 'done',
                      actions: assign({ capture: ({ context, event }) => fillFromChip(context.capture, event.output) }),
                    },
                    onError: { target: 'failed', actions: assign({ chipErrorCode: ({ event }) => errorCodeOf(event.error) }) },
                  },
                },
                done: { on: { 'chip.read': { guard: 'canReadChip', target: 'reading' } } },
                failed: { on: { 'chip.read': { guard: 'canReadChip', target: 'reading' } } },
              },
            },
            /** The card's QR, from the station's scanner or the camera: it fills every field. */
            qr: {
              initial: 'idle',
              on: {
                'qr.scanned': [
                  {
                    guard: { type: 'isCardQr', params: ({ event }) => event },
                    target: '.done',
                    actions: { type: 'fillFromQr', params: ({ event }) => event },
                  },
                  { target: '.failed', actions: { type: 'recordQrRefused', params: ({ event }) => event } },
                ],
                'qr.cameraFailed': '.cameraFailed',
              },
              states: { idle: {}, done: {}, failed: {}, cameraFailed: {} },
            },
            /** The MRZ on the card's back (camera): it fills the ID number, birth date and sex; its name is offered beside the name field. */
            mrz: {
              initial: 'idle',
              on: {
                'mrz.read': [
                  {
                    guard: { type: 'isCitizenMrz', params: ({ event }) => event },
                    target: '.done',
                    actions: { type: 'fillFromMrz', params: ({ event }) => event },
                  },
                  { target: '.notCitizenCard' },
                ],
                'mrz.cameraFailed': '.cameraFailed',
                'qr.scanned': { guard: { type: 'isCardQr', params: ({ event }) => event }, target: '.idle' },
              },
              states: { idle: {}, done: {}, notCitizenCard: {}, cameraFailed: {} },
            },
            /** One camera at a time, switched on by the citizen, off after a read or a failure. */
            camera: {
              initial: 'off',
              states: {
                off: { on: { 'qr.cameraToggled': 'qr', 'mrz.cameraToggled': 'mrz' } },
                qr: {
                  on: {
                    'qr.cameraToggled': 'off',
                    'mrz.cameraToggled': 'mrz',
                    'qr.cameraFailed': 'off',
                    'qr.scanned': { guard: { type: 'isCardQr', params: ({ event }) => event }, target: 'off' },
                  },
                },
                mrz: { on: { 'mrz.cameraToggled': 'off', 'qr.cameraToggled': 'qr', 'mrz.cameraFailed': 'off', 'mrz.read': 'off' } },
              },
            },
          },
        },
        /**
         * Too young for the chosen service: what to do instead, in plain words. Back to the form
         * (a mistyped birth date), to another service (the form stays filled), or finished
         * (`flow.cancel`, answers wiped).
         */
        ineligible: {
          exit: assign({ ineligible: null }),
          on: {
            'step.back': 'identity',
            'service.change': { target: 'service', actions: assign({ identity: null, service: null, serviceKind: null }) },
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
        // Deep: back from the idle warning, the identity step's regions are as they were.
        hist: { type: 'history', history: 'deep' },
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
      entry: assign({ identity: null, contact: null, capture: () => emptyCapture() }),
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

export type KioskSnapshot = SnapshotFrom<typeof kioskRegistrationMachine>;

/** Where each region of the identity step stands (chip, qr, mrz, camera), or null when the step is not active. */
export function identityRegions(snapshot: KioskSnapshot) {
  const value = snapshot.value;
  return typeof value === 'object' && 'filling' in value && typeof value.filling === 'object' && 'identity' in value.filling
    ? value.filling.identity
    : null;
}
