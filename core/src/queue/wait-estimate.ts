/**
 * "About how long": the wait a citizen is shown on the kiosk's ticket screen, the printed ticket
 * and the display, as a range rounded outward to 5 minutes — never a false precision like
 * "7 minutes". It comes from the desk's service times measured today (mean and spread): with
 * `ahead` people before you and `counters` serving the desk, about (ahead + ½) services must end
 * per counter; the range is that ± the spread of their sum. Before enough services were measured
 * today the desk's usual time is used and the range widened, and the answer says which.
 */
export interface ServiceTimeStats {
  /** How many services were measured (today, at this desk). */
  count: number;
  meanSeconds: number;
  sdSeconds: number;
}

export interface WaitEstimateInput {
  ahead: number;
  /** Open counters serving this desk now (paused ones not counted). */
  counters: number;
  measured: ServiceTimeStats | null;
  /** The desk's usual service time, used until `MIN_MEASURED` services were measured today. */
  usualServiceSeconds: number;
}

export type WaitEstimate =
  | { kind: 'range'; lowMinutes: number; highMinutes: number; basis: 'measured-today' | 'usual' }
  /** No counter serves this desk right now: no number can be honest. */
  | { kind: 'no-counter' };

export const MIN_MEASURED = 5;
const STEP = 5;

export function estimateWait({ ahead, counters, measured, usualServiceSeconds }: WaitEstimateInput): WaitEstimate {
  if (counters <= 0) return { kind: 'no-counter' };
  const useMeasured = measured !== null && measured.count >= MIN_MEASURED;
  const mean = useMeasured ? measured.meanSeconds : usualServiceSeconds;
  // Without today's figures, assume a spread as large as the mean (exponential-like service).
  const sd = useMeasured ? measured.sdSeconds : usualServiceSeconds;
  const services = ahead + 0.5;
  const centre = (services * mean) / counters;
  const spread = (Math.sqrt(ahead + 1) * sd) / counters;
  const low = Math.max(0, Math.floor((centre - spread) / 60 / STEP) * STEP);
  const high = Math.max(low + STEP, Math.ceil((centre + spread) / 60 / STEP) * STEP);
  return { kind: 'range', lowMinutes: low, highMinutes: high, basis: useMeasured ? 'measured-today' : 'usual' };
}

/** Mean and standard deviation of service times in seconds, from the count, sum and sum of squares a projection keeps (one addition each at ingest). */
export function serviceTimeStats(sums: { count: number; sumSeconds: number; sumSquares: number }): ServiceTimeStats | null {
  if (sums.count <= 0) return null;
  const mean = sums.sumSeconds / sums.count;
  const variance = Math.max(0, sums.sumSquares / sums.count - mean * mean);
  return { count: sums.count, meanSeconds: mean, sdSeconds: Math.sqrt(variance) };
}
