import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createActor, fromCallback, fromPromise, transition, type AnyStateNode } from 'xstate';
import { getShortestPaths } from '@xstate/graph';
import { DangkyError } from '../errors/dangky-error.ts';
import { buildTd1 } from '../id/build-mrz.ts';
import { emptyCapture, type IdentityForm } from '../id/identity-form.ts';
import { parseMrz } from '../id/mrz.ts';
import { eligibility } from '../gates/eligibility.ts';
import { serviceRules } from '../gates/service-rules.ts';
import type { ChipReading } from '../id/provenance.ts';
import {
  KIOSK_IDLE_RESET_MS,
  KIOSK_IDLE_WARNING_MS,
  KIOSK_DECLINED_LINGER_MS,
  KIOSK_TICKET_LINGER_MS,
  identityPage,
  identityRegions,
  kioskRegistrationMachine,
  parseContactStep,
  parseIdentityStep,
  type KioskAnswers,
  type KioskEvent,
  type PrintTicketInput,
  type SubmittedTicket,
} from './kiosk-registration.ts';

const person = {
  idNumber: '079190012345',
  fullName: 'Nguyễn Thị Thử',
  birthDate: '1990-05-17',
  sex: 'F',
  address: '12 Lê Lợi, phường Bến Thành, TP. Hồ Chí Minh',
};
/** The same person as the identity form holds them (the birth date in its three boxes). */
const personForm: Partial<IdentityForm> = {
  idNumber: person.idNumber,
  fullName: person.fullName,
  birthDay: '17',
  birthMonth: '05',
  birthYear: '1990',
  sex: 'F',
  address: person.address,
};
const today = '2026-11-29';
const cardQr = '079190012345||Nguyễn Thị Thử|17051990|Nữ|12 Lê Lợi, phường Bến Thành, TP. Hồ Chí Minh|20042021';
const chipReading: ChipReading = {
  verdict: 'verified',
  identity: { idNumber: person.idNumber, fullName: person.fullName, birthDate: person.birthDate, sex: 'F', address: person.address },
};
const mrzOf = (layout: 'VNM' | 'other') => ({
  result: parseMrz(
    buildTd1({
      issuingState: layout === 'VNM' ? 'VNM' : 'D',
      idNumber: '079190012345',
      documentNumber: 'C01X00T47',
      birthDate: '1990-05-17',
      sex: 'F',
      expiryDate: '2030-05-17',
      nationality: layout === 'VNM' ? 'VNM' : 'D',
      surname: 'NGUYEN',
      givenNames: 'THI THU',
    }),
    { today },
  ),
  corrections: [],
});
const submitted: SubmittedTicket = {
  registrationId: '019ab000-0000-7000-8000-000000000001',
  ticket: { number: 'A-001', day: '2026-11-29' },
};

function harness(options: { failSubmit?: string; failPrint?: string; chip?: () => Promise<ChipReading>; scans?: string[] } = {}) {
  const submits: KioskAnswers[] = [];
  const prints: PrintTicketInput[] = [];
  const chipReads: string[] = [];
  const scans = [...(options.scans ?? [])];
  const machine = kioskRegistrationMachine.provide({
    actors: {
      submitRegistration: fromPromise<SubmittedTicket, KioskAnswers>(async ({ input }) => {
        if (options.failSubmit) throw Object.assign(new Error('x'), { code: options.failSubmit });
        submits.push(input);
        return submitted;
      }),
      printTicket: fromPromise<void, PrintTicketInput>(async ({ input }) => {
        if (options.failPrint) throw Object.assign(new Error('x'), { code: options.failPrint });
        prints.push(input);
      }),
      readChip: fromPromise<ChipReading, { idNumber: string }>(async ({ input }) => {
        chipReads.push(input.idNumber);
        return (options.chip ?? (async () => chipReading))();
      }),
      // The station's scanner: sends each scripted code once, when the identity step first listens.
      qrScanner: fromCallback<KioskEvent>(({ sendBack }) => {
        for (const payload of scans.splice(0)) sendBack({ type: 'qr.scanned', payload });
        return () => {};
      }),
    },
  });
  const actor = createActor(machine, { input: { today: () => today } }).start();
  return { actor, submits, prints, chipReads };
}

/** The happy path up to the summary, for a USB-token signature from VNPT. */
function fillIn(actor: ReturnType<typeof harness>['actor']) {
  actor.send({ type: 'flow.start' });
  actor.send({ type: 'service.chosen', kind: 'digital-signature' });
  actor.send({ type: 'provider.chosen', channel: 'token', providerId: 'vnpt' });
  actor.send({ type: 'identity.method', method: 'type' });
  actor.send({ type: 'identity.edited', changes: personForm });
  actor.send({ type: 'identity.submitted' });
  actor.send({ type: 'contact.submitted', values: { phone: '+84 912 345 678', email: '' } });
  actor.send({ type: 'consent.given', at: '2026-11-29T02:00:00.000Z' });
}

/** To the identity step of an e-ID registration, and on to the page of `method` when given. */
function toIdentity(actor: ReturnType<typeof harness>['actor'], method?: 'chip' | 'qr' | 'mrz' | 'type') {
  actor.send({ type: 'flow.start' });
  actor.send({ type: 'service.chosen', kind: 'eid-level2' });
  if (method) actor.send({ type: 'identity.method', method });
}

