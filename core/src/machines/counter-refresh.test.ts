import { describe, expect, it } from 'vitest';
import { createActor, getNextSnapshot } from 'xstate';
import { applyOrThrow, foldOrThrow } from '../testing/fold-or-throw.ts';
import type { RegistrationState } from '../events/registration-state.ts';
import { registrationEvents } from '../testing/registration-events.ts';
import { counterServiceMachine } from './counter-service.ts';
import { refreshEventFor } from './counter-refresh.ts';
import { resumeEventFor } from './counter-resume.ts';

const seat = { operatorId: 'clerk.an', counterId: 'counter-1' };
const ev = registrationEvents({ registrationId: '019ab000-0000-7000-8000-000000000001' });
const other = registrationEvents({ registrationId: '019ab000-0000-7000-8000-000000000002' });
const service = { kind: 'digital-signature', channel: 'token', providerId: 'vnpt' } as const;

const called = foldOrThrow(ev.submitted(service), ev.called());
/** The same ticket once the chip read this counter sent has come back from the server. */
const withChipRead = applyOrThrow(
  called,
  ev.event('identity.chip-read', {
    ...ev.by,
    verdict: 'verified',
    fields: { idNumber: 'match', fullName: 'match', birthDate: 'match', sex: 'match' },
    cardExpiry: 'valid',
    purpose: 'issuance',
  }),
);
const someoneElse = foldOrThrow(other.submitted(service), other.called());

describe('the served registration follows the counter’s store', () => {
  it.each<[string, RegistrationState | null, RegistrationState[], boolean]>([
    ['the store has a later version (the pull brought the chip read back)', called, [withChipRead], true],
    ['the store has the same version', withChipRead, [withChipRead], false],
    ['the store is behind what the service holds (its own event not yet pulled)', withChipRead, [called], false],
    ['the store does not hold the registration', called, [someoneElse], false],
    ['nobody is being served', null, [withChipRead], false],
  ])('%s', (_, held, stored, refreshes) => {
    const event = refreshEventFor(held, stored);
    expect(event !== null).toBe(refreshes);
    if (event) expect(event.registration).toBe(withChipRead);
  });

  it('hands the machine the registration as recorded, so the identity gate decides again on the chip read', () => {
    const idle = createActor(counterServiceMachine, { input: seat }).getSnapshot();
    const marker = { registrationId: called.registrationId, ...seat, stage: 'checking' as const, documentsChecked: false, version: 0 };
    const resumed = getNextSnapshot(counterServiceMachine, idle, resumeEventFor(marker, [called], seat)!);
    expect(resumed.context.identityCheck).toBeNull();
    const refreshed = getNextSnapshot(counterServiceMachine, resumed, refreshEventFor(resumed.context.registration, [withChipRead])!);
    expect(refreshed.value).toEqual({ serving: 'checking' });
    expect(refreshed.context.registration).toBe(withChipRead);
    expect(refreshed.context.identityCheck).toBe('chip-matched');
  });
});
