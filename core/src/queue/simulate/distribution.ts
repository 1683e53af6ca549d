import { z } from 'zod';
import type { Rng } from './rng.ts';

/**
 * A duration in seconds the planner draws: a site's measured histogram (what the statistics
 * projection keeps per desk and day), an exponential with a mean (the textbook queue, and what
 * a manager types in when there is no history), or a fixed time.
 */
const seconds = z.number().min(0).max(86_400);

export const distribution = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('exponential'), meanSeconds: seconds.positive() }),
  z.object({ kind: z.literal('fixed'), seconds }),
  z
    .object({
      kind: z.literal('histogram'),
      /** Bucket edges, ascending: bucket i is [edges[i], edges[i+1]). */
      edgesSeconds: z.array(seconds).min(2).max(200),
      counts: z.array(z.number().int().min(0)).min(1).max(199),
    })
    .refine((h) => h.counts.length === h.edgesSeconds.length - 1 && h.counts.some((c) => c > 0), {
      error: 'DK_ERR_PLANNER_INPUT_INVALID',
    })
    .refine((h) => h.edgesSeconds.every((e, i) => i === 0 || e > h.edgesSeconds[i - 1]!), { error: 'DK_ERR_PLANNER_INPUT_INVALID' }),
]);
export type Distribution = z.infer<typeof distribution>;

/** A sampler that draws exactly one or two uniforms per value, whatever the outcome. */
export function sampler(dist: Distribution): (rng: Rng) => number {
  switch (dist.kind) {
    case 'exponential':
      return (rng) => rng.exponential(dist.meanSeconds);
    case 'fixed':
      return () => dist.seconds;
    case 'histogram': {
      const cumulative: number[] = [];
      let total = 0;
      for (const c of dist.counts) cumulative.push((total += c));
      return (rng) => {
        const u = rng.next() * total;
        let i = 0;
        while (cumulative[i]! <= u) i++;
        return rng.range(dist.edgesSeconds[i]!, dist.edgesSeconds[i + 1]!);
      };
    }
  }
}

/** The mean of a distribution in seconds (for the planner's explanation and the closed forms). */
export function meanSeconds(dist: Distribution): number {
  if (dist.kind === 'exponential') return dist.meanSeconds;
  if (dist.kind === 'fixed') return dist.seconds;
  let sum = 0;
  let n = 0;
  dist.counts.forEach((c, i) => {
    sum += c * ((dist.edgesSeconds[i]! + dist.edgesSeconds[i + 1]!) / 2);
    n += c;
  });
  return sum / n;
}
