import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { demoProviders, demoSites } from '@dangky/core/reference';
import { sameHoursEveryDay } from '@dangky/core/schemas';
import type { Db } from '../db/db.ts';
import { operator } from '../admin/actor.ts';
import { createEnrolment, redeemEnrolment, rotateDevice } from '../admin/devices.ts';
import { saveProvider } from '../admin/providers.ts';
import { createSite } from '../admin/sites.ts';
import { createStaff } from '../admin/staff.ts';
import { loadAdminUnits } from './admin-units.ts';

/**
 * The demo: Hồ Chí Minh city (79) with a ward office and a book-fair booth, each with a kiosk
 * and a counter (and a call display in the ward office's waiting room), two clerks, two managers and two administrators — made by an ordinary script
 * through the same administration functions an administrator's pages use (so the demo is
 * audited like anything else). Idempotent: what exists is kept. Device secrets are made once,
 * by redeeming enrolment codes, and written to DATA_DIR/demo-secrets.json (mode 600) so
 * `npm start` can print pairing links.
 */
export const DEMO_PASSWORD = 'dangky-demo-2026';

export const demoDevices = [
  { id: 'kiosk-hcm-ben-thanh-1', siteId: 'hcm-ben-thanh', kind: 'kiosk', ticketPrefix: 'A', name: 'Ki-ốt 1' },
  { id: 'counter-hcm-ben-thanh-1', siteId: 'hcm-ben-thanh', kind: 'counter', ticketPrefix: null, name: 'Quầy 1' },
  { id: 'display-hcm-ben-thanh-1', siteId: 'hcm-ben-thanh', kind: 'display', ticketPrefix: null, name: 'Màn hình phòng chờ' },
  { id: 'kiosk-hcm-book-fair-1', siteId: 'hcm-book-fair', kind: 'kiosk', ticketPrefix: 'B', name: 'Ki-ốt 1' },
  { id: 'counter-hcm-book-fair-1', siteId: 'hcm-book-fair', kind: 'counter', ticketPrefix: null, name: 'Quầy 1' },
] as const;

export const demoStaff = [
  { username: 'clerk.benthanh', displayName: 'Nguyễn Thị Lan', role: 'clerk', siteIds: ['hcm-ben-thanh'], provinceCode: '79' },
  { username: 'clerk.hoisach', displayName: 'Trần Văn Minh', role: 'clerk', siteIds: ['hcm-book-fair'], provinceCode: '79' },
  { username: 'manager.benthanh', displayName: 'Lê Hoàng Nam', role: 'site-manager', siteIds: ['hcm-ben-thanh'], provinceCode: '79' },
  { username: 'manager.hcm', displayName: 'Phạm Thu Hà', role: 'city-manager', siteIds: [], provinceCode: '79' },
  { username: 'admin.hcm', displayName: 'Võ Minh Tâm', role: 'admin', siteIds: [], provinceCode: '79' },
  { username: 'admin.vn', displayName: 'Đỗ Quốc Bảo', role: 'admin', siteIds: [], provinceCode: null },
] as const;

/** What the demo's sites need beyond the shared reference data: addresses, hours, the booth's days. */
const demoSiteDetails: Record<string, { address: string; firstDay: string | null; lastDay: string | null; weekdaysOnly: boolean }> = {
  'hcm-ben-thanh': { address: '92 Nguyễn Trãi, phường Bến Thành', firstDay: null, lastDay: null, weekdaysOnly: true },
  // The demo booth stands for years so the demo works any day; a real booth is open for days.
  'hcm-book-fair': { address: 'Đường sách Nguyễn Văn Bình', firstDay: '2025-07-01', lastDay: '2030-12-31', weekdaysOnly: false },
};

