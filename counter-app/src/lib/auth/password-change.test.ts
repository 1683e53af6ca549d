import { describe, expect, it } from 'vitest';
import { afterPasswordChange, changePassword, fieldOf, passwordFormErrors } from './password-change.ts';
import type { Session } from './session.ts';

const clerk: Session = {
  server: 'http://127.0.0.1:4100',
  token: 'tok-clerk-0123456789',
  expiresAt: '2026-12-07T12:00:00.000Z',
  user: {
    id: 'clerk.moi',
    displayName: 'Lý Thị Mới',
    role: 'clerk',
    siteId: 'hcm-ben-thanh',
    siteIds: ['hcm-ben-thanh'],
    provinceCode: '79',
    mustChangePassword: true,
  },
};

describe('changing one’s own password', () => {
  it.each([
    [{ current: '', next: 'hoa sen nở giữa hồ', repeat: 'hoa sen nở giữa hồ' }, [['current', 'DK_ERR_CURRENT_PASSWORD_MISSING']]],
    [{ current: 'Tam-thoi-1234', next: 'ngan-qua', repeat: '' }, [['next', 'DK_ERR_PASSWORD_TOO_SHORT']]],
    [{ current: 'Tam-thoi-1234', next: 'Matkhau@123456', repeat: 'Matkhau@123456' }, [['next', 'DK_ERR_PASSWORD_COMMON']]],
    [{ current: 'Tam-thoi-1234', next: 'xx-clerk.moi-2026', repeat: 'xx-clerk.moi-2026' }, [['next', 'DK_ERR_PASSWORD_LIKE_USERNAME']]],
    [{ current: 'Tam-thoi-1234', next: 'Tam-thoi-1234', repeat: 'Tam-thoi-1234' }, [['next', 'DK_ERR_PASSWORD_UNCHANGED']]],
    [
      { current: 'Tam-thoi-1234', next: 'hoa sen nở giữa hồ', repeat: 'hoa sen no giua ho' },
      [['repeat', 'DK_ERR_PASSWORD_REPEAT_MISMATCH']],
    ],
    [{ current: 'Tam-thoi-1234', next: 'hoa sen nở giữa hồ', repeat: 'hoa sen nở giữa hồ' }, []],
  ])('names each field’s mistake with core’s rules (%o)', (form, expected) => {
    expect(passwordFormErrors(form, 'clerk.moi').map((e) => [e.field, e.code])).toEqual(expected);
  });

  it('puts the server’s refusals on their field', () => {
    expect([
      fieldOf('DK_ERR_CURRENT_PASSWORD_WRONG'),
      fieldOf('DK_ERR_PASSWORD_COMMON'),
      fieldOf('DK_ERR_ACCOUNT_LOCKED'),
      fieldOf('DK_ERR_PASSWORD_CHANGE_REQUIRED'),
    ]).toEqual(['current', 'next', null, null]);
  });

  it('sends both passwords with the session, and the session no longer must change', async () => {
    const fetchFn: typeof fetch = async (url, init) => {
      expect(String(url)).toBe('http://127.0.0.1:4100/v1/auth/password');
      expect(new Headers(init?.headers).get('authorization')).toBe('Bearer tok-clerk-0123456789');
      expect(JSON.parse(String(init?.body))).toEqual({ currentPassword: 'Tam-thoi-1234', newPassword: 'hoa sen nở giữa hồ' });
      return new Response(null, { status: 204 });
    };
    const next = await changePassword(clerk, { current: 'Tam-thoi-1234', next: 'hoa sen nở giữa hồ', repeat: '' }, fetchFn);
    expect(next.user.mustChangePassword).toBe(false);
    const refused: typeof fetch = async () =>
      Response.json({ error: { code: 'DK_ERR_CURRENT_PASSWORD_WRONG', message: 'x' } }, { status: 400 });
    await expect(changePassword(clerk, { current: 'sai', next: 'hoa sen nở giữa hồ', repeat: '' }, refused)).rejects.toMatchObject({
      code: 'DK_ERR_CURRENT_PASSWORD_WRONG',
    });
  });

  it('goes on to the page the person was going to, only if it is one of the app’s own', () => {
    expect(afterPasswordChange('/admin/staff', clerk)).toBe('/admin/staff');
    expect(afterPasswordChange(null, clerk)).toBe('/queue');
    for (const away of ['//evil.example', 'https://evil.example', '/\\evil.example', '/password?next=/queue']) {
      expect(afterPasswordChange(away, clerk)).toBe('/queue');
    }
  });
});
