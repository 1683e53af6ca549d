import { describe, expect, it } from 'vitest';
import { createActor, getNextSnapshot } from 'xstate';
import { applyOrThrow, foldOrThrow } from '../testing/fold-or-throw.ts';
import type { RegistrationState } from '../events/registration-state.ts';
import { registrationEvents } from '../testing/registration-events.ts';
import { counterServiceMachine } from './counter-service.ts';
import { resumeEventFor, servingMarker, type ServingMarker } from './counter-resume.ts';

const seat = { operatorId: 'clerk.an', counterId: 'counter-1' };
const ev = registrationEvents({ registrationId: '019ab000-0000-7000-8000-000000000001' });
const service = { kind: 'digital-signature', channel: 'token', providerId: 'vnpt' } as const;

const called = foldOrThrow(ev.submitted(service), ev.called());
const waiting = foldOrThrow(ev.submitted(service));
/** The same ticket after the counter recorded a chip read whose chip could not be verified and disagrees on the name. */
const withUnverifiedRead = applyOrThrow(
  called,
  ev.event('identity.chip-read', {
    ...ev.by,
    verdict: 'not-verified',
    fields: { idNumber: 'match', fullName: 'mismatch', birthDate: 'match', sex: 'match' },
    cardExpiry: 'valid',
    purpose: 'issuance',
  }),
);
const marker = (more: Partial<ServingMarker> = {}): ServingMarker =>
  servingMarker.parse({
    registrationId: called.registrationId,
    ...seat,
    stage: 'checking',
    documentsChecked: true,
    version: called.version,
    ...more,
  });

describe('resuming the counter’s open service after a reload', () => {
  it.each<[string, ServingMarker | null, RegistrationState[], typeof seat, boolean]>([
    ['the same clerk at the same counter, ticket still called', marker(), [called], seat, true],
    ['nothing was open', null, [called], seat, false],
    ['another clerk signed in', marker(), [called], { ...seat, operatorId: 'clerk.binh' }, false],
    ['another counter', marker(), [called], { ...seat, counterId: 'counter-2' }, false],
    ['the ticket is back in the queue', marker(), [waiting], seat, false],
    ['the registration is not on this device', marker(), [], seat, false],
    [
      'the citizen was marked as not come',
      marker(),
      [{ ...called, noShow: { at: '2026-11-22T02:10:00.000Z', by: 'clerk.an', counterId: 'counter-1' } }],
      seat,
      false,
    ],
  ])('%s', (_, stored, registrations, at, resumes) => {
    expect(resumeEventFor(stored, registrations, at) !== null).toBe(resumes);
  });

  it('keeps the papers check only for the registration as it was when the clerk checked', () => {
    expect(resumeEventFor(marker(), [called], seat)?.documentsChecked).toBe(true);
    expect(resumeEventFor(marker(), [withUnverifiedRead], seat)?.documentsChecked).toBe(false);
  });

  it('brings the machine back to the step the clerk had reached, without calling again', () => {
    const idle = createActor(counterServiceMachine, { input: seat }).getSnapshot();
    const checking = getNextSnapshot(counterServiceMachine, idle, resumeEventFor(marker(), [called], seat)!);
    expect(checking.value).toEqual({ serving: 'checking' });
    expect(checking.context).toMatchObject({ registration: called, documentsChecked: true, identityCheck: 'documents-checked' });
    const arriving = getNextSnapshot(counterServiceMachine, idle, resumeEventFor(marker({ stage: 'called' }), [called], seat)!);
    expect(arriving.value).toEqual({ serving: 'called' });
    expect(arriving.context.documentsChecked).toBe(false);
  });

  it('keeps the identity gate where the recorded chip read left it', () => {
    const idle = createActor(counterServiceMachine, { input: seat }).getSnapshot();
    const resumed = getNextSnapshot(counterServiceMachine, idle, resumeEventFor(marker(), [withUnverifiedRead], seat)!);
    expect(resumed.value).toEqual({ serving: 'checking' });
    expect(resumed.context.identityCheck).toBeNull();
  });

  it('refuses a resume the machine is handed for someone else’s ticket, and any resume while serving', () => {
    const idle = createActor(counterServiceMachine, { input: seat }).getSnapshot();
    const other = getNextSnapshot(counterServiceMachine, idle, {
      type: 'service.resume',
      registration: waiting,
      stage: 'checking',
      documentsChecked: true,
    });
    expect(other.value).toBe('idle');
    const serving = getNextSnapshot(counterServiceMachine, idle, resumeEventFor(marker(), [called], seat)!);
    const again = getNextSnapshot(counterServiceMachine, serving, {
      type: 'service.resume',
      registration: called,
      stage: 'called',
      documentsChecked: false,
    });
    expect(again.value).toEqual({ serving: 'checking' });
  });
});
