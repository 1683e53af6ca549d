import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginResponse } from '@dangky/core/protocol';
import { sameHoursEveryDay } from '@dangky/core/schemas';
import { operator } from '../src/admin/actor.ts';
import { createEnrolment, redeemEnrolment } from '../src/admin/devices.ts';
import { createSite } from '../src/admin/sites.ts';
import { createStaff } from '../src/admin/staff.ts';
import { receiveTokens } from '../src/admin/stock.ts';
import { harness, dbKind, type Harness } from './harness.ts';

/**
 * Who may use each administration route, and where: every route is called by each role (and by
 * an administrator of another province) on something of Hồ Chí Minh City, and must answer 2xx
 * exactly for the roles and scopes the permission table allows — 403 for everyone else, with
 * nothing changed and nothing audited.
 */
const PASSWORD = 'dangky-demo-2026';
const actors = ['clerk', 'siteManager', 'cityManager', 'nationalManager', 'provinceAdmin', 'otherAdmin', 'nationalAdmin'] as const;
type Who = (typeof actors)[number];
const usernames: Record<Who, string> = {
  clerk: 'clerk.benthanh',
  siteManager: 'manager.benthanh',
  cityManager: 'manager.hcm',
  nationalManager: 'manager.vn',
  provinceAdmin: 'admin.hcm',
  otherAdmin: 'admin.hn',
  nationalAdmin: 'admin.vn',
};

let h: Harness;
const tokens = {} as Record<Who, string>;
/** A throwaway kiosk at Bến Thành for the device routes (rename, rotate, revoke). */
let spareDevice: string;
/** One device per actor to revoke (revoking twice changes nothing, so audits nothing). */
const revocable = {} as Record<Who, string>;

beforeAll(async () => {
  h = await harness();
  await createStaff(
    h.db,
    operator,
    { id: 'manager.vn', displayName: 'Quản lý quốc gia', role: 'national-manager', siteIds: [], provinceCode: null, password: PASSWORD },
    { mustChangePassword: false },
  );
  await createStaff(
    h.db,
    operator,
    { id: 'admin.hn', displayName: 'Quản trị Hà Nội', role: 'admin', siteIds: [], provinceCode: '01', password: PASSWORD },
    { mustChangePassword: false },
  );
  await createSite(h.db, operator, {
    id: 'hn-ba-dinh',
    name: 'UBND phường Ba Đình',
    kind: 'office',
    communeCode: '00004',
    address: '1 Hoàng Hoa Thám',
    hours: sameHoursEveryDay({ opens: '08:00', closes: '17:00' }),
    firstDay: null,
    lastDay: null,
  });
  const code = await createEnrolment(h.db, operator, { siteId: 'hcm-ben-thanh', kind: 'kiosk', name: 'Ki-ốt dự phòng' });
  spareDevice = (await redeemEnrolment(h.db, code.code)).deviceId;
  for (const who of actors) {
    const c = await createEnrolment(h.db, operator, { siteId: 'hcm-ben-thanh', kind: 'counter', name: `Quầy thu hồi ${who}` });
    revocable[who] = (await redeemEnrolment(h.db, c.code)).deviceId;
  }
  await receiveTokens(h.db, operator, { siteId: 'hcm-ben-thanh', serials: actors.map((a) => `MX-${a.toUpperCase()}`) });
  for (const who of actors) {
    const res = await h.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username: usernames[who], password: PASSWORD } });
    tokens[who] = loginResponse.parse(res.json()).token;
  }
  // Nine scrypt hashes and seven sign-ins: minutes on a loaded two-core machine.
}, 180_000);
afterAll(() => h.close());

interface Call {
  method: 'GET' | 'POST';
  url: string;
  payload?: unknown;
}

const site = (id: string) => ({
  id,
  name: `Điểm ${id}`,
  kind: 'office',
  communeCode: '25768',
  address: 'Phú An',
  hours: sameHoursEveryDay({ opens: '07:30', closes: '17:00' }, ['mon', 'tue', 'wed', 'thu', 'fri']),
  firstDay: null,
  lastDay: null,
});
const provider = (id: string) => ({
  id,
  name: `Nhà cung cấp ${id}`,
  product: 'CA',
  channels: ['token'],
  keyTypes: { token: ['rsa2048'] },
  active: true,
  freeMonths: 12,
  oneFreePerCitizen: true,
});
const slug = (who: Who) => who.toLowerCase();

