import { fromPromise, type SnapshotFrom } from 'xstate';
import { startActorRune } from '@dangky/web/shell';
import { applyEvent, type DomainEvent, type EventPayload, type RegistrationState } from '@dangky/core/events';
import { DangkyError } from '@dangky/core/errors';
import { defaultServiceRules, type ServiceRules } from '@dangky/core/gates';
import {
  counterServiceMachine,
  refreshEventFor,
  resumeEventFor,
  type CallTicketInput,
  type CounterServiceEvent,
  type RecordMoveInput,
  type RecordNoShowInput,
  type RecordOutcomeInput,
  type ServingMarker,
} from '@dangky/core/machines';
import type { CounterDb } from '../db/counter-db.ts';
import { appendEvent, type Sealer } from '@dangky/web';
import { appendOutcome } from './outcome-event.ts';
import { readRegistrations } from './registration-store.ts';
import { callTarget, queueRuleProblem, type QueueEventType } from './call-target.ts';
import { readServing, writeServing } from './serving-store.ts';
import { recallProblem } from './no-show.ts';
import { counterSeat, type QueueCounter } from '@dangky/core/queue';

/**
 * The counter flow for one signed-in clerk: core's `counterServiceMachine` with the app's actors —
 * they only append to the outbox (so they work offline) and then nudge sync. "Call next" is core's
 * call order over the desks this counter serves (oldest first, priority tickets first within the
 * site's share). Calling a ticket
 * this counter marked "not here" is its recall, allowed only inside the grace period.
 * `record` writes an event about the citizen being served (a chip read, a correction) the same
 * way, folds it into the registration the machine holds, and hands the machine the new state,
 * so the identity gate decides again on what is now recorded.
 *
 * The open service survives a reload: which citizen and which step are kept in the device's
 * settings as they change (serving-store.ts), and on start the service resumes from them
 * (core's `resumeEventFor`) before it keeps them again — the ticket is not called twice, and the
 * chip read and corrections come back with the registration, folded from the outbox. An event
 * acknowledged just before the reload is no longer in the outbox and may not be in the stored
 * view yet: `follow` takes it in when the pull brings it back.
 */
export interface CounterService {
  readonly snapshot: SnapshotFrom<typeof counterServiceMachine>;
  send(event: CounterServiceEvent): void;
  /** The site's registrations as the store now has them: the one being served is kept at the store's latest version. */
  follow(stored: readonly RegistrationState[]): void;
  /** `operatorId`: who acted when it is not the signed-in clerk (a manager approving on this counter). */
  record<T extends GateEventType>(
    type: T,
    payload: Omit<EventPayload<T>, 'registrationId' | 'operatorId'>,
    operatorId?: string,
  ): Promise<DomainEvent>;
  stop(): void;
}

/** The events the counter records while serving a citizen, besides the outcome. */
export type GateEventType = 'identity.chip-read' | 'identity.mismatch-approved' | 'registration.corrected';

