import { passwordProblem } from '@dangky/core/admin';
import type { ErrorCode } from '@dangky/core/errors';
import { routes } from '@dangky/core/protocol';
import { send } from '@dangky/web';
import { homeFor, type Session } from './session.ts';

/**
 * A staff member choosing their own password: after an administrator set it (the session may do
 * nothing else until then) or whenever they wish. The form is checked here with core's rules —
 * the same function the server applies — so most mistakes are named before anything is sent;
 * what only the server can tell (the current password is wrong, the account is locked) comes
 * back as its code. Errors are per field, in the order of the form, for the error summary.
 */
export type PasswordField = 'current' | 'next' | 'repeat';

export interface PasswordForm {
  current: string;
  next: string;
  repeat: string;
}

export function passwordFormErrors(form: PasswordForm, username: string): { field: PasswordField; code: ErrorCode }[] {
  const errors: { field: PasswordField; code: ErrorCode }[] = [];
  if (form.current === '') errors.push({ field: 'current', code: 'DK_ERR_CURRENT_PASSWORD_MISSING' });
  const problem = passwordProblem(form.next, { username });
  if (problem) errors.push({ field: 'next', code: problem });
  else if (form.next === form.current) errors.push({ field: 'next', code: 'DK_ERR_PASSWORD_UNCHANGED' });
  if (!problem && form.repeat !== form.next) errors.push({ field: 'repeat', code: 'DK_ERR_PASSWORD_REPEAT_MISMATCH' });
  return errors;
}

/** The field a refusal from the server belongs to (the rest are said above the form). */
export function fieldOf(code: ErrorCode): PasswordField | null {
  if (code === 'DK_ERR_CURRENT_PASSWORD_WRONG') return 'current';
  if (code.startsWith('DK_ERR_PASSWORD_') && code !== 'DK_ERR_PASSWORD_CHANGE_REQUIRED') return 'next';
  return null;
}

export async function changePassword(s: Session, form: PasswordForm, fetchFn?: typeof fetch): Promise<Session> {
  await send(s.server, routes.password, {
    method: 'POST',
    authorization: `Bearer ${s.token}`,
    body: { currentPassword: form.current, newPassword: form.next },
    ...(fetchFn ? { fetch: fetchFn } : {}),
  });
  return { ...s, user: { ...s.user, mustChangePassword: false } };
}

/**
 * Where to go once the password is changed: the page the person was on their way to, when it is
 * one of this app's own pages (a link from elsewhere cannot send them off-site), else their home.
 */
export function afterPasswordChange(next: string | null, s: Session): string {
  if (next && /^\/(?![/\\])/.test(next) && !next.startsWith('/password')) return next;
  return homeFor(s.user.role);
}
