import type { TicketWait } from '../queue/ticket-wait.ts';
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
import { kioskSecondsBetween } from '../schemas/kiosk-time.ts';
import type { Channel, Service, ServiceKind } from '../schemas/service.ts';
import type { Ticket } from '../schemas/ticket.ts';
import { eligibility } from '../gates/eligibility.ts';
import { defaultServiceRules, type ServiceRules } from '../gates/service-rules.ts';
import { IDENTITY_QUESTIONS, errorsOn, firstWrongQuestion, questionBefore, type IdentityQuestion } from './identity-questions.ts';

/**
 * A citizen's self-registration at the kiosk, as a statechart:
 *
 *   welcome → filling.service → (filling.provider) → filling.identity → filling.contact
 *           → filling.consent → filling.summary → submitting → ticket → welcome
 *                               ↘ filling.ineligible (too young for the chosen service)
 *   filling.identity: how → card (chip, QR or MRZ read) ─┐
 *                        ↘ idNumber → fullName → birth → address → contact (or ineligible)
 *
 * The machine holds the citizen's answers in its context and validates each step with the core
 * schemas, so a wrong date or phone is refused at the step with a code the page shows beside the
 * field. The I/O is in actors the app provides: `submitRegistration` (make the ticket number,
 * write `registration.submitted` to the outbox — works offline), `printTicket` (the hardware
 * agent; a failed print never undoes the registration, the ticket stays on screen), and for the
 * identity step `readChip` (the card's chip through the agent) and `qrScanner` (the station's QR
 * scanner, heard only while the step is on screen).
 *
 * The identity step asks one thing per page. First how the citizen gives the card's details:
 * the card page (`card`, four regions side by side — the chip read, the QR, the MRZ, and which
 * camera is on) or typing. Typing is one question per page (identity-questions.ts). Every page
 * edits one form kept field by field in `capture` (core/id identity-form.ts): a reading fills
 * it, the citizen edits it, and `resolveIdentity` decides the identity's source, assurance and
 * provenance from the form and the readings. After a page, the flow goes to the first question
 * still unanswered or wrong — a card read that answered everything goes straight on — and once
 * the identity checks, to the contact step. The form outlives the pages (Back and forth, the idle
 * warning). A card QR held to the station's scanner on any identity page is read at once.
 *
 * "Check your answers" has a Change link per answer: it opens that answer's page with
 * `returning` set, and the page's Continue (or Back) goes straight back to the summary — through
 * the eligibility check again when the service or the birth date may have changed.
 *
 * A citizen too young for the service they chose (core's `eligibility`, with the ages the server
 * sends in its reference) is told so at the identity step, with what to do instead, before they
 * give a phone number or consent for a service they cannot receive; nothing is submitted.
 *
 * A kiosk is public: someone who walks away must not leave their data for the next person. After
 * `idleWarning` with no touch the machine asks "are you still there?", and `idleReset` later it
 * returns to the welcome screen, where entry wipes every answer from memory.
 *
 * The submission carries how long the visit took (`kioskSeconds`, whole seconds from the tap that
 * left the welcome screen to the submit, on the clock the app gives as `now`): the booth-day
 * planner's kiosk time. A visit the idle reset ended is forgotten with its answers; the next
 * citizen's starts from their own tap.
 */

export type Language = 'vi' | 'en';

/**
 * Large text and high contrast, chosen by the citizen on any screen. Held with the language
 * because they belong to the same person: the next citizen starts from the defaults.
 */
export interface DisplayModes {
  largeText: boolean;
  highContrast: boolean;
}

export const DEFAULT_DISPLAY: DisplayModes = { largeText: false, highContrast: false };

/** What the flow has when the citizen confirms: everything a draft needs except ids and ticket. */
export interface KioskAnswers {
  service: Service;
  identity: Identity;
  contact: Contact;
  /** When consent was given (ISO instant); the text version is the app's current one. */
  consentAt: string;
  language: Language;
  /** Asked for priority on the summary (one tap, no proof). */
  priority: boolean;
  /** Whole seconds from the tap that left the welcome screen to this submit; absent when not measured. */
  kioskSeconds?: number;
}