export function createCounterService(options: {
  db: CounterDb;
  sealer: Sealer;
  deviceId: string;
  operatorId: string;
  rules?: () => ServiceRules;
  /** The site's numbered counters as the reference last said (this counter's desks, where a transfer may go). */
  counters?: () => readonly QueueCounter[];
  onWrite: () => void;
  /** Whether the counter is on a break now (pause-store.ts): it calls no ticket then, by hand or by scan either. */
  paused?: () => boolean;
  /** After a call is recorded, with the registration as it stood before it (the call display's notice). */
  onCalled?: (event: DomainEvent, before: RegistrationState) => void;
}): CounterService {
  const { db, sealer, deviceId, onWrite } = options;
  const rules = options.rules ?? (() => defaultServiceRules);
  const counters = options.counters ?? (() => []);
  // Core's queue rule, asked before an event is written (the server asks it again at ingest).
  const queueProblem = (registration: RegistrationState, type: QueueEventType, payload: object) =>
    queueRuleProblem(registration, type, payload, counters(), rules());
  const machine = counterServiceMachine.provide({
    actors: {
      callTicket: fromPromise<RegistrationState | null, CallTicketInput>(async ({ input }) => {
        if (options.paused?.()) throw new DangkyError('DK_ERR_QUEUE_COUNTER_PAUSED');
        const views = await readRegistrations(db, sealer);
        const target = callTarget(views, { registrationId: input.registrationId, counter: counterSeat(counters(), deviceId) }, rules());
        if (!target) return null;
        const problem =
          recallProblem(target, input.counterId, rules()) ??
          queueProblem(target, 'registration.called', { counterId: input.counterId, operatorId: input.operatorId });
        if (problem) throw new DangkyError(problem);
        const event = await appendEvent(db, sealer, {
          deviceId,
          type: 'registration.called',
          payload: { registrationId: target.registrationId, operatorId: input.operatorId, counterId: input.counterId },
        });
        onWrite();
        options.onCalled?.(event, target);
        const next = applyEvent(target, event);
        return next.ok ? next.state : target;
      }),
      recordOutcome: fromPromise<void, RecordOutcomeInput>(async ({ input }) => {
        await appendOutcome(db, sealer, deviceId, input);
        onWrite();
      }),
      recordNoShow: fromPromise<void, RecordNoShowInput>(async ({ input }) => {
        const by = { registrationId: input.registration.registrationId, operatorId: input.operatorId };
        await appendEvent(db, sealer, { deviceId, type: 'registration.no-show', payload: { ...by, counterId: input.counterId } });
        onWrite();
      }),
      recordMove: fromPromise<void, RecordMoveInput>(async ({ input }) => {
        const by = { registrationId: input.registration.registrationId, operatorId: input.operatorId, counterId: input.counterId };
        const { move } = input;
        const note = move.kind === 'transfer' ? move.note?.normalize('NFC').trim() : undefined;
        const event =
          move.kind === 'transfer'
            ? ({ type: 'registration.transferred', payload: { ...by, to: move.to, ...(note ? { note } : {}) } } as const)
            : ({ type: 'registration.parked', payload: by } as const);
        const problem = queueProblem(input.registration, event.type, event.payload);
        if (problem) throw new DangkyError(problem);
        await appendEvent(db, sealer, { deviceId, ...event });
        onWrite();
      }),
    },
  });
  const rune = startActorRune(machine, {
    operatorId: options.operatorId,
    counterId: deviceId,
    rules,
  });
  const seat = { operatorId: options.operatorId, counterId: deviceId };
  let restored = false;
  let kept = '';
  const keep = (marker: ServingMarker | null | undefined) => {
    if (!restored || marker === undefined) return;
    const text = JSON.stringify(marker);
    if (text === kept) return;
    kept = text;
    void writeServing(db, marker).catch(() => undefined);
  };
  void (async () => {
    try {
      const resume = resumeEventFor(await readServing(db), await readRegistrations(db, sealer), seat);
      if (resume && rune.snapshot.matches('idle')) rune.send(resume);
    } finally {
      restored = true;
      keep(markerOf(rune.snapshot, seat));
    }
  })();
  const stopKeeping = $effect.root(() => {
    $effect(() => keep(markerOf(rune.snapshot, seat)));
  });
  return {
    get snapshot() {
      return rune.snapshot;
    },
    send: rune.send,
    follow(stored) {
      const refresh = refreshEventFor(rune.snapshot.context.registration, stored);
      if (refresh) rune.send(refresh);
    },
    stop: () => {
      stopKeeping();
      rune.stop();
    },
    async record(type, payload, operatorId = options.operatorId) {
      const registration = rune.snapshot.context.registration;
      if (!registration) throw new DangkyError('DK_ERR_ILLEGAL_TRANSITION');
      const by = { registrationId: registration.registrationId, operatorId };
      const event = await appendEvent(db, sealer, { deviceId, type, payload: { ...payload, ...by } as EventPayload<typeof type> });
      onWrite();
      const next = applyEvent(registration, event);
      if (!next.ok) throw new DangkyError(next.code);
      rune.send({ type: 'registration.changed', registration: next.state });
      return event;
    },
  };
}

/**
 * The marker for a snapshot: the citizen and step while serving, `null` once nobody is served,
 * `undefined` (keep the last) while the step is not known from the state alone — a warning about
 * an idle counter, an outcome being written.
 */
function markerOf(
  snapshot: SnapshotFrom<typeof counterServiceMachine>,
  seat: { operatorId: string; counterId: string },
): ServingMarker | null | undefined {
  const registration = snapshot.context.registration;
  const step = snapshot.matches({ serving: 'called' }) ? 'called' : snapshot.matches({ serving: 'checking' }) ? 'checking' : null;
  if (step && registration)
    return {
      registrationId: registration.registrationId,
      ...seat,
      stage: step,
      documentsChecked: snapshot.context.documentsChecked,
      version: registration.version,
    };
  return snapshot.matches('idle') || snapshot.matches('done') ? null : undefined;
}