describe('kioskRegistrationMachine', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('walks a signature registration to a printed ticket and forgets the person', async () => {
    const { actor, submits, prints } = harness();
    fillIn(actor);
    expect(actor.getSnapshot().value).toEqual({ filling: 'summary' });
    actor.send({ type: 'summary.confirmed' });
    await vi.advanceTimersByTimeAsync(0);
    expect(submits).toHaveLength(1);
    expect(submits[0]).toMatchObject({
      service: { kind: 'digital-signature', channel: 'token', providerId: 'vnpt' },
      identity: { ...person, source: 'manual', assurance: 'declared' },
      contact: { phone: '0912345678', email: null },
      language: 'vi',
    });
    const s = actor.getSnapshot();
    expect(s.value).toEqual({ ticket: 'printed' });
    expect(s.context.submitted).toEqual(submitted);
    // The ticket screen needs no personal data, and the print job gets none.
    expect(s.context.identity).toBeNull();
    expect(s.context.contact).toBeNull();
    expect(prints).toEqual([
      { service: { kind: 'digital-signature', channel: 'token', providerId: 'vnpt' }, language: 'vi', submitted, priority: false },
    ]);
    expect(submits[0]?.priority).toBe(false);
    await vi.advanceTimersByTimeAsync(KIOSK_TICKET_LINGER_MS);
    expect(actor.getSnapshot().value).toBe('welcome');
    expect(actor.getSnapshot().context.submitted).toBeNull();
  });

  it('asks for priority with one tap on the summary: submitted and printed with it, forgotten for the next citizen', async () => {
    const { actor, submits, prints } = harness();
    fillIn(actor);
    actor.send({ type: 'priority.toggled' });
    actor.send({ type: 'priority.toggled' });
    expect(actor.getSnapshot().context.priority).toBe(false);
    actor.send({ type: 'priority.toggled' });
    expect(actor.getSnapshot().context.priority).toBe(true);
    actor.send({ type: 'summary.confirmed' });
    await vi.advanceTimersByTimeAsync(0);
    expect(submits[0]?.priority).toBe(true);
    expect(prints[0]?.priority).toBe(true);
    expect(actor.getSnapshot().context.priority).toBe(true);
    actor.send({ type: 'ticket.done' });
    expect(actor.getSnapshot().context.priority).toBe(false);
  });

  it('skips the provider step for e-ID level 2, and back goes to the service again', () => {
    const { actor } = harness();
    actor.send({ type: 'flow.start' });
    actor.send({ type: 'service.chosen', kind: 'eid-level2' });
    expect(actor.getSnapshot().matches({ filling: 'identity' })).toBe(true);
    expect(actor.getSnapshot().context.service).toEqual({ kind: 'eid-level2' });
    actor.send({ type: 'step.back' });
    expect(actor.getSnapshot().value).toEqual({ filling: 'service' });
  });

  it('asks the typed identity one question per page, each page refusing only its own wrong answers', () => {
    const { actor } = harness();
    toIdentity(actor);
    const page = () => identityPage(actor.getSnapshot());
    expect(page()).toBe('how');
    actor.send({ type: 'identity.method', method: 'type' });
    expect(page()).toBe('idNumber');
    actor.send({ type: 'identity.edited', changes: { idNumber: '07919001234' } });
    actor.send({ type: 'identity.submitted' });
    expect(page()).toBe('idNumber');
    // Only this page's question: the name, date and sex are not asked yet.
    expect(actor.getSnapshot().context.fieldErrors).toEqual({ idNumber: 'DK_ERR_ID_NUMBER_FORMAT' });
    // A touch while correcting keeps the message where it is (no layout jump under the finger).
    actor.send({ type: 'activity.seen' });
    expect(actor.getSnapshot().context.fieldErrors).toEqual({ idNumber: 'DK_ERR_ID_NUMBER_FORMAT' });
    actor.send({ type: 'identity.edited', changes: { idNumber: person.idNumber } });
    actor.send({ type: 'identity.submitted' });
    expect([page(), actor.getSnapshot().context.fieldErrors]).toEqual(['fullName', {}]);
    actor.send({ type: 'identity.edited', changes: { fullName: person.fullName } });
    actor.send({ type: 'identity.submitted' });
    expect(page()).toBe('birth');
    actor.send({ type: 'identity.edited', changes: { birthDay: '30', birthMonth: '02', birthYear: '1990' } });
    actor.send({ type: 'identity.submitted' });
    expect(actor.getSnapshot().context.fieldErrors).toEqual({ birthDate: 'DK_ERR_DATE_INVALID', sex: 'DK_ERR_SEX_REQUIRED' });
    actor.send({ type: 'step.back' });
    expect([page(), actor.getSnapshot().context.fieldErrors]).toEqual(['fullName', {}]);
    actor.send({ type: 'identity.submitted' });
    actor.send({ type: 'identity.edited', changes: { birthDay: '17', birthMonth: '05', sex: 'F' } });
    actor.send({ type: 'identity.submitted' });
    expect(page()).toBe('address');
    actor.send({ type: 'identity.submitted' });
    expect(actor.getSnapshot().context.fieldErrors).toHaveProperty('address');
    // A paste that brings a NUL or half a surrogate pair is refused at the field, never sent on to stop the sync.
    for (const pasted of [`${person.address}\u0000`, `\uD83D${person.address}`]) {
      actor.send({ type: 'identity.edited', changes: { address: pasted } });
      actor.send({ type: 'identity.submitted' });
      expect([page(), actor.getSnapshot().context.fieldErrors]).toEqual(['address', { address: 'DK_ERR_TEXT_UNSTORABLE' }]);
    }
    actor.send({ type: 'identity.edited', changes: { address: person.address } });
    actor.send({ type: 'identity.submitted' });
    expect(actor.getSnapshot().value).toEqual({ filling: 'contact' });
    expect(actor.getSnapshot().context.identity).toMatchObject({ ...person, source: 'manual' });
    // Back from the contact step: the page the citizen left.
    actor.send({ type: 'step.back' });
    expect(page()).toBe('address');
    actor.send({ type: 'step.back' });
    actor.send({ type: 'step.back' });
    actor.send({ type: 'step.back' });
    actor.send({ type: 'step.back' });
    expect(page()).toBe('how');
    actor.send({ type: 'step.back' });
    expect(actor.getSnapshot().value).toEqual({ filling: 'service' });
  });

  it('skips the questions a card read answered: a QR goes straight on, the back of the card leaves the name and address to ask', () => {
    const qr = harness({ scans: [cardQr] });
    toIdentity(qr.actor);
    expect(identityPage(qr.actor.getSnapshot())).toBe('card');
    qr.actor.send({ type: 'identity.submitted' });
    expect(qr.actor.getSnapshot().value).toEqual({ filling: 'contact' });

    const { actor } = harness();
    toIdentity(actor, 'mrz');
    actor.send({ type: 'mrz.cameraToggled' });
    actor.send({ type: 'mrz.read', reading: mrzOf('VNM') });
    actor.send({ type: 'identity.submitted' });
    expect(identityPage(actor.getSnapshot())).toBe('fullName');
    expect(actor.getSnapshot().context.fieldErrors).toEqual({}); // not answered yet, so not wrong yet
    actor.send({ type: 'identity.edited', changes: { fullName: 'Nguyễn Thị Thu' } });
    actor.send({ type: 'identity.submitted' });
    expect(identityPage(actor.getSnapshot())).toBe('address');
    actor.send({ type: 'identity.edited', changes: { address: 'Số 1' } });
    actor.send({ type: 'identity.submitted' });
    expect(actor.getSnapshot().context.identity).toMatchObject({ source: 'mrz', birthDate: '1990-05-17' });
  });

  it('reads a card QR held to the scanner on any identity page', () => {
    const { actor } = harness();
    toIdentity(actor, 'type');
    actor.send({ type: 'identity.edited', changes: { idNumber: '0791' } });
    actor.send({ type: 'identity.submitted' });
    actor.send({ type: 'qr.scanned', payload: cardQr });
    expect(identityRegions(actor.getSnapshot())).toMatchObject({ qr: 'done' });
    expect(actor.getSnapshot().context).toMatchObject({ cardMethod: 'qr', fieldErrors: {} });
    actor.send({ type: 'step.back' });
    actor.send({ type: 'identity.method', method: 'type' });
    actor.send({ type: 'qr.scanned', payload: 'not a card' });
    expect(identityRegions(actor.getSnapshot())).toMatchObject({ qr: 'failed' });
  });

  it('the summary’s Change link opens that answer’s page, and Continue or Back returns to the summary', () => {
    const { actor } = harness();
    fillIn(actor);
    const at = () => actor.getSnapshot();
    actor.send({ type: 'answer.change', answer: 'fullName' });
    expect(identityPage(at())).toBe('fullName');
    actor.send({ type: 'identity.edited', changes: { fullName: 'Nguyễn Thị Thu' } });
    actor.send({ type: 'identity.submitted' });
    expect(at().value).toEqual({ filling: 'summary' });
    expect(at().context).toMatchObject({ identity: { fullName: 'Nguyễn Thị Thu' }, returning: false });
    expect(at().context.contact?.phone).toBe('0912345678'); // the other answers stay
    // A wrong answer keeps the citizen on the page, as anywhere.
    actor.send({ type: 'answer.change', answer: 'birth' });
    actor.send({ type: 'identity.edited', changes: { birthDay: '31', birthMonth: '02' } });
    actor.send({ type: 'identity.submitted' });
    expect([identityPage(at()), at().context.fieldErrors]).toEqual(['birth', { birthDate: 'DK_ERR_DATE_INVALID' }]);
    // Back leaves the change: the summary still shows the identity it had.
    actor.send({ type: 'step.back' });
    expect(at().value).toEqual({ filling: 'summary' });
    expect(at().context.identity?.birthDate).toBe(person.birthDate);
    actor.send({ type: 'answer.change', answer: 'contact' });
    actor.send({ type: 'contact.submitted', values: { phone: '0987654321' } });
    expect(at().value).toEqual({ filling: 'summary' });
    expect(at().context.contact?.phone).toBe('0987654321');
  });

  it('a service changed from the summary is checked against the age again, then returns to the summary', () => {
    const { actor } = harness();
    fillIn(actor);
    actor.send({ type: 'answer.change', answer: 'service' });
    actor.send({ type: 'service.chosen', kind: 'eid-level2' });
    expect(actor.getSnapshot().value).toEqual({ filling: 'summary' });
    expect(actor.getSnapshot().context.service).toEqual({ kind: 'eid-level2' });
    actor.send({ type: 'answer.change', answer: 'service' });
    actor.send({ type: 'service.chosen', kind: 'digital-signature' });
    actor.send({ type: 'provider.chosen', channel: 'remote', providerId: 'viettel' });
    expect(actor.getSnapshot().value).toEqual({ filling: 'summary' });
    expect(actor.getSnapshot().context.service).toEqual({ kind: 'digital-signature', channel: 'remote', providerId: 'viettel' });
    // A birth date changed to a 16-year-old's: not for a signature.
    actor.send({ type: 'answer.change', answer: 'birth' });
    actor.send({ type: 'identity.edited', changes: { birthYear: '2010' } });
    actor.send({ type: 'identity.submitted' });
    expect(actor.getSnapshot().value).toEqual({ filling: 'ineligible' });
  });

  it('refuses a landline or a bad e-mail at the contact step', () => {
    expect(parseContactStep({ phone: '0283829 1234' })).toEqual({ errors: { phone: 'DK_ERR_PHONE_INVALID' } });
    expect(parseContactStep({ phone: '0912345678', email: 'a@' })).toEqual({ errors: { email: 'DK_ERR_EMAIL_INVALID' } });
    expect(parseContactStep({ phone: '0912.345.678', email: ' an@example.vn ' })).toEqual({
      contact: { phone: '0912345678', email: 'an@example.vn' },
    });
  });

  it('normalises what it keeps: NFC name, no extra spaces', () => {
    const r = parseIdentityStep(
      { values: { ...person, sex: 'F', fullName: '  Nguye\u0302\u0303n   Thị Thử ' }, source: 'manual', assurance: 'declared' },
      today,
    );
    expect(r).toMatchObject({ identity: { fullName: 'Nguyễn Thị Thử' } });
  });

  it('refuses a birth date after today — the Ho Chi Minh day the app gives, not the device’s UTC day', () => {
    const check = (birthDate: string, day: string) =>
      parseIdentityStep({ values: { ...person, sex: 'F', birthDate }, source: 'manual', assurance: 'declared' }, day);
    expect(check('2026-11-30', '2026-11-29')).toEqual({ errors: { birthDate: 'DK_ERR_BIRTH_DATE_RANGE' } });
    expect(check('2026-11-29', '2026-11-29')).toHaveProperty('identity');
    expect(check('1899-12-31', '2026-11-29')).toEqual({ errors: { birthDate: 'DK_ERR_BIRTH_DATE_RANGE' } });
  });

  it('carries the provenance of the identity to the submitted answers; a malformed one is left out', async () => {
    const { actor, submits } = harness({ scans: [cardQr] });
    toIdentity(actor);
    actor.send({ type: 'identity.submitted' });
    actor.send({ type: 'contact.submitted', values: { phone: '0912345678' } });
    actor.send({ type: 'consent.given', at: '2026-11-29T02:00:00.000Z' });
    actor.send({ type: 'summary.confirmed' });
    await vi.advanceTimersByTimeAsync(0);
    expect(submits[0]?.identity).toMatchObject({
      source: 'qr',
      assurance: 'declared',
      provenance: { fields: { idNumber: { source: 'qr', edited: false }, address: { source: 'qr', edited: false } } },
    });
    const bad = { fields: {}, checks: [{ check: 'id-number-structure', outcome: 'passed', detail: { field: '079190012345' } }] } as never;
    const r = parseIdentityStep({ values: { ...person, sex: 'F' }, source: 'qr', assurance: 'declared', provenance: bad }, today);
    expect(r).toHaveProperty('identity');
    expect((r as { identity: object }).identity).not.toHaveProperty('provenance');
  });

  function toConsent(actor: ReturnType<typeof harness>['actor']) {
    actor.send({ type: 'language.changed', language: 'en' });
    toIdentity(actor, 'type');
    actor.send({ type: 'identity.edited', changes: personForm });
    actor.send({ type: 'identity.submitted' });
    actor.send({ type: 'contact.submitted', values: { phone: '0912345678' } });
    expect(actor.getSnapshot().value).toEqual({ filling: 'consent' });
  }

  it('explains a declined consent in the citizen’s language, sends nothing, and ends by wiping everything', () => {
    const { actor, submits } = harness();
    toConsent(actor);
    actor.send({ type: 'consent.declined' });
    expect(actor.getSnapshot().value).toBe('declined');
    expect(actor.getSnapshot().context.language).toBe('en');
    actor.send({ type: 'declined.done' });
    const s = actor.getSnapshot();
    expect(s.value).toBe('welcome');
    expect(s.context.identity).toBeNull();
    expect(s.context.contact).toBeNull();
    expect(s.context.serviceKind).toBeNull();
    expect(s.context.capture).toEqual(emptyCapture());
    expect(s.context.language).toBe('vi');
    expect(submits).toEqual([]);
  });

  it('takes a citizen who declined back to the consent page with their answers, and on to the summary', () => {
    const { actor } = harness();
    toConsent(actor);
    const before = actor.getSnapshot().context;
    actor.send({ type: 'consent.declined' });
    actor.send({ type: 'declined.back' });
    const s = actor.getSnapshot();
    expect(s.value).toEqual({ filling: 'consent' });
    expect(s.context.identity).toEqual(before.identity);
    expect(s.context.contact).toEqual(before.contact);
    expect(s.context.capture).toEqual(before.capture);
    actor.send({ type: 'consent.given', at: '2026-11-29T02:00:00.000Z' });
    expect(actor.getSnapshot().value).toEqual({ filling: 'summary' });
  });

  it('leaves the declined page for the start screen by itself when nobody taps', async () => {
    const { actor } = harness();
    toConsent(actor);
    actor.send({ type: 'consent.declined' });
    await vi.advanceTimersByTimeAsync(KIOSK_DECLINED_LINGER_MS - 1);
    expect(actor.getSnapshot().value).toBe('declined');
    await vi.advanceTimersByTimeAsync(1);
    expect(actor.getSnapshot().value).toBe('welcome');
  });

  it('warns after the idle time, resumes the same step on a touch, resets and wipes after the reset time', async () => {
    const { actor } = harness();
    toIdentity(actor, 'type');
    actor.send({ type: 'identity.edited', changes: personForm });
    actor.send({ type: 'identity.submitted' });
    await vi.advanceTimersByTimeAsync(KIOSK_IDLE_WARNING_MS - 1);
    actor.send({ type: 'activity.seen' }); // a touch restarts the clock
    await vi.advanceTimersByTimeAsync(KIOSK_IDLE_WARNING_MS - 1);
    expect(actor.getSnapshot().value).toEqual({ filling: 'contact' });
    await vi.advanceTimersByTimeAsync(1);
    expect(actor.getSnapshot().value).toBe('idleWarning');
    actor.send({ type: 'activity.seen' });
    expect(actor.getSnapshot().value).toEqual({ filling: 'contact' });
    expect(actor.getSnapshot().context.identity?.fullName).toBe('Nguyễn Thị Thử');
    await vi.advanceTimersByTimeAsync(KIOSK_IDLE_WARNING_MS + KIOSK_IDLE_RESET_MS);
    const s = actor.getSnapshot();
    expect(s.value).toBe('welcome');
    expect(s.context.identity).toBeNull();
    expect(s.context.capture).toEqual(emptyCapture());
    expect(s.context.serviceKind).toBeNull();
  });

  it('measures the visit from the tap that leaves the welcome screen to the submit; a visit the idle reset ended starts again', async () => {
    const { actor, submits } = harness();
    // The welcome screen's own time is nobody's visit.
    await vi.advanceTimersByTimeAsync(30_000);
    toIdentity(actor, 'type');
    expect(actor.getSnapshot().context.startedAt).toBe(Date.now());
    // Walking away: the idle reset forgets the visit with the answers.
    await vi.advanceTimersByTimeAsync(KIOSK_IDLE_WARNING_MS + KIOSK_IDLE_RESET_MS);
    expect(actor.getSnapshot().value).toBe('welcome');
    expect(actor.getSnapshot().context.startedAt).toBeNull();
    await vi.advanceTimersByTimeAsync(10_000);
    fillIn(actor);
    await vi.advanceTimersByTimeAsync(50_000);
    // The idle warning and a touch keep the same visit going.
    await vi.advanceTimersByTimeAsync(KIOSK_IDLE_WARNING_MS - 50_000);
    expect(actor.getSnapshot().value).toBe('idleWarning');
    actor.send({ type: 'activity.seen' });
    await vi.advanceTimersByTimeAsync(35_400);
    actor.send({ type: 'summary.confirmed' });
    await vi.advanceTimersByTimeAsync(0);
    // 60 s + 35.4 s since this citizen's own tap, in whole seconds.
    expect(submits[0]?.kioskSeconds).toBe(95);
    actor.send({ type: 'ticket.done' });
    expect(actor.getSnapshot().context.startedAt).toBeNull();
  });

  it('sends no kiosk time it cannot trust: a clock that went back leaves the field out', async () => {
    let clock = 1_000_000;
    const machine = kioskRegistrationMachine.provide({
      actors: { submitRegistration: fromPromise<SubmittedTicket, KioskAnswers>(async ({ input }) => (answers.push(input), submitted)) },
    });
    const answers: KioskAnswers[] = [];
    const actor = createActor(machine, { input: { today: () => today, now: () => clock } }).start();
    fillIn(actor as unknown as ReturnType<typeof harness>['actor']);
    clock -= 5_000;
    actor.send({ type: 'summary.confirmed' });
    await vi.advanceTimersByTimeAsync(0);
    expect(answers).toHaveLength(1);
    expect(answers[0]).not.toHaveProperty('kioskSeconds');
  });

  it('goes back to the summary with the code when saving fails, and submits nothing twice', async () => {
    const { actor, submits } = harness({ failSubmit: 'DK_ERR_STORED_ROW_INVALID' });
    fillIn(actor);
    actor.send({ type: 'summary.confirmed' });
    await vi.advanceTimersByTimeAsync(0);
    expect(actor.getSnapshot().value).toEqual({ filling: 'summary' });
    expect(actor.getSnapshot().context.lastErrorCode).toBe('DK_ERR_STORED_ROW_INVALID');
    expect(submits).toHaveLength(0);
  });

  it('keeps the ticket on screen when the printer fails, and can retry', async () => {
    const { actor } = harness({ failPrint: 'DK_ERR_PRINTER_OFFLINE' });
    fillIn(actor);
    actor.send({ type: 'summary.confirmed' });
    await vi.advanceTimersByTimeAsync(0);
    expect(actor.getSnapshot().value).toEqual({ ticket: 'failed' });
    expect(actor.getSnapshot().context.printErrorCode).toBe('DK_ERR_PRINTER_OFFLINE');
    expect(actor.getSnapshot().context.submitted).toEqual(submitted);
    actor.send({ type: 'print.retry' });
    expect(actor.getSnapshot().value).toEqual({ ticket: 'printing' });
  });

  it('resets the language to Vietnamese for the next citizen', () => {
    const { actor } = harness();
    actor.send({ type: 'language.changed', language: 'en' });
    actor.send({ type: 'flow.start' });
    expect(actor.getSnapshot().context.language).toBe('en');
    actor.send({ type: 'flow.cancel' });
    expect(actor.getSnapshot().context.language).toBe('vi');
  });

  it('keeps large text and high contrast through the citizen’s visit and resets them for the next one', async () => {
    const { actor } = harness();
    actor.send({ type: 'display.changed', display: { largeText: true, highContrast: true } });
    actor.send({ type: 'flow.start' });
    actor.send({ type: 'service.chosen', kind: 'eid-level2' });
    expect(actor.getSnapshot().context.display).toEqual({ largeText: true, highContrast: true });
    actor.send({ type: 'flow.cancel' });
    expect(actor.getSnapshot().context.display).toEqual({ largeText: false, highContrast: false });
    // Walking away: the idle reset clears them too.
    actor.send({ type: 'flow.start' });
    actor.send({ type: 'display.changed', display: { largeText: false, highContrast: true } });
    await vi.advanceTimersByTimeAsync(KIOSK_IDLE_WARNING_MS + KIOSK_IDLE_RESET_MS);
    expect(actor.getSnapshot().value).toBe('welcome');
    expect(actor.getSnapshot().context.display).toEqual({ largeText: false, highContrast: false });
  });
});

