import type { FastifyError, FastifyInstance } from 'fastify';
import { ZodError } from 'zod';
import { DangkyError, errorBody, errorCodeOf, errorRegistry, type ErrorCode } from '@dangky/core/errors';
import { isDiskFull } from './storage/space-guard.ts';

/** Fastify's own failures, by its error codes, mapped onto our registry. */
const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'DK_ERR_BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'DK_ERR_UNSUPPORTED_MEDIA',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'DK_ERR_MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'DK_ERR_MALFORMED_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'DK_ERR_MALFORMED_JSON',
};

/**
 * The one error handler: every failure leaves as `{ error: { code, message } }` with the
 * registry's status. Logs carry the code and the route, never the body (personal data).
 */
export function installErrorHandler(app: FastifyInstance, storage: { onDiskFull?: () => void; retryAfterSeconds?: number } = {}): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    let code: ErrorCode;
    let issues: { path: string; code: string }[] | undefined;
    if (err instanceof ZodError) {
      code = 'DK_ERR_VALIDATION';
      issues = err.issues.slice(0, 20).map((i) => ({ path: i.path.join('.'), code: i.message.startsWith('DK_ERR_') ? i.message : i.code }));
    } else if (err instanceof DangkyError) {
      code = err.code;
    } else if (isDiskFull(err)) {
      // The database met a full disk: the device keeps its events and comes back (see storage/space-guard.ts).
      code = 'DK_ERR_STORAGE_FULL';
      storage.onDiskFull?.();
      void reply.header('retry-after', String(storage.retryAfterSeconds ?? 30));
    } else if (err.code && fastifyCodes[err.code]) {
      code = fastifyCodes[err.code]!;
    } else if (err instanceof SyntaxError || (err.statusCode === 400 && /JSON/i.test(err.message))) {
      code = 'DK_ERR_MALFORMED_JSON';
    } else {
      code = errorCodeOf(err);
    }
    const status = errorRegistry[code].status;
    // A refusal that says when to come back (a sign-in's wait, a full hashing queue) says it the HTTP way.
    const retryAfter = err instanceof DangkyError ? err.detail?.retryAfterSeconds : undefined;
    if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
    if (status >= 500)
      req.log.error(
        { code, route: req.routeOptions.url, err: { name: err.name, message: err.message, stack: err.stack } },
        'request failed',
      );
    else req.log.info({ code, route: req.routeOptions.url }, 'request refused');
    void reply.status(status).send(errorBody(code, issues));
  });
  app.setNotFoundHandler((_req, reply) => void reply.status(404).send(errorBody('DK_ERR_NOT_FOUND')));
}
