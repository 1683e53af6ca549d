import { z } from 'zod';
import type { Service } from '../schemas/service.ts';

/**
 * What a counter serves, as the waiting room sees it: the token desk (key generated on a USB
 * token), the remote-signing desk (activation of a signature held by the provider) and the e-ID
 * desk (level-2 hand-off to the officer). A registration's service decides its desk, so one
 * queue per desk forms, and a counter calls only from the desks it serves.
 */
export const deskServices = ['token', 'remote', 'eid-level2'] as const;
export const deskService = z.enum(deskServices);
export type DeskService = z.infer<typeof deskService>;

export const deskServiceOf = (service: Service): DeskService =>
  service.kind === 'eid-level2' ? 'eid-level2' : service.channel === 'token' ? 'token' : 'remote';

/** A counter of a site: its id, the number the waiting room sees ("Quầy 2"), and its desks. */
export const queueCounter = z.object({
  counterId: z.string().min(1).max(64),
  number: z.number().int().min(1).max(999),
  services: z.array(deskService).min(1).max(deskServices.length),
});
export type QueueCounter = z.infer<typeof queueCounter>;

/**
 * What an administrator or a site manager sets on a counter device: its number and its desks
 * (each desk once). `null` clears it: the counter is not numbered and serves every desk.
 */
export const counterSetting = z.object({
  number: queueCounter.shape.number,
  services: queueCounter.shape.services.refine((s) => new Set(s).size === s.length),
});
export type CounterSetting = z.infer<typeof counterSetting>;

/**
 * Why a counter may not take this setting at its site, or `null`: the setting out of range, or
 * its number already another counter's there (the waiting room must tell counters apart).
 */
export function counterSettingProblem(
  raw: unknown,
  counterId: string,
  siteCounters: readonly Pick<QueueCounter, 'counterId' | 'number'>[],
): 'DK_ERR_COUNTER_SETTING_INVALID' | 'DK_ERR_COUNTER_NUMBER_TAKEN' | null {
  const parsed = counterSetting.safeParse(raw);
  if (!parsed.success) return 'DK_ERR_COUNTER_SETTING_INVALID';
  return siteCounters.some((c) => c.counterId !== counterId && c.number === parsed.data.number) ? 'DK_ERR_COUNTER_NUMBER_TAKEN' : null;
}

/** A counter as "call next" needs it: which counter, which desks. */
export type CounterDesks = Pick<QueueCounter, 'counterId' | 'services'>;

/**
 * This counter among its site's configured counters; one no one has numbered yet keeps working
 * as before — every desk, `number: null` (shown as unset).
 */
export const counterSeat = (
  counters: readonly QueueCounter[],
  counterId: string,
): { counterId: string; number: number | null; services: DeskService[] } =>
  counters.find((c) => c.counterId === counterId) ?? { counterId, number: null, services: [...deskServices] };

/**
 * How a site runs its queue. `priorityShare` is the largest share of calls that may go to
 * priority tickets while other tickets wait (0 = priority tickets wait their turn like anyone,
 * 1 = always first); it is measured over the site's last `priorityWindow` calls, so a morning of
 * priority tickets cannot stall everyone else. `noShowGraceMinutes`: how long a ticket whose
 * holder did not come stays recallable before it lapses.
 */
export const queuePolicy = z.object({
  priorityShare: z.number().min(0).max(1).default(0.5),
  priorityWindow: z.number().int().min(1).max(100).default(10),
  noShowGraceMinutes: z.number().int().min(0).max(240).default(15),
});
export type QueuePolicy = z.infer<typeof queuePolicy>;
export const defaultQueuePolicy: QueuePolicy = queuePolicy.parse({});
