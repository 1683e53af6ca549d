import type { FastifyInstance } from 'fastify';
import { DangkyError, errorCodeOf } from '@dangky/core/errors';
import { loginRequest, passwordChange, routes } from '@dangky/core/protocol';
import { staffId } from '@dangky/core/schemas';
import type { Db } from '../db/db.ts';
import { authenticateStaff, login, logout, sessionSha256 } from '../auth/staff-auth.ts';
import type { HashQueue } from '../auth/hash-queue.ts';
import { auditAlone } from '../audit/append-audit.ts';
import { changeOwnPassword } from '../auth/change-password.ts';
import { authenticateDevice, type AuthedDevice } from '../auth/device-auth.ts';
import { staffDevices } from '@dangky/core/admin';

/**
 * Sign-in, sign-out, failed sign-ins and password changes are staff actions: each is appended to
 * the audit log. A failed sign-in is logged at `warn` with the account's name; an attempt refused
 * by the limits before any hash (a wait, a lock, a full hashing queue) is logged at `warn` too but
 * not audited, so a flood of them cannot crowd the audit log's chain.
 */
export function authRoutes(app: FastifyInstance, db: Db, hashing: HashQueue, clock: () => Date): void {
  app.post(routes.login, async (req) => {
    const body = loginRequest.parse(req.body);
    const device = await signingInOn(db, req.headers.authorization);
    try {
      const session = await login(db, body.username, body.password, {
        address: req.ip,
        hashing,
        now: clock(),
        ...(device ? { device } : {}),
      });
      const { user } = session;
      await auditAlone(db, {
        actorId: user.id,
        actorRole: user.role,
        action: 'auth.signed-in',
        siteId: user.siteId,
        provinceCode: user.provinceCode,
        ...(device ? { target: `device:${device.id}` } : {}),
      });
      return session;
    } catch (error) {
      const code = errorCodeOf(error);
      // The name typed is recorded only when such an account exists (never a password typed in the
      // wrong field). A full hashing queue is answered with no database work at all: it is what a
      // flood gets, and the flood must not reach the database that device sync needs.
      const typed = staffId.safeParse(body.username.toLowerCase());
      const [known] =
        typed.success && code !== 'DK_ERR_SIGN_IN_BUSY'
          ? await db.query<{ id: string }>('SELECT id FROM staff WHERE id = $1', [typed.data])
          : [];
      const detail = error instanceof DangkyError ? (error.detail ?? {}) : {};
      req.log.warn({ code, username: known?.id ?? null, address: req.ip, ...detail }, 'sign-in refused');
      if (code === 'DK_ERR_BAD_CREDENTIALS' || code === 'DK_ERR_ACCOUNT_DISABLED')
        await auditAlone(db, {
          actorId: known?.id ?? 'unknown',
          actorRole: '',
          action: 'auth.sign-in-failed',
          target: known ? `staff:${known.id}` : null,
          detail: { code, ...(known && detail.locked ? { locked: true, failures: Number(detail.failures) } : {}) },
        });
      throw error;
    }
  });
  app.get(routes.me, async (req) => ({ user: await authenticateStaff(db, req.headers.authorization, { allowPasswordChange: true }) }));
  // Anyone's own change, and the one thing a session after a password reset may do; it ends the reset.
  app.post(routes.password, async (req, reply) => {
    const user = await authenticateStaff(db, req.headers.authorization, { allowPasswordChange: true });
    const body = passwordChange.parse(req.body);
    try {
      await changeOwnPassword(db, user, body, {
        address: req.ip,
        hashing,
        sessionSha256: sessionSha256(req.headers.authorization)!,
        now: clock(),
      });
    } catch (error) {
      const detail = error instanceof DangkyError ? (error.detail ?? {}) : {};
      req.log.warn({ code: errorCodeOf(error), username: user.id, address: req.ip, ...detail }, 'password change refused');
      throw error;
    }
    return reply.status(204).send();
  });
  app.post(routes.logout, async (req, reply) => {
    const user = await authenticateStaff(db, req.headers.authorization, { allowPasswordChange: true }).catch(() => null);
    await logout(db, req.headers.authorization, clock());
    if (user)
      await auditAlone(db, {
        actorId: user.id,
        actorRole: user.role,
        action: 'auth.signed-out',
        siteId: user.siteId,
        provinceCode: user.provinceCode,
      });
    return reply.status(204).send();
  });
}

/**
 * The counter a sign-in is made through, when the request carries its `Authorization: Device …`:
 * the session is then bound to it (what lets its pull carry the session and its events name the
 * person). Proven before any password is checked; a kind of device no one signs in on is refused.
 */
async function signingInOn(db: Db, header: string | undefined): Promise<AuthedDevice | null> {
  if (!header?.startsWith('Device ')) return null;
  const device = await authenticateDevice(db, header);
  if (!staffDevices.includes(device.kind)) throw new DangkyError('DK_ERR_DEVICE_KIND_FORBIDDEN');
  return device;
}
