import { describe, expect, it } from 'vitest';
import { adminResources, inScope, may, scopeOf } from './permissions.ts';
import { mayGrant, roleScopeProblem } from './role-scope.ts';

const people = {
  clerk: { role: 'clerk', provinceCode: '79', siteIds: ['hcm-ben-thanh'] },
  siteManager: { role: 'site-manager', provinceCode: '79', siteIds: ['hcm-ben-thanh', 'hcm-book-fair'] },
  cityManager: { role: 'city-manager', provinceCode: '79', siteIds: [] },
  nationalManager: { role: 'national-manager', provinceCode: null, siteIds: [] },
  provinceAdmin: { role: 'admin', provinceCode: '79', siteIds: [] },
  nationalAdmin: { role: 'admin', provinceCode: null, siteIds: [] },
} as const;

describe('may', () => {
  it('lets only administrators change things, a national one the provider catalogue, a site manager the stock and the counters’ numbers too, and the managers who meet citizens erase their data on request', () => {
    const writers = Object.fromEntries(
      adminResources.map((r) => [r, Object.entries(people).flatMap(([name, p]) => (may(p, r, 'write') ? [name] : []))]),
    );
    expect(writers).toEqual({
      sites: ['provinceAdmin', 'nationalAdmin'],
      devices: ['provinceAdmin', 'nationalAdmin'],
      counters: ['siteManager', 'provinceAdmin', 'nationalAdmin'],
      staff: ['provinceAdmin', 'nationalAdmin'],
      providers: ['nationalAdmin'],
      stock: ['siteManager', 'provinceAdmin', 'nationalAdmin'],
      audit: [],
      lockouts: ['provinceAdmin', 'nationalAdmin'],
      reports: [],
      citizens: ['siteManager', 'cityManager'],
    });
  });

  it('keeps the national manager read-only and the clerk out of everything but the provider catalogue', () => {
    for (const r of adminResources) {
      expect(may(people.nationalManager, r, 'write')).toBe(false);
      expect(may(people.clerk, r, 'read')).toBe(r === 'providers');
    }
  });
});

describe('scopes', () => {
  it('places each person', () => {
    expect(scopeOf(people.clerk)).toEqual({ kind: 'sites', siteIds: ['hcm-ben-thanh'] });
    expect(scopeOf(people.cityManager)).toEqual({ kind: 'province', provinceCode: '79' });
    expect(scopeOf(people.nationalManager)).toEqual({ kind: 'national' });
    expect(scopeOf(people.nationalAdmin)).toEqual({ kind: 'national' });
  });

  it('decides what lies inside', () => {
    const hn = { provinceCode: '01', siteId: 'hn-ba-dinh' };
    const bt = { provinceCode: '79', siteId: 'hcm-ben-thanh' };
    expect([inScope(scopeOf(people.siteManager), bt), inScope(scopeOf(people.siteManager), { provinceCode: '79' })]).toEqual([true, false]);
    expect([inScope(scopeOf(people.provinceAdmin), bt), inScope(scopeOf(people.provinceAdmin), hn)]).toEqual([true, false]);
    expect(inScope(scopeOf(people.nationalManager), hn)).toBe(true);
  });
});

describe('accounts', () => {
  it.each([
    [{ role: 'clerk', siteIds: ['a'], provinceCode: '79' }, null],
    [{ role: 'clerk', siteIds: [], provinceCode: '79' }, 'DK_ERR_ROLE_SCOPE_INVALID'],
    [{ role: 'city-manager', siteIds: [], provinceCode: '79' }, null],
    [{ role: 'city-manager', siteIds: [], provinceCode: null }, 'DK_ERR_ROLE_SCOPE_INVALID'],
    [{ role: 'national-manager', siteIds: [], provinceCode: '79' }, 'DK_ERR_ROLE_SCOPE_INVALID'],
    [{ role: 'admin', siteIds: [], provinceCode: null }, null],
    [{ role: 'admin', siteIds: ['a'], provinceCode: '79' }, 'DK_ERR_ROLE_SCOPE_INVALID'],
  ] as const)('%o → %s', (account, expected) => {
    expect(roleScopeProblem(account)).toBe(expected);
  });

  it('lets a province administrator grant only inside the province, never a national role', () => {
    const province = scopeOf(people.provinceAdmin);
    expect(mayGrant(province, { role: 'clerk', provinceCode: '79' })).toBe(true);
    expect(mayGrant(province, { role: 'clerk', provinceCode: '01' })).toBe(false);
    expect(mayGrant(province, { role: 'national-manager', provinceCode: null })).toBe(false);
    expect(mayGrant(scopeOf(people.nationalAdmin), { role: 'admin', provinceCode: null })).toBe(true);
  });
});