/** Every administration route, with the actors it admits; the others must get 403. */
const matrix: { name: string; call: (who: Who) => Call; allowed: readonly Who[] }[] = [
  {
    name: 'list sites',
    call: () => ({ method: 'GET', url: '/v1/admin/sites' }),
    allowed: ['siteManager', 'cityManager', 'nationalManager', 'provinceAdmin', 'otherAdmin', 'nationalAdmin'],
  },
  {
    name: 'create a site',
    call: (who) => ({ method: 'POST', url: '/v1/admin/sites', payload: site(`hcm-new-${slug(who)}`) }),
    allowed: ['provinceAdmin', 'nationalAdmin'],
  },
  {
    name: 'edit a site',
    call: (who) => ({
      method: 'POST',
      url: '/v1/admin/sites/hcm-ben-thanh',
      payload: { ...site('x'), id: undefined, address: `92 ${who}` },
    }),
    allowed: ['provinceAdmin', 'nationalAdmin'],
  },
  {
    name: 'fleet',
    call: () => ({ method: 'GET', url: '/v1/admin/devices' }),
    allowed: ['siteManager', 'cityManager', 'nationalManager', 'provinceAdmin', 'otherAdmin', 'nationalAdmin'],
  },
  {
    name: 'enrolment code',
    call: (who) => ({
      method: 'POST',
      url: '/v1/admin/enrolments',
      payload: { siteId: 'hcm-ben-thanh', kind: 'counter', name: `Quầy ${who}` },
    }),
    allowed: ['provinceAdmin', 'nationalAdmin'],
  },
  {
    name: 'rename a device',
    call: (who) => ({ method: 'POST', url: `/v1/admin/devices/${spareDevice}`, payload: { name: `Ki-ốt ${who}` } }),
    allowed: ['provinceAdmin', 'nationalAdmin'],
  },
  {
    name: 'rotate a device secret',
    call: () => ({ method: 'POST', url: `/v1/admin/devices/${spareDevice}/rotate` }),
    allowed: ['provinceAdmin', 'nationalAdmin'],
  },
  {
    name: 'list staff',
    call: () => ({ method: 'GET', url: '/v1/admin/staff' }),
    allowed: ['provinceAdmin', 'otherAdmin', 'nationalAdmin'],
  },
  {
    name: 'create an account',
    call: (who) => ({
      method: 'POST',
      url: '/v1/admin/staff',
      payload: {
        id: `clerk.${slug(who)}`,
        displayName: 'Nhân viên mới',
        role: 'clerk',
        siteIds: ['hcm-ben-thanh'],
        provinceCode: '79',
        password: 'Ben-Thanh-quay-so-7',
      },
    }),
    allowed: ['provinceAdmin', 'nationalAdmin'],
  },
  {
    name: 'edit an account',
    call: (who) => ({ method: 'POST', url: '/v1/admin/staff/clerk.hoisach', payload: { displayName: `Trần Văn Minh ${who.length}` } }),
    allowed: ['provinceAdmin', 'nationalAdmin'],
  },
  {
    name: 'disable an account',
    call: () => ({ method: 'POST', url: '/v1/admin/staff/clerk.hoisach/disable' }),
    allowed: ['provinceAdmin', 'nationalAdmin'],
  },
  {
    name: 'enable an account',
    call: () => ({ method: 'POST', url: '/v1/admin/staff/clerk.hoisach/enable' }),
    allowed: ['provinceAdmin', 'nationalAdmin'],
  },
  {
    name: 'reset a password',
    call: () => ({ method: 'POST', url: '/v1/admin/staff/clerk.hoisach/reset-password', payload: { password: 'Hoi-sach-tam-thoi-9' } }),
    allowed: ['provinceAdmin', 'nationalAdmin'],
  },
  {
    name: 'unlock an account',
    call: () => ({ method: 'POST', url: '/v1/admin/staff/clerk.hoisach/unlock' }),
    allowed: ['provinceAdmin', 'nationalAdmin'],
  },
  {
    name: 'addresses with failed sign-ins',
    call: () => ({ method: 'GET', url: '/v1/admin/sign-in-locks' }),
    allowed: ['provinceAdmin', 'otherAdmin', 'nationalAdmin'],
  },
  {
    name: 'unlock an address',
    call: () => ({ method: 'POST', url: '/v1/admin/sign-in-locks/unlock', payload: { address: '10.9.9.9' } }),
    allowed: ['provinceAdmin', 'otherAdmin', 'nationalAdmin'],
  },
  {
    name: 'list providers',
    call: () => ({ method: 'GET', url: '/v1/admin/providers' }),
    allowed: actors,
  },
  {
    name: 'add a provider',
    call: (who) => ({ method: 'POST', url: '/v1/admin/providers', payload: provider(`p-${slug(who)}`) }),
    allowed: ['nationalAdmin'],
  },
  {
    name: 'edit a provider',
    call: () => ({ method: 'POST', url: '/v1/admin/providers/bkav', payload: { ...provider('bkav'), active: false } }),
    allowed: ['nationalAdmin'],
  },
  {
    name: 'stock',
    call: () => ({ method: 'GET', url: '/v1/admin/stock?siteId=hcm-ben-thanh' }),
    allowed: ['siteManager', 'cityManager', 'nationalManager', 'provinceAdmin', 'nationalAdmin'],
  },
  {
    name: 'receive tokens',
    call: (who) => ({
      method: 'POST',
      url: '/v1/admin/stock/receive',
      payload: { siteId: 'hcm-ben-thanh', serials: [`RX-${who.toUpperCase()}`] },
    }),
    allowed: ['siteManager', 'provinceAdmin', 'nationalAdmin'],
  },
  {
    name: 'a token leaves the stock',
    call: (who) => ({
      method: 'POST',
      url: `/v1/admin/stock/MX-${who.toUpperCase()}/leave`,
      payload: { state: 'spoiled', reason: 'damaged' },
    }),
    allowed: ['siteManager', 'provinceAdmin', 'nationalAdmin'],
  },
  {
    name: 'search the audit log',
    call: () => ({ method: 'GET', url: '/v1/admin/audit?siteId=hcm-ben-thanh' }),
    allowed: ['siteManager', 'cityManager', 'nationalManager', 'provinceAdmin', 'otherAdmin', 'nationalAdmin'],
  },
  {
    name: 'audit anchors',
    call: () => ({ method: 'GET', url: '/v1/admin/audit/anchors' }),
    allowed: ['siteManager', 'cityManager', 'nationalManager', 'provinceAdmin', 'otherAdmin', 'nationalAdmin'],
  },
  {
    name: 'verify the audit chain',
    call: () => ({ method: 'GET', url: '/v1/admin/audit/verify' }),
    allowed: ['siteManager', 'cityManager', 'nationalManager', 'provinceAdmin', 'otherAdmin', 'nationalAdmin'],
  },
  {
    name: 'number a counter and choose its desks',
    call: (who) => ({
      method: 'POST',
      url: `/v1/admin/devices/${revocable[who]}/counter`,
      payload: { counter: { number: 10 + actors.indexOf(who), services: ['token'] } },
    }),
    allowed: ['siteManager', 'provinceAdmin', 'nationalAdmin'],
  },
  {
    name: 'revoke a device',
    call: (who) => ({ method: 'POST', url: `/v1/admin/devices/${revocable[who]}/revoke` }),
    allowed: ['provinceAdmin', 'nationalAdmin'],
  },
];