describe('kioskRegistrationMachine — the identity step', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  const regions = (actor: ReturnType<typeof harness>['actor']) => identityRegions(actor.getSnapshot());

  it('reads the chip only with a 12-digit ID number, fills the form, and submits it as read from a verified chip', async () => {
    const { actor, chipReads } = harness();
    toIdentity(actor, 'chip');
    actor.send({ type: 'identity.edited', changes: { idNumber: '07919' } });
    actor.send({ type: 'chip.read' });
    expect(regions(actor)?.chip).toBe('idle');
    actor.send({ type: 'identity.edited', changes: { idNumber: '0791 9001 2345' } });
    actor.send({ type: 'chip.read' });
    expect(regions(actor)?.chip).toBe('reading');
    await vi.advanceTimersByTimeAsync(0);
    expect(chipReads).toEqual(['079190012345']);
    expect(regions(actor)?.chip).toBe('done');
    expect(actor.getSnapshot().context.capture.form).toMatchObject({ fullName: person.fullName, birthDay: '17', address: person.address });
    actor.send({ type: 'identity.submitted' });
    expect(actor.getSnapshot().context.identity).toMatchObject({ ...person, source: 'chip', assurance: 'chip-verified' });
  });

  it('shows why a chip read failed, and lets the citizen try again', async () => {
    const { actor } = harness({ chip: () => Promise.reject(new DangkyError('DK_ERR_AGENT_UNREACHABLE')) });
    toIdentity(actor, 'chip');
    actor.send({ type: 'identity.edited', changes: personForm });
    actor.send({ type: 'chip.read' });
    await vi.advanceTimersByTimeAsync(0);
    expect(regions(actor)?.chip).toBe('failed');
    expect(actor.getSnapshot().context.chipErrorCode).toBe('DK_ERR_AGENT_UNREACHABLE');
    actor.send({ type: 'chip.read' });
    expect(regions(actor)?.chip).toBe('reading');
    expect(actor.getSnapshot().context.chipErrorCode).toBeNull();
  });

  it('hears the station’s scanner while the step is on screen: a card QR fills the form, anything else is explained', () => {
    const { actor } = harness({ scans: ['https://example.invalid/not-a-card', cardQr] });
    actor.send({ type: 'flow.start' });
    expect(actor.getSnapshot().context.capture.form.idNumber).toBe(''); // not listening before the step
    actor.send({ type: 'service.chosen', kind: 'eid-level2' });
    expect(regions(actor)?.qr).toBe('done');
    expect(actor.getSnapshot().context.capture.form).toMatchObject({ idNumber: '079190012345', birthYear: '1990', sex: 'F' });
    actor.send({ type: 'qr.scanned', payload: 'not a card' });
    expect(regions(actor)?.qr).toBe('failed');
    expect(actor.getSnapshot().context.qrErrorCode).toMatch(/^DK_ERR_QR_/);
    expect(actor.getSnapshot().context.capture.form.idNumber).toBe('079190012345'); // a refused QR fills nothing
  });

  it('a QR read resets the chip (and drops a read under way), switches the QR camera off and leaves the MRZ camera alone', async () => {
    const { actor, chipReads } = harness({ chip: () => new Promise(() => {}) });
    toIdentity(actor, 'chip');
    actor.send({ type: 'identity.edited', changes: personForm });
    actor.send({ type: 'chip.read' });
    actor.send({ type: 'qr.cameraToggled' });
    actor.send({ type: 'qr.scanned', payload: cardQr });
    expect(regions(actor)).toEqual({ chip: 'idle', qr: 'done', mrz: 'idle', camera: 'off' });
    expect(chipReads).toHaveLength(1);
    actor.send({ type: 'mrz.cameraToggled' });
    actor.send({ type: 'qr.scanned', payload: cardQr });
    expect(regions(actor)?.camera).toBe('mrz');
  });

  it('one camera at a time; a camera that fails says so and goes off', () => {
    const { actor } = harness();
    toIdentity(actor, 'qr');
    actor.send({ type: 'qr.cameraToggled' });
    expect(regions(actor)?.camera).toBe('qr');
    actor.send({ type: 'mrz.cameraToggled' });
    expect(regions(actor)?.camera).toBe('mrz');
    actor.send({ type: 'mrz.cameraFailed' });
    expect(regions(actor)).toMatchObject({ camera: 'off', mrz: 'cameraFailed' });
    actor.send({ type: 'qr.cameraToggled' });
    actor.send({ type: 'qr.cameraToggled' });
    expect(regions(actor)?.camera).toBe('off');
    actor.send({ type: 'qr.cameraToggled' });
    actor.send({ type: 'qr.cameraFailed' });
    expect(regions(actor)).toMatchObject({ camera: 'off', qr: 'cameraFailed' });
  });

  it('the MRZ of a citizen card fills number, birth date and sex and offers its name; another card’s MRZ fills nothing', () => {
    const { actor } = harness();
    toIdentity(actor, 'mrz');
    actor.send({ type: 'mrz.cameraToggled' });
    actor.send({ type: 'mrz.read', reading: mrzOf('other') });
    expect(regions(actor)).toMatchObject({ mrz: 'notCitizenCard', camera: 'off' });
    expect(actor.getSnapshot().context.capture.form.idNumber).toBe('');
    actor.send({ type: 'mrz.cameraToggled' });
    actor.send({ type: 'mrz.read', reading: mrzOf('VNM') });
    expect(regions(actor)).toMatchObject({ mrz: 'done', camera: 'off' });
    expect(actor.getSnapshot().context.capture.form).toMatchObject({ idNumber: '079190012345', birthYear: '1990', sex: 'F', fullName: '' });
    actor.send({ type: 'mrz.nameUsed' });
    expect(actor.getSnapshot().context.capture.form.fullName).toBe('Nguyen Thi Thu');
    actor.send({ type: 'identity.edited', changes: { fullName: 'Nguyễn Thị Thu', address: 'Số 1' } });
    actor.send({ type: 'identity.submitted' });
    expect(actor.getSnapshot().context.identity).toMatchObject({ source: 'mrz', assurance: 'declared' });
  });

  it('keeps the form and its readings through Back and the idle warning, so nothing read is lost', async () => {
    const { actor } = harness({ scans: [cardQr] });
    toIdentity(actor);
    actor.send({ type: 'identity.submitted' });
    actor.send({ type: 'step.back' });
    expect(actor.getSnapshot().context.capture.form.fullName).toBe(person.fullName);
    expect(regions(actor)).toMatchObject({ qr: 'done' }); // back to the card page as it was
    actor.send({ type: 'qr.cameraToggled' });
    await vi.advanceTimersByTimeAsync(KIOSK_IDLE_WARNING_MS);
    expect(actor.getSnapshot().value).toBe('idleWarning');
    actor.send({ type: 'activity.seen' });
    expect(regions(actor)).toMatchObject({ qr: 'done', camera: 'qr' });
    actor.send({ type: 'identity.submitted' });
    expect(actor.getSnapshot().context.identity).toMatchObject({ source: 'qr' });
  });
});

