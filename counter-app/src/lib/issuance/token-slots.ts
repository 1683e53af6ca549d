import type { AgentClient, TokenSlot } from '@dangky/core/agent';

/**
 * The agent's token slots fed to a flow: the list once now, then every list the agent pushes
 * (`token.slots`). Returns the function that stops listening. A station without a token slot
 * answers `token.list` with an error: nothing is sent then, and the page says so from its
 * device list.
 */
export function followTokenSlots(agent: AgentClient, send: (event: { type: 'slots.changed'; slots: TokenSlot[] }) => void): () => void {
  const unsubscribe = agent.onNotification((n) => {
    if (n.type === 'token.slots') send({ type: 'slots.changed', slots: n.slots });
  });
  agent.request('token.list', {}).then(
    ({ slots }) => send({ type: 'slots.changed', slots }),
    () => undefined,
  );
  return unsubscribe;
}