/** Key types the demo providers' CAs certify (the first one is what the counter generates on a token). */
const demoKeyTypes: Record<string, { remote?: ('rsa2048' | 'p256')[]; token?: ('rsa2048' | 'p256')[] }> = {
  vnpt: { remote: ['rsa2048'], token: ['rsa2048', 'p256'] },
  viettel: { remote: ['rsa2048'], token: ['rsa2048'] },
  misa: { remote: ['p256'] },
  bkav: { token: ['rsa2048'] },
  fpt: { remote: ['rsa2048'], token: ['rsa2048'] },
};

export interface DemoSecrets {
  devices: { id: string; siteId: string; kind: string; ticketPrefix: string | null; secret: string }[];
  staff: { username: string; password: string; role: string }[];
}

export async function seedDemo(db: Db, dataDir?: string): Promise<DemoSecrets> {
  const file = dataDir ? join(dataDir, 'demo-secrets.json') : undefined;
  const kept: DemoSecrets | undefined = file && existsSync(file) ? (JSON.parse(await readFile(file, 'utf8')) as DemoSecrets) : undefined;
  await loadAdminUnits(db);

  const providers = new Set((await db.query<{ id: string }>('SELECT id FROM providers')).map((r) => r.id));
  for (const p of demoProviders) {
    if (providers.has(p.id)) continue;
    await saveProvider(db, operator, { ...p, keyTypes: demoKeyTypes[p.id] ?? {}, freeMonths: 12, oneFreePerCitizen: true }, 'create');
  }

  const sites = new Set((await db.query<{ id: string }>('SELECT id FROM sites')).map((r) => r.id));
  for (const s of demoSites) {
    if (sites.has(s.id)) continue;
    const d = demoSiteDetails[s.id]!;
    await createSite(db, operator, {
      id: s.id,
      name: s.name,
      kind: s.kind,
      communeCode: s.communeCode!,
      address: d.address,
      hours: sameHoursEveryDay(
        { opens: '07:30', closes: d.weekdaysOnly ? '17:00' : '21:00' },
        d.weekdaysOnly ? ['mon', 'tue', 'wed', 'thu', 'fri'] : undefined,
      ),
      firstDay: d.firstDay,
      lastDay: d.lastDay,
    });
  }

  const staff = new Set((await db.query<{ id: string }>('SELECT id FROM staff')).map((r) => r.id));
  for (const s of demoStaff) {
    if (staff.has(s.username)) continue;
    await createStaff(
      db,
      operator,
      {
        id: s.username,
        displayName: s.displayName,
        role: s.role,
        siteIds: [...s.siteIds],
        provinceCode: s.provinceCode,
        password: DEMO_PASSWORD,
      },
      { mustChangePassword: false },
    );
  }

  const devices = new Set((await db.query<{ id: string }>('SELECT id FROM devices')).map((r) => r.id));
  const secrets: DemoSecrets['devices'] = [];
  for (const d of demoDevices) {
    const known = kept?.devices.find((k) => k.id === d.id)?.secret;
    let secret = known;
    if (!devices.has(d.id)) {
      const code = await createEnrolment(db, operator, {
        siteId: d.siteId,
        kind: d.kind,
        name: d.name,
        ...(d.ticketPrefix ? { ticketPrefix: d.ticketPrefix } : {}),
      });
      if (code.deviceId !== d.id) throw new Error(`demo: expected device ${d.id}, enrolment made ${code.deviceId}`);
      secret = (await redeemEnrolment(db, code.code)).deviceSecret;
    } else if (!known) {
      // The secrets file was lost: a new secret for the same device, as an administrator would do.
      secret = (await redeemEnrolment(db, (await rotateDevice(db, operator, d.id)).code)).deviceSecret;
    }
    secrets.push({ id: d.id, siteId: d.siteId, kind: d.kind, ticketPrefix: d.ticketPrefix, secret: secret! });
  }

  const result: DemoSecrets = {
    devices: secrets,
    staff: demoStaff.map((s) => ({ username: s.username, password: DEMO_PASSWORD, role: s.role })),
  };
  if (file && dataDir) {
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, JSON.stringify(result, null, 2), { mode: 0o600 });
  }
  return result;
}
