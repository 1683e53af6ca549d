import { callWhilePausedProblem } from '@dangky/core/queue';
import { refuse, type PrepareGate } from './gate.ts';

/**
 * A call made while its counter was on a break is refused (`DK_ERR_QUEUE_COUNTER_PAUSED`): the
 * break is the clerk's recorded word that the counter was not serving, and a call inside it would
 * contradict the record (and the call display, and the wait the kiosk prints). The counter offers
 * no call then; this is the server's own check (core's `callWhilePausedProblem`), sound because a
 * counter posts its breaks before the events behind them (`counter-pause.ts`), so every change it
 * made before a call is here when the call arrives, both dated by the counter's clock.
 */
export const counterOpen: PrepareGate = async (tx, { events }) => {
  const calls = events.flatMap((e) => (e.type === 'registration.called' ? [{ counterId: e.payload.counterId, at: e.occurredAt }] : []));
  if (calls.length === 0) return { check: () => null };
  const counters = [...new Set(calls.map((c) => c.counterId))];
  const times = calls.map((c) => Date.parse(c.at));
  const [from, to] = [new Date(Math.min(...times)).toISOString(), new Date(Math.max(...times)).toISOString()];
  // The changes between the batch's first and last call, and each counter's last one before them.
  const rows = await tx.query<{ counter_id: string; paused: boolean; at: string | Date }>(
    `(SELECT counter_id, paused, at FROM counter_pauses WHERE counter_id = ANY($1) AND at > $2 AND at <= $3)
     UNION ALL
     (SELECT DISTINCT ON (counter_id) counter_id, paused, at FROM counter_pauses WHERE counter_id = ANY($1) AND at <= $2
      ORDER BY counter_id, at DESC, received_at DESC)`,
    [counters, from, to],
  );
  const changes = new Map<string, { paused: boolean; at: string }[]>();
  for (const r of rows) {
    const list = changes.get(r.counter_id) ?? changes.set(r.counter_id, []).get(r.counter_id)!;
    list.push({ paused: r.paused, at: new Date(r.at).toISOString() });
  }
  return {
    check(event) {
      if (event.type !== 'registration.called') return null;
      const code = callWhilePausedProblem(changes.get(event.payload.counterId) ?? [], event.occurredAt);
      return code ? refuse(code) : null;
    },
  };
};
