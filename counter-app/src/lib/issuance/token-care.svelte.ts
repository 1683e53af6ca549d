import { fromPromise } from 'xstate';
import type { AgentClient } from '@dangky/core/agent';
import { DangkyError, errorCodeOf } from '@dangky/core/errors';
import {
  tokenCareMachine,
  type CareRevocation,
  type CareTarget,
  type RecordCareInput,
  type RevokeCertificateInput,
  type TokenCareEvent,
  type TokenCareSnapshot,
  type UnblockTokenInput,
} from '@dangky/core/machines';
import type { TokenCareRecord } from '@dangky/core/events';
import { startActorRune, withCleanup } from '@dangky/web/shell';
import { followTokenSlots } from './token-slots.ts';

/**
 * "Tra cứu token" at this counter: core's `tokenCareMachine` wired to the station's agent and
 * the counter's data. Slot notifications become `slots.changed`; `token.unblock` carries the
 * citizen's new PIN — taken once from the machine's one-time holder, the only moment it leaves
 * the page — and `token.revoke` the certificate. `find` and `record` come from the page (its
 * synced registrations and its outbox). Exposed as a rune (`snapshot`) for the panel.
 */
export interface TokenCare {
  readonly snapshot: TokenCareSnapshot;
  send(event: TokenCareEvent): void;
  stop(): void;
}

export interface TokenCareOptions {
  agent: AgentClient;
  find: (query: string) => Promise<CareTarget[]>;
  record: (target: CareTarget, record: TokenCareRecord) => Promise<void>;
}

/** A rejection the machine reads a registry code from, whatever the agent or Dexie threw. */
const coded = (error: unknown): DangkyError =>
  error instanceof DangkyError ? error : new DangkyError(errorCodeOf(error), { cause: error });

export function createTokenCare(options: TokenCareOptions): TokenCare {
  const { agent } = options;
  const machine = tokenCareMachine.provide({
    actors: {
      findTokens: fromPromise<CareTarget[], { query: string }>(({ input }) =>
        options.find(input.query).catch((e: unknown) => Promise.reject(coded(e))),
      ),
      unblockToken: fromPromise<void, UnblockTokenInput>(async ({ input }) => {
        await agent
          .request('token.unblock', { slotId: input.slotId, tokenSerial: input.tokenSerial, newUserPin: input.newUserPin.take() })
          .catch((e: unknown) => Promise.reject(coded(e)));
      }),
      revokeCertificate: fromPromise<CareRevocation, RevokeCertificateInput>(async ({ input }) => {
        const result = await agent.request('token.revoke', input).catch((e: unknown) => Promise.reject(coded(e)));
        return { certificateSerial: result.certificateSerial, revokedAt: result.revokedAt, inCrl: result.inCrl };
      }),
      recordCare: fromPromise<void, RecordCareInput>(({ input }) =>
        options.record(input.target, input.record).catch((e: unknown) => Promise.reject(coded(e))),
      ),
    },
  });
  const actor = startActorRune(machine, undefined);
  return withCleanup(
    actor,
    followTokenSlots(agent, (event) => actor.send(event)),
  );
}
