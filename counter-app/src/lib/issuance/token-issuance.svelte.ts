import { fromCallback } from 'xstate';
import { startActorRune, withCleanup } from '@dangky/web/shell';
import { followTokenSlots } from './token-slots.ts';
import type { AgentClient } from '@dangky/core/agent';
import { errorCodeOf, isErrorCode } from '@dangky/core/errors';
import {
  tokenIssuanceMachine,
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
 */
export interface TokenIssuance {
  readonly snapshot: TokenIssuanceSnapshot;
  send(event: TokenIssuanceEvent): void;
  stop(): void;
}

export function createTokenIssuance(options: { agent: AgentClient; input: TokenIssuanceInput }): TokenIssuance {
  const { agent } = options;
  const machine = tokenIssuanceMachine.provide({
    actors: {
      issueToken: fromCallback<TokenIssuanceEvent, IssueTokenInput>(({ input, sendBack }) => {
        let live = true;
        const unsubscribe = agent.onNotification((n) => {
          if (live && n.type === 'token.progress') sendBack({ type: 'issue.progressed', step: n.step, state: n.state });
        });
        agent
          // The registration's provider picks the CA that certifies the key.
          .request('token.issue', {
            slotId: input.slotId,
            tokenSerial: input.tokenSerial,
            ...input.subject,
            keyType: input.keyType,
            providerId: options.input.providerId,
            userPin: input.userPin.take(),
          })
          .then((result) => {
            if (!live) return;
            if (result.issued) {
              sendBack({
                type: 'issue.succeeded',
                receipt: {
                  tokenSerial: result.tokenSerial,
                  keyType: result.keyType,
                  certificateSerial: result.certificateSerial,
                  notBefore: result.notBefore,
                  notAfter: result.notAfter,
                  verified: result.verification.verified,
                  algorithm: result.verification.algorithm,
                },
              });
            } else {
              sendBack({
                type: 'issue.failed',
                code: isErrorCode(result.code) ? result.code : 'DK_ERR_TOKEN_ISSUE_ABORTED',
                step: result.step,
                wiped: result.wiped,
              });
            }
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