const auditHead = async () => Number((await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log'))[0]!.n);

describe(`administration routes by role and scope on ${dbKind}`, () => {
  it.each(matrix)('$name', async ({ call, allowed }) => {
    const outcome: Record<string, number> = {};
    for (const who of actors) {
      const before = await auditHead();
      const c = call(who);
      const res = await h.app.inject({
        method: c.method,
        url: c.url,
        headers: { authorization: `Bearer ${tokens[who]}` },
        ...(c.payload !== undefined ? { payload: c.payload as object } : {}),
      });
      outcome[who] = res.statusCode;
      if (res.statusCode === 403) {
        expect(res.json().error.code).toBe('DK_ERR_FORBIDDEN');
        expect(await auditHead(), `${who} was refused, yet something was audited`).toBe(before);
      }
      // Every change an administration route makes is an audited action.
      if (c.method === 'POST' && res.statusCode < 300) expect(await auditHead(), `${who}'s change was not audited`).toBeGreaterThan(before);
    }
    const expected = Object.fromEntries(actors.map((who) => [who, allowed.includes(who) ? 'allowed' : 403]));
    const got = Object.fromEntries(actors.map((who) => [who, outcome[who]! < 300 ? 'allowed' : outcome[who]]));
    expect(got).toEqual(expected);
  });

  it('narrows lists to the scope: a site manager sees their site, another province sees none of Hồ Chí Minh City', async () => {
    const list = async (who: Who, url: string) =>
      (await h.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tokens[who]}` } })).json();
    expect((await list('siteManager', '/v1/admin/sites')).sites.map((s: { id: string }) => s.id)).toEqual(['hcm-ben-thanh']);
    expect((await list('otherAdmin', '/v1/admin/sites')).sites.map((s: { id: string }) => s.id)).toEqual(['hn-ba-dinh']);
    expect((await list('otherAdmin', '/v1/admin/devices')).devices).toEqual([]);
    expect((await list('otherAdmin', '/v1/admin/staff')).staff.map((s: { id: string }) => s.id)).toEqual(['admin.hn']);
    const audit = (await list('siteManager', '/v1/admin/audit')).entries as { siteId: string | null }[];
    expect(audit.length).toBeGreaterThan(0);
    expect(audit.every((e) => e.siteId === 'hcm-ben-thanh')).toBe(true);
    const elsewhere = await h.app.inject({
      method: 'POST',
      url: '/v1/admin/stock/receive',
      headers: { authorization: `Bearer ${tokens.siteManager}` },
      payload: { siteId: 'hcm-book-fair', serials: ['BF-0001'] },
    });
    expect([elsewhere.statusCode, elsewhere.json().error.code]).toEqual([403, 'DK_ERR_FORBIDDEN']);
  });

  it('refuses every administration route without a session', async () => {
    for (const { call } of matrix) {
      const c = call('nationalAdmin');
      const res = await h.app.inject({
        method: c.method,
        url: c.url,
        ...(c.payload !== undefined ? { payload: c.payload as object } : {}),
      });
      expect([c.url, res.statusCode]).toEqual([c.url, 401]);
    }
  });
});
