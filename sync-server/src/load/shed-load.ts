import type { FastifyInstance } from 'fastify';
import { errorBody } from '@dangky/core/errors';

/**
 * Load shedding: past `maxInFlight` requests in progress in this process, a new request is
 * answered at once with 503 `DK_ERR_SERVER_BUSY` and a `retry-after`, instead of joining a queue
 * that grows until clients time out. Past its limit a saturated server (PGlite answers one query
 * at a time) makes every request wait longer; devices that time out retry, which adds load, and
 * nothing is served in time. A quick refusal keeps the requests it does take fast, and the device
 * keeps its outbox and comes back when told (HAProxy first tries another replica).
 *
 * The count is this process's own load — not state another replica needs. Health and readiness
 * checks are never shed: HAProxy must not take a busy replica for a dead one.
 */
export interface LoadSheddingOptions {
  /** Requests in progress beyond which new ones are refused. */
  maxInFlight: number;
  /** Paths never refused. Default `/healthz`, `/readyz`. */
  exempt?: readonly string[];
}

export function installLoadShedding(app: FastifyInstance, { maxInFlight, exempt = ['/healthz', '/readyz'] }: LoadSheddingOptions): void {
  let inFlight = 0;
  // Mean time a request takes here (moving average), which says how long the backlog lasts.
  let meanMs = 10;
  app.addHook('onRequest', (req, reply, done) => {
    if (exempt.includes(req.url.split('?', 1)[0]!)) return done();
    if (inFlight >= maxInFlight) {
      void reply
        .code(503)
        .header('retry-after', String(retryAfterSeconds(inFlight, meanMs)))
        .send(errorBody('DK_ERR_SERVER_BUSY'));
      return;
    }
    inFlight++;
    const started = performance.now();
    // 'close' fires for every ending: answered, failed, or the client gone.
    reply.raw.once('close', () => {
      inFlight--;
      meanMs = 0.9 * meanMs + 0.1 * (performance.now() - started);
    });
    done();
  });
}

/** How long the backlog in front of a new request lasts, in whole seconds, between 2 and 30. */
export const retryAfterSeconds = (inFlight: number, meanMs: number): number =>
  Math.min(30, Math.max(2, Math.ceil((inFlight * meanMs) / 1000)));
