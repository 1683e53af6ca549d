/**
 * The closed form of the M/M/c queue (Poisson arrivals, exponential service, c servers, first
 * come first served): Erlang's C formula for the chance to wait, and the mean and tail of the
 * wait. The planner's simulation is tested against it, and the planner quotes it beside the
 * simulation as a sanity check the manager can verify by hand.
 */
export interface ErlangCInput {
  /** Arrivals per second. */
  arrivalRate: number;
  /** Mean service time in seconds. */
  meanServiceSeconds: number;
  counters: number;
}

export interface ErlangCResult {
  utilisation: number;
  /** Chance that an arrival waits at all. */
  waitProbability: number;
  meanWaitSeconds: number;
}

export function erlangC({ arrivalRate, meanServiceSeconds, counters: c }: ErlangCInput): ErlangCResult {
  const a = arrivalRate * meanServiceSeconds;
  const rho = a / c;
  if (rho >= 1) return { utilisation: rho, waitProbability: 1, meanWaitSeconds: Infinity };
  // Sum a^k/k! for k < c, and a^c/c!, by running products (no factorial overflow).
  let term = 1;
  let sum = 0;
  for (let k = 0; k < c; k++) {
    sum += term;
    term *= a / (k + 1);
  }
  const tail = term / (1 - rho);
  const waitProbability = tail / (sum + tail);
  return { utilisation: rho, waitProbability, meanWaitSeconds: waitProbability / (c / meanServiceSeconds - arrivalRate) };
}

/** P(wait > t) in M/M/c: C · e^(−(cμ − λ)t). */
export const erlangCWaitBeyond = (input: ErlangCInput, seconds: number): number => {
  const r = erlangC(input);
  return r.waitProbability * Math.exp(-(input.counters / input.meanServiceSeconds - input.arrivalRate) * seconds);
};
