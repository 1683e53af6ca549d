import { describe, expect, it } from 'vitest';
import { SESSION_KEY, homeFor, restoreSession, signIn, storeSession } from './session.ts';

class MemoryStorage {
  map = new Map<string, string>();
  getItem = (k: string) => this.map.get(k) ?? null;
  setItem = (k: string, v: string) => void this.map.set(k, v);
  removeItem = (k: string) => void this.map.delete(k);
}

const answer = {
  token: 'tok',
  expiresAt: '2026-11-22T12:00:00.000Z',
  user: { id: 'manager.hcm', displayName: 'Phạm Thu Hà', role: 'city-manager', siteId: null, provinceCode: '79' },
};

describe('staff session', () => {
  it('signs in, survives a reload through sessionStorage, and expires', async () => {
    const fetchFn: typeof fetch = async (url, init) => {
      expect(String(url)).toBe('http://127.0.0.1:4100/v1/auth/login');
      expect(JSON.parse(String(init?.body))).toEqual({ username: 'manager.hcm', password: 'pw' });
      return Response.json(answer);
    };
    const s = await signIn('http://127.0.0.1:4100', 'manager.hcm', 'pw', fetchFn);
    const storage = new MemoryStorage();
    storeSession(storage, s);
    expect(restoreSession(storage, Date.parse('2026-11-22T11:00:00Z'))?.user.id).toBe('manager.hcm');
    expect(restoreSession(storage, Date.parse('2026-11-22T12:00:01Z'))).toBeNull();
    expect(storage.map.has(SESSION_KEY)).toBe(false);
  });

  it('signs in through the counter it is paired as, on that counter’s server only', async () => {
    const sent: (string | null)[] = [];
    const fetchFn: typeof fetch = async (_url, init) => {
      sent.push(new Headers(init?.headers).get('authorization'));
      return Response.json(answer);
    };
    const counter = { server: 'http://127.0.0.1:4100/', deviceId: 'counter-hcm-ben-thanh-1', deviceSecret: 's'.repeat(43) };
    await signIn('http://127.0.0.1:4100', 'clerk.benthanh', 'pw', fetchFn, counter);
    await signIn('http://another.example', 'clerk.benthanh', 'pw', fetchFn, counter);
    await signIn('http://127.0.0.1:4100', 'manager.benthanh', 'pw', fetchFn);
    expect(sent).toEqual([`Device counter-hcm-ben-thanh-1:${'s'.repeat(43)}`, null, null]);
  });

  it('maps a wrong password to its code', async () => {
    const fetchFn: typeof fetch = async () => Response.json({ error: { code: 'DK_ERR_BAD_CREDENTIALS', message: 'x' } }, { status: 401 });
    await expect(signIn('http://s', 'a', 'b', fetchFn)).rejects.toMatchObject({ code: 'DK_ERR_BAD_CREDENTIALS' });
  });

  it('drops a tampered stored session', () => {
    const storage = new MemoryStorage();
    storage.setItem(SESSION_KEY, '{"token":1}');
    expect(restoreSession(storage)).toBeNull();
  });

  it('starts clerks at the queue and managers at the reports', () => {
    expect(homeFor('clerk')).toBe('/queue');
    expect(homeFor('site-manager')).toBe('/reports');
    expect(homeFor('city-manager')).toBe('/reports');
    expect(homeFor('national-manager')).toBe('/reports');
    expect(homeFor('admin')).toBe('/admin');
  });
});
