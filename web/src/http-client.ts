import { DangkyError, isErrorCode } from '@dangky/core/errors';
import type { z } from 'zod';

/**
 * One way to call the sync-server: JSON in, a zod-parsed answer out, and every failure as a
 * `DangkyError` with a registry code — `DK_ERR_NETWORK` when the server cannot be reached, the
 * server's own code when it answers with one — so the UI and the sync machine decide from codes.
 */
export interface RequestOptions {
  method?: 'GET' | 'POST';
  authorization?: string;
  /** Further request headers (a counter's pull carries its staff session in one). */
  headers?: Record<string, string>;
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

export function apiUrl(server: string, path: string, query: RequestOptions['query'] = {}): string {
  const url = new URL(path, server.endsWith('/') ? server : `${server}/`);
  for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
  return url.toString();
}

export async function send(server: string, path: string, options: RequestOptions = {}): Promise<Response> {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const headers: Record<string, string> = { ...options.headers };
  if (options.authorization) headers.authorization = options.authorization;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await doFetch(apiUrl(server, path, options.query), {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? null : JSON.stringify(options.body),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (cause) {
    throw new DangkyError('DK_ERR_NETWORK', { cause });
  }
  if (!response.ok) throw await errorFromResponse(response);
  return response;
}

export async function requestJson<S extends z.ZodType>(
  server: string,
  path: string,
  schema: S,
  options: RequestOptions = {},
): Promise<z.infer<S>> {
  const response = await send(server, path, options);
  let body: unknown;
  try {
    body = await response.json();
  } catch (cause) {
    throw new DangkyError('DK_ERR_MALFORMED_JSON', { cause, detail: { path } });
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new DangkyError('DK_ERR_VALIDATION', { cause: parsed.error, detail: { path } });
  return parsed.data;
}

/**
 * The server's `{ error: { code } }` body, or a code from the status when it sent none. A server
 * that sheds load says when to come back (`retry-after`, seconds): kept as `detail.retryAfterMs`
 * for the sync machine's next try.
 */
export async function errorFromResponse(response: Response): Promise<DangkyError> {
  let code: unknown;
  try {
    code = ((await response.json()) as { error?: { code?: unknown } }).error?.code;
  } catch {
    code = undefined;
  }
  const retryAfter = Number(response.headers.get('retry-after') ?? Number.NaN);
  const detail = { status: response.status, ...(retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}) };
  if (isErrorCode(code)) return new DangkyError(code, { detail });
  if (response.status >= 500) return new DangkyError('DK_ERR_NETWORK', { detail });
  if (response.status === 401) return new DangkyError('DK_ERR_STAFF_UNAUTHENTICATED', { detail: { status: 401 } });
  if (response.status === 403) return new DangkyError('DK_ERR_FORBIDDEN', { detail: { status: 403 } });
  return new DangkyError('DK_ERR_INTERNAL', { detail: { status: response.status } });
}