export interface SubmittedTicket {
  registrationId: string;
  ticket: Ticket;
  /**
   * The registration sealed for the site's counters (docs/handoff-ticket.md), printed as the
   * ticket's QR so a counter can serve it with no server; absent when the kiosk holds no site key.
   */
  handoff?: string;
  /** People ahead and about how long, from the site's counts the kiosk last received (ticket-wait.ts); absent = not told. */
  wait?: TicketWait;
}

/** What the printed ticket needs: no identity, no contact. */
export interface PrintTicketInput {
  service: Service;
  language: Language;
  submitted: SubmittedTicket;
  /** The ticket says it is a priority ticket, so the citizen can show it if asked. */
  priority: boolean;
}

export type FieldErrors = Partial<Record<string, ErrorCode>>;

export interface KioskContext {
  language: Language;
  display: DisplayModes;
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
  /** Which way of reading the card the citizen chose: the card page shows that one. */
  cardMethod: CardMethod | null;
  /** The citizen came from the summary's Change link: the changed page returns there. */
  returning: boolean;
  /** Codes of the fields the last submitted step got wrong, by field name. */
  fieldErrors: FieldErrors;
  submitted: SubmittedTicket | null;
  /** The citizen asked for priority (elderly, disability, pregnancy, with a child): one tap on the summary, no proof. */
  priority: boolean;
  print: 'idle' | 'printing' | 'printed' | 'failed';
  printErrorCode: ErrorCode | null;
  lastErrorCode: ErrorCode | null;
  /** Today in Ho Chi Minh time (`YYYY-MM-DD`): no birth date after it. Given by the app (input `today`). */
  today: () => string;
  /** Why the citizen cannot have the service they chose, and the age it needs. */
  ineligible: { code: ErrorCode; minimumAge: number } | null;
  /** The server's ages (its reference as it stands, defaults until one arrives). Given by the app (input `rules`). */
  rules: () => ServiceRules;
  /** The kiosk's clock in milliseconds (input `now`; the app gives a monotonic one), read when the citizen starts and submits. */
  now: () => number;
  /** When this citizen left the welcome screen (`now()`), `null` at the welcome screen: the kiosk time is measured from here. */
  startedAt: number | null;
}

export interface KioskInput {
  language?: Language;
  /** Today's Ho Chi Minh day; default from the device clock. */
  today?: () => string;
  /** The server's service rules as the kiosk holds them now; default: core's defaults. */
  rules?: () => ServiceRules;
  /** The clock the time at the kiosk is measured with, in milliseconds; default `Date.now`. */
  now?: () => number;
}

export type CardMethod = 'chip' | 'qr' | 'mrz';
/** An answer the summary offers to change (the birth date and sex are one page). */
export type ChangeableAnswer = 'service' | IdentityQuestion | 'contact';

export type KioskEvent =
  | { type: 'flow.start' }
  | { type: 'language.changed'; language: Language }
  | { type: 'display.changed'; display: DisplayModes }
  | { type: 'service.chosen'; kind: ServiceKind }
  | { type: 'provider.chosen'; channel: Channel; providerId: string }
  /** How the citizen gives the card's details: a card reading, or typing them. */
  | { type: 'identity.method'; method: CardMethod | 'type' }
  /** From the summary: change this answer, then come back. */
  | { type: 'answer.change'; answer: ChangeableAnswer }
  /** The citizen typed into the identity form: the fields given change. */
  | { type: 'identity.edited'; changes: Partial<IdentityForm> }
  /** The identity page's Continue: its answers (or the card's) checked, then on to the next page. */
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
  /** On the summary: ask for priority, or take the request back. */
  | { type: 'priority.toggled' }
  | { type: 'step.back' }
  /** From the "not for you yet" screen: choose another service (the form stays filled). */
  | { type: 'service.change' }
  | { type: 'flow.cancel' }
  | { type: 'activity.seen' }
  | { type: 'print.retry' }
  | { type: 'ticket.done' }
  /** From the page that explains a declined consent: end now (the answers are erased). */
  | { type: 'declined.done' }
  /** From the page that explains a declined consent: back to the consent page, the answers as they were. */
  | { type: 'declined.back' }
  /** Internal: raised by the machine itself when no touch came for `idleWarning`. */
  | { type: 'idle.timeout' };

