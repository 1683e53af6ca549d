import { restoreSession, signOut, storeSession, SESSION_KEY, type Session } from './session.ts';

/** The signed-in staff member for the whole app (memory, mirrored to sessionStorage). */
export const auth = $state<{ session: Session | null }>({ session: null });

export function loadSession(): void {
  auth.session = restoreSession(sessionStorage);
}

export function setSession(s: Session): void {
  storeSession(sessionStorage, s);
  auth.session = s;
}

export async function endSession(): Promise<void> {
  const s = auth.session;
  auth.session = null;
  sessionStorage.removeItem(SESSION_KEY);
  if (s) await signOut(s);
}

export const bearer = (s: Session): string => `Bearer ${s.token}`;
