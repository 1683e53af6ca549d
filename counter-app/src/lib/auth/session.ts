import { z } from 'zod';
import { deviceAuthorization, loginResponse, routes, type LoginResponse, type PairingLink, type Role } from '@dangky/core/protocol';
import { requestJson, send } from '@dangky/web';

/**
 * A staff session: the bearer token lives in memory and in `sessionStorage` (so a reload keeps
 * the clerk signed in, closing the tab signs them out) — never in `localStorage`, which would
 * outlive the shift on a shared counter PC.
 */
export const SESSION_KEY = 'dangky.counter.session';

export const session = loginResponse.extend({ server: z.string() });
export type Session = z.infer<typeof session>;

/**
 * `counter`: the counter this browser is paired as, when the sign-in is made on it — the server
 * then binds the session to it, which is what lets the counter pull the queue with it and record
 * actions in this person's name. Only sent to the counter's own server; a manager approving one
 * request, or anyone on an unpaired browser, signs in without it.
 */
export async function signIn(
  server: string,
  username: string,
  password: string,
  fetchFn?: typeof fetch,
  counter?: Pick<PairingLink, 'server' | 'deviceId' | 'deviceSecret'> | null,
): Promise<Session> {
  const onCounter = counter && sameServer(counter.server, server) ? counter : null;
  const answer: LoginResponse = await requestJson(server, routes.login, loginResponse, {
    method: 'POST',
    body: { username, password },
    ...(onCounter ? { authorization: deviceAuthorization(onCounter.deviceId, onCounter.deviceSecret) } : {}),
    ...(fetchFn ? { fetch: fetchFn } : {}),
  });
  return { ...answer, server };
}

const sameServer = (a: string, b: string): boolean => {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
};

/** Tell the server to forget the token; signing out locally never waits on the network. */
export async function signOut(s: Session, fetchFn?: typeof fetch): Promise<void> {
  await send(s.server, routes.logout, { method: 'POST', authorization: `Bearer ${s.token}`, ...(fetchFn ? { fetch: fetchFn } : {}) }).catch(
    () => undefined,
  );
}

export function restoreSession(storage: Pick<Storage, 'getItem' | 'removeItem'>, now = Date.now()): Session | null {
  const raw = storage.getItem(SESSION_KEY);
  if (!raw) return null;
  let parsed: ReturnType<typeof session.safeParse>;
  try {
    parsed = session.safeParse(JSON.parse(raw));
  } catch {
    parsed = session.safeParse(null);
  }
  if (!parsed.success || Date.parse(parsed.data.expiresAt) <= now) {
    storage.removeItem(SESSION_KEY);
    return null;
  }
  return parsed.data;
}

export const storeSession = (storage: Pick<Storage, 'setItem'>, s: Session): void => storage.setItem(SESSION_KEY, JSON.stringify(s));

/** Where each role starts: clerks at the queue, administrators at the administration pages, managers at the reports. */
export const homeFor = (role: Role): '/queue' | '/reports' | '/admin' =>
  role === 'clerk' ? '/queue' : role === 'admin' ? '/admin' : '/reports';
export const canSeeReports = (role: Role): boolean => role !== 'clerk';
