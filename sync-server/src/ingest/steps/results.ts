import { errorRegistry, type ErrorCode } from '@dangky/core/errors';
import type { PushResult } from '@dangky/core/protocol';

/** One event's refusal as the device receives it: the code, and the registry's English with a detail. */
export const rejected = (id: string, code: ErrorCode, why?: string): PushResult => ({
  id,
  status: 'rejected',
  code,
  message: why ? `${errorRegistry[code].en}: ${why}` : errorRegistry[code].en,
});

/** The answers of one push by position in the batch; a hole is an event nothing answered yet. */
export type Results = (PushResult | undefined)[];

/** An event that passed the envelope screen, with its position in the batch. */
export interface Candidate<E> {
  index: number;
  event: E;
}
