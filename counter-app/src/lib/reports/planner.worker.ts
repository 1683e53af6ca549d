/// <reference lib="webworker" />
import type { PlannerInput } from '@dangky/core/queue';
import { runPlan } from './planner.ts';

/**
 * The planner's simulation off the page's thread: a busy booth day (2,000 arrivals, 8 counters,
 * 200 simulated days and the search for the counters each desk needs) took 2.3–3.4 s in Chromium,
 * long enough to freeze the page; here it runs while the page stays responsive and says so.
 */
self.onmessage = (e: MessageEvent<{ input: PlannerInput; targetP90Minutes: number }>) => {
  try {
    self.postMessage({ plan: runPlan(e.data.input, e.data.targetP90Minutes) });
  } catch (error) {
    self.postMessage({ error: String(error) });
  }
};
