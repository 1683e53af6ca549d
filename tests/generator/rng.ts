/**
 * The synthetic cards are drawn with core's seeded PRNG (mulberry32, the one the booth-day
 * planner uses): the same seed draws the same cards on every machine.
 */
export { createRng, type Rng } from '@dangky/core/queue';