describe('kioskRegistrationMachine — too young for the service', () => {
  const start = (kind: 'digital-signature' | 'eid-level2', birthYear: string, input: Parameters<typeof createActor>[1] = {}) => {
    const actor = createActor(kioskRegistrationMachine, { input: { today: () => today, ...(input.input as object) } }).start();
    actor.send({ type: 'flow.start' });
    actor.send({ type: 'service.chosen', kind });
    if (kind === 'digital-signature') actor.send({ type: 'provider.chosen', channel: 'remote', providerId: 'viettel' });
    actor.send({ type: 'identity.method', method: 'type' });
    actor.send({ type: 'identity.edited', changes: { ...personForm, birthYear } });
    actor.send({ type: 'identity.submitted' });
    return actor;
  };

  it('tells a 16-year-old at the identity step, before any phone or consent, and keeps what they typed to fix', () => {
    const actor = start('digital-signature', '2010');
    expect(actor.getSnapshot().value).toEqual({ filling: 'ineligible' });
    expect(actor.getSnapshot().context.ineligible).toEqual({ code: 'DK_ERR_ELIGIBILITY_SIGNATURE_AGE', minimumAge: 18 });
    expect(actor.getSnapshot().context.identity).toBeNull();
    actor.send({ type: 'step.back' });
    expect(identityPage(actor.getSnapshot())).toBe('birth'); // the answer that decided it
    expect(actor.getSnapshot().context.capture.form.birthYear).toBe('2010');
    expect(actor.getSnapshot().context.ineligible).toBeNull();
    actor.send({ type: 'identity.edited', changes: { birthYear: '1990' } });
    actor.send({ type: 'identity.submitted' });
    expect(actor.getSnapshot().value).toEqual({ filling: 'contact' });
  });

  it('turns 18 on the Ho Chi Minh day of the birthday, not a day later', () => {
    const birthday = { ...personForm, birthDay: '29', birthMonth: '11', birthYear: '2008' };
    const on = (day: string) => {
      const actor = createActor(kioskRegistrationMachine, { input: { today: () => day } }).start();
      actor.send({ type: 'flow.start' });
      actor.send({ type: 'service.chosen', kind: 'digital-signature' });
      actor.send({ type: 'provider.chosen', channel: 'token', providerId: 'vnpt' });
      actor.send({ type: 'identity.method', method: 'type' });
      actor.send({ type: 'identity.edited', changes: birthday });
      actor.send({ type: 'identity.submitted' });
      return actor.getSnapshot().value;
    };
    expect(on('2026-11-28')).toEqual({ filling: 'ineligible' });
    expect(on('2026-11-29')).toEqual({ filling: 'contact' });
  });

  it('sends a 12-year-old for e-ID level 2 through a guardian, a 4-year-old to level 1, and lets them choose another service with the form kept', () => {
    expect(start('eid-level2', '2022').getSnapshot().context.ineligible).toEqual({ code: 'DK_ERR_ELIGIBILITY_EID_AGE', minimumAge: 6 });
    const actor = start('eid-level2', '2014');
    expect(actor.getSnapshot().context.ineligible).toEqual({ code: 'DK_ERR_ELIGIBILITY_EID_GUARDIAN', minimumAge: 14 });
    actor.send({ type: 'service.change' });
    const s = actor.getSnapshot();
    expect(s.value).toEqual({ filling: 'service' });
    expect([s.context.identity, s.context.service, s.context.serviceKind]).toEqual([null, null, null]);
    expect(s.context.capture.form.fullName).toBe(person.fullName);
  });

  it('decides with the server’s ages as the kiosk holds them when the citizen submits', () => {
    let rules = serviceRules.parse({ minimumAge: { digitalSignature: 16 } });
    const actor = start('digital-signature', '2010', { input: { rules: () => rules } });
    expect(actor.getSnapshot().value).toEqual({ filling: 'contact' });
    rules = serviceRules.parse({});
    actor.send({ type: 'step.back' });
    actor.send({ type: 'identity.submitted' });
    expect(actor.getSnapshot().value).toEqual({ filling: 'ineligible' });
  });

  it('forgets the reason with the citizen', () => {
    const actor = start('digital-signature', '2010');
    actor.send({ type: 'flow.cancel' });
    expect(actor.getSnapshot().value).toBe('welcome');
    expect(actor.getSnapshot().context.ineligible).toBeNull();
    expect(actor.getSnapshot().context.capture).toEqual(emptyCapture());
  });
});

