import { fromPromise, type SnapshotFrom } from 'xstate';
import { startActorRune } from '@dangky/web/shell';
import { applyEvent, type RegistrationState } from '@dangky/core/events';
import { counterServiceMachine, type CallTicketInput, type CounterServiceEvent, type RecordOutcomeInput } from '@dangky/core/machines';
import type { CounterDb } from '../db/counter-db.ts';
import { appendEvent, type Sealer } from '@dangky/web';
import { appendOutcome } from './outcome-event.ts';
import { nextWaiting, readRegistrations } from './registration-store.ts';

/**
 * The counter flow for one signed-in clerk: core's `counterServiceMachine` with the app's two
 * actors — both only append to the outbox (so they work offline) and then nudge sync.
 */
export interface CounterService {
  readonly snapshot: SnapshotFrom<typeof counterServiceMachine>;
  send(event: CounterServiceEvent): void;
  stop(): void;
}

export function createCounterService(options: {
  db: CounterDb;
  sealer: Sealer;
  deviceId: string;
  operatorId: string;
  onWrite: () => void;
}): CounterService {
  const { db, sealer, deviceId, onWrite } = options;
  const machine = counterServiceMachine.provide({
    actors: {
      callTicket: fromPromise<RegistrationState | null, CallTicketInput>(async ({ input }) => {
        const views = await readRegistrations(db, sealer);
        const target = input.registrationId
          ? (views.find((v) => v.registrationId === input.registrationId && (v.status === 'waiting' || v.status === 'called')) ?? null)
          : nextWaiting(views);
        if (!target) return null;
        const event = await appendEvent(db, sealer, {
          deviceId,
          type: 'registration.called',
          payload: { registrationId: target.registrationId, operatorId: input.operatorId, counterId: input.counterId },
        });
        onWrite();
        const next = applyEvent(target, event);
        return next.ok ? next.state : target;
      }),
      recordOutcome: fromPromise<void, RecordOutcomeInput>(async ({ input }) => {
        await appendOutcome(db, sealer, deviceId, input);
        onWrite();
      }),
    },
  });
  return startActorRune(machine, { operatorId: options.operatorId, counterId: deviceId });
}
