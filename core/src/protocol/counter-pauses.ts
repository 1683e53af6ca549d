import { z } from 'zod';
import { counterPause } from '../queue/counter-pause.ts';
import { pushResult } from './sync.ts';

/**
 * The server's answer to a counter's posted pause changes (`POST /v1/counter/pauses`): each
 * change answered on its own like a pushed event (accepted, duplicate, or rejected with a code
 * that is final), and the counter's break as the server now holds it.
 */
export const counterPausesResponse = z.object({
  results: z.array(pushResult),
  pause: counterPause,
});
export type CounterPausesResponse = z.infer<typeof counterPausesResponse>;
