import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createActor, fromPromise, type AnyStateNode } from 'xstate';
import { getShortestPaths } from '@xstate/graph';
import {
  KIOSK_IDLE_RESET_MS,
  KIOSK_IDLE_WARNING_MS,
  KIOSK_TICKET_LINGER_MS,
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
const submitted: SubmittedTicket = {
  registrationId: '019ab000-0000-7000-8000-000000000001',
  ticket: { number: 'A-001', day: '2026-11-29' },
};

function harness(options: { failSubmit?: string; failPrint?: string } = {}) {
  const submits: KioskAnswers[] = [];
  const prints: PrintTicketInput[] = [];
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
    },
  });
  const actor = createActor(machine, { input: {} }).start();
  return { actor, submits, prints };
}

/** The happy path up to the summary, for a USB-token signature from VNPT. */
function fillIn(actor: ReturnType<typeof harness>['actor']) {
  actor.send({ type: 'flow.start' });
  actor.send({ type: 'service.chosen', kind: 'digital-signature' });
  actor.send({ type: 'provider.chosen', channel: 'token', providerId: 'vnpt' });
  actor.send({ type: 'identity.submitted', values: person });
  actor.send({ type: 'contact.submitted', values: { phone: '+84 912 345 678', email: '' } });
  actor.send({ type: 'consent.given', at: '2026-11-29T02:00:00.000Z' });
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
    expect(prints).toEqual([{ service: { kind: 'digital-signature', channel: 'token', providerId: 'vnpt' }, language: 'vi', submitted }]);
    await vi.advanceTimersByTimeAsync(KIOSK_TICKET_LINGER_MS);
    expect(actor.getSnapshot().value).toBe('welcome');
    expect(actor.getSnapshot().context.submitted).toBeNull();
  });

  it('skips the provider step for e-ID level 2, and back goes to the service again', () => {
    const { actor } = harness();
    actor.send({ type: 'flow.start' });
    actor.send({ type: 'service.chosen', kind: 'eid-level2' });
    expect(actor.getSnapshot().value).toEqual({ filling: 'identity' });
    expect(actor.getSnapshot().context.service).toEqual({ kind: 'eid-level2' });
    actor.send({ type: 'step.back' });
    expect(actor.getSnapshot().value).toEqual({ filling: 'service' });
  });

  it('keeps the citizen on the identity step with a code per wrong field', () => {
    const { actor } = harness();
    actor.send({ type: 'flow.start' });
    actor.send({ type: 'service.chosen', kind: 'eid-level2' });
    actor.send({ type: 'identity.submitted', values: { ...person, idNumber: '07919001234', birthDate: '1990-02-30', sex: '' } });
    const s = actor.getSnapshot();
    expect(s.value).toEqual({ filling: 'identity' });
    expect(s.context.fieldErrors).toEqual({
      idNumber: 'DK_ERR_ID_NUMBER_FORMAT',
      birthDate: 'DK_ERR_DATE_INVALID',
      sex: 'DK_ERR_SEX_REQUIRED',
    });
    // A touch while correcting keeps the messages where they are (no layout jump under the finger).
    actor.send({ type: 'activity.seen' });
    expect(actor.getSnapshot().context.fieldErrors).toEqual(s.context.fieldErrors);
    actor.send({ type: 'identity.submitted', values: person });
    expect(actor.getSnapshot().value).toEqual({ filling: 'contact' });
    expect(actor.getSnapshot().context.fieldErrors).toEqual({});
  });

  it('refuses a landline or a bad e-mail at the contact step', () => {
    expect(parseContactStep({ phone: '0283829 1234' })).toEqual({ errors: { phone: 'DK_ERR_PHONE_INVALID' } });
    expect(parseContactStep({ phone: '0912345678', email: 'a@' })).toEqual({ errors: { email: 'DK_ERR_EMAIL_INVALID' } });
    expect(parseContactStep({ phone: '0912.345.678', email: ' an@example.vn ' })).toEqual({
      contact: { phone: '0912345678', email: 'an@example.vn' },
    });
  });

  it('normalises what it keeps: NFC name, no extra spaces', () => {
    const r = parseIdentityStep({ type: 'identity.submitted', values: { ...person, fullName: '  Nguye\u0302\u0303n   Thị Thử ' } });
    expect(r).toMatchObject({ identity: { fullName: 'Nguyễn Thị Thử' } });
  });

  it('carries the provenance of the identity to the submitted answers; a malformed one is left out', async () => {
    const provenance = {
      fields: {
        idNumber: { source: 'qr' as const, edited: false },
        address: { source: 'manual' as const, edited: true, editedFrom: 'qr' as const },
      },
      checks: [{ check: 'id-number-structure' as const, outcome: 'passed' as const, detail: { source: 'qr' as const } }],
    };
    const { actor, submits } = harness();
    actor.send({ type: 'flow.start' });
    actor.send({ type: 'service.chosen', kind: 'eid-level2' });
    actor.send({ type: 'identity.submitted', values: person, source: 'qr', assurance: 'declared', provenance });
    actor.send({ type: 'contact.submitted', values: { phone: '0912345678' } });
    actor.send({ type: 'consent.given', at: '2026-11-29T02:00:00.000Z' });
    actor.send({ type: 'summary.confirmed' });
    await vi.advanceTimersByTimeAsync(0);
    expect(submits[0]?.identity).toMatchObject({ source: 'qr', provenance });
    const bad = {
      ...provenance,
      checks: [{ check: 'id-number-structure', outcome: 'passed', detail: { field: '079190012345' } }],
    } as never;
    const r = parseIdentityStep({ type: 'identity.submitted', values: person, provenance: bad });
    expect(r).toHaveProperty('identity');
    expect((r as { identity: object }).identity).not.toHaveProperty('provenance');
  });

  it('wipes everything when consent is declined', () => {
    const { actor } = harness();
    actor.send({ type: 'flow.start' });
    actor.send({ type: 'service.chosen', kind: 'eid-level2' });
    actor.send({ type: 'identity.submitted', values: person });
    actor.send({ type: 'contact.submitted', values: { phone: '0912345678' } });
    actor.send({ type: 'consent.declined' });
    const s = actor.getSnapshot();
    expect(s.value).toBe('welcome');
    expect(s.context.identity).toBeNull();
    expect(s.context.contact).toBeNull();
  });

  it('warns after the idle time, resumes the same step on a touch, resets and wipes after the reset time', async () => {
    const { actor } = harness();
    actor.send({ type: 'flow.start' });
    actor.send({ type: 'service.chosen', kind: 'eid-level2' });
    actor.send({ type: 'identity.submitted', values: person });
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
    expect(s.context.serviceKind).toBeNull();
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
    { type: 'identity.submitted', values: person },
    { type: 'identity.submitted', values: { ...person, idNumber: 'x' } },
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
    { type: 'idle.timeout' },
    ...afterEvents(kioskRegistrationMachine.root),
  ] as unknown as KioskEvent[];

  const paths = getShortestPaths(kioskRegistrationMachine, {
    input: {},
    events,
    serializeState: (s) =>
      JSON.stringify([
        s.value,
        s.context.serviceKind,
        !!s.context.identity,
        !!s.context.contact,
        !!s.context.consentAt,
        s.context.language,
      ]),
  });
  const reached = new Set(paths.map((p) => JSON.stringify(p.state.value)));

  it('reach every state of the machine', () => {
    const all = ['"welcome"', '"idleWarning"', '"submitting"']
      .concat(['service', 'provider', 'identity', 'contact', 'consent', 'summary'].map((s) => JSON.stringify({ filling: s })))
      .concat(['printing', 'printed', 'failed'].map((s) => JSON.stringify({ ticket: s })));
    for (const state of all) expect(reached, state).toContain(state);
  });

  it('never hold a person in welcome, nor identity or contact on the ticket screen', () => {
    for (const p of paths) {
      if (p.state.matches('welcome') || p.state.matches('ticket')) {
        expect(p.state.context.identity).toBeNull();
        expect(p.state.context.contact).toBeNull();
      }
    }
  });

  it('reach submitting only with every answer present', () => {
    for (const p of paths.filter((x) => x.state.matches('submitting'))) {
      const c = p.state.context;
      expect(c.service && c.identity && c.contact && c.consentAt).toBeTruthy();
      expect(p.steps.map((s) => s.event.type)).toContain('consent.given');
    }
  });
});