/** Defaults in ms; the app and tests override them with `.provide({ delays })`. */
export const KIOSK_IDLE_WARNING_MS = 60_000;
export const KIOSK_IDLE_RESET_MS = 20_000;
export const KIOSK_TICKET_LINGER_MS = 45_000;
/** As long as the idle warning's wait: the page is read, or listened to, before the citizen decides. */
export const KIOSK_DECLINED_LINGER_MS = 60_000;

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
  priority: false,
  print: 'idle',
  printErrorCode: null,
  lastErrorCode: null,
  ineligible: null,
  cardMethod: null,
  returning: false,
  startedAt: null,
} as const satisfies Omit<KioskContext, 'language' | 'display' | 'capture' | 'today' | 'rules' | 'now'>;

/** The identity's errors, or none when it checks. */
const identityErrors = (context: KioskContext): FieldErrors => {
  const checked = checkedIdentity(context);
  return 'errors' in checked ? checked.errors : {};
};

/** Back from a page: to the summary when the citizen came from its Change link, else to `target`. */
const backTo = (target: string) => [
  { guard: 'returning' as const, target: '#kiosk.filling.summary', actions: 'clearFieldErrors' as const },
  { target, actions: 'clearFieldErrors' as const },
];

/**
 * Leaving an identity page (its own answers are right): back to the summary through the
 * eligibility check when the citizen came to change an answer, else to the "not for you yet"
 * page or the contact step once the identity checks, else to the first question still
 * unanswered or wrong (no error shown there yet: the citizen has not answered it).
 */
const leaveIdentity = [
  {
    guard: 'changedIdentityValid' as const,
    target: '#kiosk.filling.recheck',
    actions: ['keepIdentity', 'clearFieldErrors'] as const,
  },
  {
    guard: 'isIneligible' as const,
    target: '#kiosk.filling.ineligible',
    actions: ['noteIneligible', 'clearFieldErrors'] as const,
  },
  { guard: 'identityValid' as const, target: '#kiosk.filling.contact', actions: ['keepIdentity', 'clearFieldErrors'] as const },
  ...IDENTITY_QUESTIONS.map((question) => ({
    guard: { type: 'firstWrongIs' as const, params: { question } },
    target: `#kiosk.filling.identity.${question}`,
    actions: 'clearFieldErrors' as const,
  })),
];

/** A QR held to the station's scanner on a page other than the card page: read at once, its result shown on the card page. */
const cardQrHeard = [
  {
    guard: 'heardCardQr' as const,
    target: '#kiosk.filling.identity.card.qr.done',
    actions: ['fillFromHeardQr', 'clearFieldErrors'] as const,
  },
  { target: '#kiosk.filling.identity.card.qr.failed', actions: ['refuseHeardQr', 'clearFieldErrors'] as const },
];

/** A question page: its own errors keep the citizen there; else on (`leaveIdentity`). Back goes to the page before. */
const questionPage = (question: IdentityQuestion) => ({
  on: {
    'identity.submitted': [
      {
        guard: { type: 'pageWrong' as const, params: { question } },
        actions: { type: 'showPageErrors' as const, params: { question } },
      },
      ...leaveIdentity,
    ],
    'step.back': backTo(questionBefore(question) ?? 'how'),
    'qr.scanned': cardQrHeard,
  },
});

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