describe('kioskRegistrationMachine — generated paths', () => {
  function afterEvents(node: AnyStateNode): KioskEvent[] {
    const own = node.after.map((t) => ({ type: t.eventType }) as unknown as KioskEvent);
    return [...own, ...Object.values(node.states).flatMap((child) => afterEvents(child as AnyStateNode))];
  }
  const events = [
    { type: 'flow.start' },
    { type: 'service.chosen', kind: 'digital-signature' },
    { type: 'service.chosen', kind: 'eid-level2' },
    { type: 'provider.chosen', channel: 'remote', providerId: 'viettel' },
    { type: 'identity.method', method: 'type' },
    { type: 'identity.method', method: 'chip' },
    { type: 'identity.method', method: 'mrz' },
    { type: 'answer.change', answer: 'service' },
    { type: 'answer.change', answer: 'birth' },
    { type: 'answer.change', answer: 'address' },
    { type: 'answer.change', answer: 'contact' },
    { type: 'identity.edited', changes: personForm },
    { type: 'identity.edited', changes: { idNumber: 'x' } },
    { type: 'identity.edited', changes: { birthYear: '2016' } },
    { type: 'service.change' },
    { type: 'identity.submitted' },
    { type: 'chip.read' },
    { type: 'xstate.done.actor.readChip', output: chipReading },
    { type: 'xstate.error.actor.readChip', error: { code: 'DK_ERR_AGENT_UNREACHABLE' } },
    { type: 'qr.scanned', payload: cardQr },
    { type: 'qr.scanned', payload: 'not a card' },
    { type: 'qr.cameraToggled' },
    { type: 'qr.cameraFailed' },
    { type: 'mrz.cameraToggled' },
    { type: 'mrz.read', reading: mrzOf('VNM') },
    { type: 'mrz.read', reading: mrzOf('other') },
    { type: 'mrz.cameraFailed' },
    { type: 'mrz.nameUsed' },
    { type: 'contact.submitted', values: { phone: '0912345678' } },
    { type: 'consent.given', at: '2026-11-29T02:00:00.000Z' },
    { type: 'consent.declined' },
    { type: 'summary.confirmed' },
    { type: 'step.back' },
    { type: 'flow.cancel' },
    { type: 'activity.seen' },
    { type: 'language.changed', language: 'en' },
    { type: 'xstate.done.actor.submitRegistration', output: submitted },
    { type: 'xstate.error.actor.submitRegistration', error: { code: 'DK_ERR_INTERNAL' } },
    { type: 'xstate.done.actor.printTicket' },
    { type: 'xstate.error.actor.printTicket', error: { code: 'DK_ERR_PRINTER_OFFLINE' } },
    { type: 'print.retry' },
    { type: 'ticket.done' },
    { type: 'declined.done' },
    { type: 'declined.back' },
    { type: 'idle.timeout' },
    ...afterEvents(kioskRegistrationMachine.root),
  ] as unknown as KioskEvent[];

  const paths = getShortestPaths(kioskRegistrationMachine, {
    input: { today: () => today },
    events,
    serializeState: (s) =>
      JSON.stringify([
        s.value,
        s.context.serviceKind,
        !!s.context.identity,
        !!s.context.contact,
        !!s.context.consentAt,
        s.context.language,
        s.context.capture.form.idNumber.replace(/\D/g, '').length === 12,
        s.context.capture.form.birthYear === '2016',
        s.context.returning,
      ]),
  });
  /** Each active state as a path (`filling.identity.chip.reading`). */
  const leaves = (value: unknown, prefix = ''): string[] =>
    typeof value === 'string'
      ? [`${prefix}${value}`]
      : Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => [`${prefix}${k}`, ...leaves(v, `${prefix}${k}.`)]);
  const reached = new Set(paths.flatMap((p) => leaves(p.state.value)));

  it('reach every state of the machine', () => {
    const identity = {
      chip: ['idle', 'reading', 'done', 'failed'],
      qr: ['idle', 'done', 'failed', 'cameraFailed'],
      mrz: ['idle', 'done', 'notCitizenCard', 'cameraFailed'],
      camera: ['off', 'qr', 'mrz'],
    };
    const all = ['welcome', 'declined', 'idleWarning', 'submitting']
      .concat(['service', 'provider', 'ineligible', 'contact', 'consent', 'summary'].map((s) => `filling.${s}`))
      .concat(['how', 'idNumber', 'fullName', 'birth', 'address'].map((s) => `filling.identity.${s}`))
      .concat(Object.entries(identity).flatMap(([region, states]) => states.map((s) => `filling.identity.card.${region}.${s}`)))
      .concat(['printing', 'printed', 'failed'].map((s) => `ticket.${s}`));
    for (const state of all) expect(reached, state).toContain(state);
  });

  it('never hold a person in welcome, nor identity, contact or card readings on the ticket screen', () => {
    for (const p of paths) {
      if (p.state.matches('welcome') || p.state.matches('ticket')) {
        expect(p.state.context.identity).toBeNull();
        expect(p.state.context.contact).toBeNull();
        expect(p.state.context.capture).toEqual(emptyCapture());
      }
    }
  });

  it('leave the declined page only back to the consent page or to an empty start screen', () => {
    const declined = paths.filter((p) => p.state.matches('declined'));
    expect(declined.length).toBeGreaterThan(0);
    for (const p of declined) {
      expect(transition(kioskRegistrationMachine, p.state, { type: 'declined.back' })[0].value).toEqual({ filling: 'consent' });
      const [ended] = transition(kioskRegistrationMachine, p.state, { type: 'declined.done' });
      expect(ended.value).toBe('welcome');
      expect(ended.context.identity).toBeNull();
      expect(ended.context.contact).toBeNull();
      expect(ended.context.capture).toEqual(emptyCapture());
    }
  });

  it('leave the identity step only with an identity that parses, and read the chip only with a 12-digit number', () => {
    const reading = { filling: { identity: { card: { chip: 'reading' } } } } as const;
    let tried = 0;
    for (const p of paths) {
      if (p.state.matches({ filling: 'contact' })) expect(p.state.context.identity).not.toBeNull();
      if (p.state.matches({ filling: 'identity' }) && !p.state.matches(reading) && p.state.context.capture.form.idNumber.length !== 12) {
        expect(transition(kioskRegistrationMachine, p.state, { type: 'chip.read' })[0].matches(reading)).toBe(false);
        tried++;
      }
    }
    expect(tried).toBeGreaterThan(0);
  }, 20_000); // one transition() per generated path: seconds on a loaded machine

  it('never reach contact or submitting with a citizen too young for the chosen service', () => {
    let refused = 0;
    for (const p of paths) {
      const c = p.state.context;
      if (p.state.matches({ filling: 'ineligible' })) refused++;
      if ((p.state.matches({ filling: 'contact' }) || p.state.matches('submitting')) && c.identity && c.serviceKind) {
        expect(eligibility({ service: c.serviceKind, birthDate: c.identity.birthDate, day: today }).ok).toBe(true);
      }
    }
    expect(refused).toBeGreaterThan(0);
  });

  it('reach submitting only with every answer present', () => {
    for (const p of paths.filter((x) => x.state.matches('submitting'))) {
      const c = p.state.context;
      expect(c.service && c.identity && c.contact && c.consentAt).toBeTruthy();
      expect(p.steps.map((s) => s.event.type)).toContain('consent.given');
    }
  });
});
