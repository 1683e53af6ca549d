import { fromCallback } from 'xstate';
import { startActorRune, withCleanup } from '@dangky/web/shell';
import { followTokenSlots } from './token-slots.ts';
import type { AgentClient } from '@dangky/core/agent';
import type { TokenIssueResult } from '@dangky/core/agent';
import { errorCodeOf, isErrorCode, type ErrorCode } from '@dangky/core/errors';
import {
  tokenIssuanceMachine,
  type IssuanceReceipt,
  type IssueTokenInput,
  type TokenIssuanceEvent,
  type TokenIssuanceInput,
  type TokenIssuanceSnapshot,
} from '@dangky/core/machines';

/**
 * The token issuance at this counter: core's `tokenIssuanceMachine` wired to the station's
 * agent. Slot notifications (`token.slots`, and one `token.list` at the start) become
 * `slots.changed`; the issuing actor sends `token.issue` — the only moment the citizen's PIN
 * leaves the page, over the paired loopback socket — and turns `token.progress` into
 * `issue.progressed`. Exposed as a rune (`snapshot`) for the panel.
 *
 * The registration's id goes with the request: the agent journals the issuance by it, so after
 * a reload the panel first asks where it stands (`token.issuance`) and follows a running one
 * (`token.issuance` with `wait`, its progress by registration id) instead of offering to issue.
 */
export interface TokenIssuance {
  readonly snapshot: TokenIssuanceSnapshot;
  send(event: TokenIssuanceEvent): void;
  stop(): void;
}

const receiptOf = (result: Extract<TokenIssueResult, { issued: true }>): IssuanceReceipt => ({
  tokenSerial: result.tokenSerial,
  keyType: result.keyType,
  certificateSerial: result.certificateSerial,
  notBefore: result.notBefore,
  notAfter: result.notAfter,
  verified: result.verification.verified,
  algorithm: result.verification.algorithm,
});

const codeOf = (code: string) => (isErrorCode(code) ? code : 'DK_ERR_TOKEN_ISSUE_ABORTED');

/** The agent's answer as the machine's event. */
const answered = (result: TokenIssueResult): TokenIssuanceEvent =>
  result.issued
    ? { type: 'issue.succeeded', receipt: receiptOf(result), ...(result.resumed ? { resumed: true } : {}) }
    : { type: 'issue.failed', code: codeOf(result.code), step: result.step, wiped: result.wiped };

/** `checkStock`: whether the site holds the token (null = go); absent, nothing is asked. */
export function createTokenIssuance(options: {
  agent: AgentClient;
  input: TokenIssuanceInput;
  checkStock?: (serial: string) => Promise<ErrorCode | null>;
}): TokenIssuance {
  const { agent } = options;
  const ours = (registrationId: string | undefined) => registrationId === undefined || registrationId === options.input.registrationId;
  const machine = tokenIssuanceMachine.provide({
    actors: {
      checkStock: fromCallback<TokenIssuanceEvent, { serial: string }>(({ input, sendBack }) => {
        let live = true;
        const ask = options.checkStock ?? (() => Promise.resolve(null));
        void ask(input.serial)
          .catch((): ErrorCode => 'DK_ERR_TOKEN_STOCK_UNCHECKED')
          .then((refusal) => live && sendBack({ type: 'stock.checked', refusal }));
        return () => void (live = false);
      }),
      findIssuance: fromCallback<TokenIssuanceEvent, { registrationId: string }>(({ input, sendBack }) => {
        let live = true;
        agent
          .request('token.issuance', { registrationId: input.registrationId })
          .then((found) => {
            if (!live) return;
            if (found.state !== 'finished') return sendBack({ type: 'issuance.found', found });
            const r = found.result;
            sendBack({
              type: 'issuance.found',
              found: r.issued
                ? { state: 'issued', receipt: receiptOf(r) }
                : { state: 'failed', failure: { code: codeOf(r.code), step: r.step, wiped: r.wiped } },
            });
          })
          // An agent that cannot tell (unreachable, older): the agent still refuses a second start itself.
          .catch(() => live && sendBack({ type: 'issuance.found', found: { state: 'none' } }));
        return () => void (live = false);
      }),
      followIssuance: fromCallback<TokenIssuanceEvent, { registrationId: string }>(({ input, sendBack }) => {
        let live = true;
        const unsubscribe = agent.onNotification((n) => {
          if (live && n.type === 'token.progress' && n.registrationId === input.registrationId)
            sendBack({ type: 'issue.progressed', step: n.step, state: n.state });
        });
        agent
          .request('token.issuance', { registrationId: input.registrationId, wait: true })
          .then((found) => {
            if (!live) return;
            if (found.state === 'finished') sendBack(answered(found.result.issued ? { ...found.result, resumed: true } : found.result));
            // Ended between the two questions and already forgotten by this run: ask again from the start.
            else sendBack({ type: 'issue.failed', code: 'DK_ERR_TOKEN_SESSION', step: null, wiped: null });
          })
          .catch((error: unknown) => live && sendBack({ type: 'issue.failed', code: errorCodeOf(error), step: null, wiped: false }));
        return () => {
          live = false;
          unsubscribe();
        };
      }),
      issueToken: fromCallback<TokenIssuanceEvent, IssueTokenInput>(({ input, sendBack }) => {
        let live = true;
        const unsubscribe = agent.onNotification((n) => {
          if (live && n.type === 'token.progress' && ours(n.registrationId))
            sendBack({ type: 'issue.progressed', step: n.step, state: n.state });
        });
        agent
          // The registration's provider picks the CA that certifies the key.
          .request('token.issue', {
            ...(input.registrationId !== undefined ? { registrationId: input.registrationId } : {}),
            slotId: input.slotId,
            tokenSerial: input.tokenSerial,
            ...input.subject,
            keyType: input.keyType,
            providerId: options.input.providerId,
            userPin: input.userPin.take(),
          })
          .then((result) => {
            if (live) sendBack(answered(result));
          })
          .catch((error: unknown) => {
            // The agent went away or timed out: the token's state is unknown, so it is not "wiped".
            if (live) sendBack({ type: 'issue.failed', code: errorCodeOf(error), step: null, wiped: false });
          });
        return () => {
          live = false;
          unsubscribe();
        };
      }),
    },
  });
  const actor = startActorRune(machine, options.input);
  return withCleanup(
    actor,
    followTokenSlots(agent, (event) => actor.send(event)),
  );
}