/** The time at the kiosk as the submission records it: whole seconds since the citizen started, or nothing. */
function kioskTimeOf(context: KioskContext): { kioskSeconds?: number } {
  const seconds = kioskSecondsBetween(context.startedAt, context.now());
  return seconds === null ? {} : { kioskSeconds: seconds };
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
    declinedLinger: KIOSK_DECLINED_LINGER_MS,
  },
  guards: {
    isSignature: ({ context }) => context.serviceKind === 'digital-signature',
    identityValid: ({ context }) => 'identity' in checkedIdentity(context),
    isIneligible: ({ context }) => ineligibilityOf(context) !== null,
    canReadChip: ({ context }) => formValues(context.capture.form).idNumber.length === 12,
    isCardQr: (_, params: { payload: string }) => isCardQr(params),
    isCitizenMrz: (_, params: { reading: MrzReading }) => isCitizenMrz(params.reading.result),
    returning: ({ context }) => context.returning,
    changedIdentityValid: ({ context }) => context.returning && 'identity' in checkedIdentity(context),
    heardCardQr: ({ event }) => event.type === 'qr.scanned' && isCardQr(event),
    firstWrongIs: ({ context }, params: { question: IdentityQuestion }) => firstWrongQuestion(identityErrors(context)) === params.question,
    pageWrong: ({ context }, params: { question: IdentityQuestion }) =>
      Object.keys(errorsOn(params.question, identityErrors(context))).length > 0,
    contactValid: ({ event }) => event.type === 'contact.submitted' && 'contact' in parseContactStep(event.values),
  },
  actions: {
    /** Back to a blank slate: nothing of the last citizen stays in memory. The language and display modes reset too. */
    wipeCitizen: assign(() => ({ ...empty, capture: emptyCapture(), language: 'vi' as const, display: DEFAULT_DISPLAY })),
    clearFieldErrors: assign({ fieldErrors: {} }),
    keepProvider: assign({
      service: ({ event }) =>
        event.type === 'provider.chosen'
          ? { kind: 'digital-signature' as const, channel: event.channel, providerId: event.providerId }
          : null,
    }),
    fillFromHeardQr: assign({
      capture: ({ context, event }) => {
        const read = event.type === 'qr.scanned' ? readQr(event.payload) : null;
        return read && 'qr' in read ? fillFromQr(context.capture, read.qr) : context.capture;
      },
      qrErrorCode: null,
      cardMethod: 'qr',
    }),
    refuseHeardQr: assign({
      qrErrorCode: ({ event }) => {
        const read = event.type === 'qr.scanned' ? readQr(event.payload) : null;
        return read && 'code' in read ? read.code : null;
      },
      cardMethod: 'qr',
    }),
    showPageErrors: assign({
      fieldErrors: ({ context }, params: { question: IdentityQuestion }) => errorsOn(params.question, identityErrors(context)),
    }),
    startChange: assign({ returning: true, lastErrorCode: null }),
    noteIneligible: assign({ ineligible: ({ context }) => ineligibilityOf(context) }),
    keepIdentity: assign({ identity: ({ context }) => (checkedIdentity(context) as { identity: Identity }).identity }),
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
    display: DEFAULT_DISPLAY,
    today: input?.today ?? (() => hcmDay(new Date())),
    rules: input?.rules ?? (() => defaultServiceRules),
    now: input?.now ?? (() => Date.now()),
  }),
  initial: 'welcome',
  on: {
    'language.changed': { actions: assign({ language: ({ event }) => event.language }) },
    'display.changed': { actions: assign({ display: ({ event }) => ({ ...event.display }) }) },
  },
  states: {
    welcome: {
      entry: 'wipeCitizen',
      // The citizen's visit starts here: the welcome's wipe (after a ticket, a cancel or the idle reset) clears it again.
      on: { 'flow.start': { target: 'filling', actions: assign({ startedAt: ({ context }) => context.now() }) } },
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
              {
                guard: 'returning',
                target: 'recheck',
                actions: assign({ serviceKind: ({ event }) => event.kind, service: { kind: 'eid-level2' } }),
              },
              { target: 'identity', actions: assign({ serviceKind: ({ event }) => event.kind, service: { kind: 'eid-level2' } }) },
            ],
            'step.back': [{ guard: 'returning', target: 'summary' }, { target: '#kiosk.welcome' }],
          },
        },
        provider: {
          on: {
            'provider.chosen': [
              { guard: 'returning', target: 'recheck', actions: 'keepProvider' },
              { target: 'identity', actions: 'keepProvider' },
            ],
            'step.back': 'service',
          },
        },
        identity: {
          initial: 'how',
          invoke: { id: 'qrScanner', src: 'qrScanner' },
          on: {
            'identity.edited': { actions: assign({ capture: ({ context, event }) => editForm(context.capture, event.changes) }) },
            'mrz.nameUsed': { actions: assign({ capture: ({ context }) => withMrzName(context.capture) }) },
          },
          states: {
            /** How will you give your card's details: read the card (chip, QR, back of the card) or type them. */
            how: {
              on: {
                'identity.method': [
                  { guard: ({ event }) => event.method === 'type', target: 'idNumber' },
                  {
                    target: 'card',
                    actions: assign({ cardMethod: ({ event }) => (event.method === 'type' ? null : event.method) }),
                  },
                ],
                'qr.scanned': cardQrHeard,
                'step.back': [
                  { guard: 'returning', target: '#kiosk.filling.summary' },
                  { guard: 'isSignature', target: '#kiosk.filling.provider' },
                  { target: '#kiosk.filling.service' },
                ],
              },
            },
            idNumber: questionPage('idNumber'),
            fullName: questionPage('fullName'),
            birth: questionPage('birth'),
            address: questionPage('address'),
            /** The card page: the chosen reading (and the others, which stay live), then on to what it did not answer. */
            card: {
              type: 'parallel',
              on: {
                'identity.submitted': leaveIdentity,
                'step.back': { target: 'how', actions: 'clearFieldErrors' },
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
            // Where the citizen was in the identity step, for Back from the contact step.
            last: { type: 'history', history: 'deep' },
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
            // Back to the birth date: the reason the service is refused.
            'step.back': 'identity.birth',
            // Another service is a new start from there: no summary to return to (its identity is gone).
            'service.change': {
              target: 'service',
              actions: assign({ identity: null, service: null, serviceKind: null, returning: false }),
            },
          },
        },
        contact: {
          on: {
            'contact.submitted': [
              {
                guard: and(['contactValid', 'returning']),
                target: 'summary',
                actions: [
                  assign({ contact: ({ event }) => (parseContactStep(event.values) as { contact: Contact }).contact }),
                  'clearFieldErrors',
                ],
              },
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
            'step.back': backTo('identity.last'),
          },
        },
        consent: {
          on: {
            'consent.given': { target: 'summary', actions: assign({ consentAt: ({ event }) => event.at }) },
            // Without consent nothing is sent or kept: a page says so and offers the way back.
            'consent.declined': '#kiosk.declined',
            'step.back': 'contact',
          },
        },
        summary: {
          entry: assign({ returning: false }),
          on: {
            'summary.confirmed': { target: '#kiosk.submitting', actions: assign({ lastErrorCode: null }) },
            'priority.toggled': { actions: assign({ priority: ({ context }) => !context.priority }) },
            'step.back': 'consent',
            'answer.change': [
              { guard: ({ event }) => event.answer === 'service', target: 'service', actions: 'startChange' },
              { guard: ({ event }) => event.answer === 'contact', target: 'contact', actions: 'startChange' },
              ...IDENTITY_QUESTIONS.map((question) => ({
                guard: ({ event }: { event: KioskEvent }) => event.type === 'answer.change' && event.answer === question,
                target: `identity.${question}`,
                actions: 'startChange' as const,
              })),
            ],
          },
        },
        /**
         * A changed service or identity, on its way back to the summary: the service may need an
         * age the birth date does not give (the "not for you yet" page), else straight back.
         */
        recheck: {
          always: [{ guard: 'isIneligible', target: 'ineligible', actions: 'noteIneligible' }, { target: 'summary' }],
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
    /**
     * The citizen said no to consent: the page says what declining means — nothing was sent or
     * stored — and offers the way back to the consent page (a tap by mistake, or a change of mind
     * after reading), with the answers still in memory, never written anywhere. Ending, or no
     * touch for a while, goes to the start screen, which erases them (`wipeCitizen`).
     */
    declined: {
      after: { declinedLinger: 'welcome' },
      on: { 'declined.done': 'welcome', 'declined.back': 'filling.consent' },
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
          priority: context.priority,
          ...kioskTimeOf(context),
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
            input: ({ context }) => ({
              service: context.service!,
              language: context.language,
              submitted: context.submitted!,
              priority: context.priority,
            }),
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

type IdentityValue = { card: { chip: string; qr: string; mrz: string; camera: string } } | string;

function identityValue(snapshot: KioskSnapshot): IdentityValue | null {
  const value = snapshot.value;
  return typeof value === 'object' && 'filling' in value && typeof value.filling === 'object' && 'identity' in value.filling
    ? (value.filling.identity as IdentityValue)
    : null;
}

/** Which page of the identity step is on screen (`how`, `card` or a question), or null when the step is not active. */
export function identityPage(snapshot: KioskSnapshot): 'how' | 'card' | IdentityQuestion | null {
  const value = identityValue(snapshot);
  if (value === null) return null;
  return typeof value === 'string' ? (value as 'how' | IdentityQuestion) : 'card';
}

/** Where each region of the card page stands (chip, qr, mrz, camera), or null when the card page is not on screen. */
export function identityRegions(snapshot: KioskSnapshot) {
  const value = identityValue(snapshot);
  return value !== null && typeof value === 'object' ? value.card : null;
}
