import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { demoProviders, demoSites } from '@dangky/core/reference';
import type { Db } from '../db/db.ts';
import { hashPassword, newSecret, sha256 } from '../auth/secrets.ts';
import { loadAdminUnits } from './admin-units.ts';

/**
 * The demo: Hồ Chí Minh city (79) with a ward office and a book-fair booth, each with a kiosk
 * and a counter, two clerks and two managers. Idempotent; device secrets are made once and
 * written to DATA_DIR/demo-secrets.json (mode 600) so `npm start` can print pairing links.
 */
export const DEMO_PASSWORD = 'dangky-demo-2026';

export const demoDevices = [
  { id: 'kiosk-hcm-ben-thanh-1', siteId: 'hcm-ben-thanh', kind: 'kiosk', ticketPrefix: 'A' },
  { id: 'counter-hcm-ben-thanh-1', siteId: 'hcm-ben-thanh', kind: 'counter', ticketPrefix: null },
  { id: 'kiosk-hcm-book-fair-1', siteId: 'hcm-book-fair', kind: 'kiosk', ticketPrefix: 'B' },
  { id: 'counter-hcm-book-fair-1', siteId: 'hcm-book-fair', kind: 'counter', ticketPrefix: null },
] as const;

export const demoStaff = [
  { username: 'clerk.benthanh', displayName: 'Nguyễn Thị Lan', role: 'clerk', siteId: 'hcm-ben-thanh' },
  { username: 'clerk.hoisach', displayName: 'Trần Văn Minh', role: 'clerk', siteId: 'hcm-book-fair' },
  { username: 'manager.benthanh', displayName: 'Lê Hoàng Nam', role: 'site-manager', siteId: 'hcm-ben-thanh' },
  { username: 'manager.hcm', displayName: 'Phạm Thu Hà', role: 'city-manager', siteId: null },
] as const;

export interface DemoSecrets {
  devices: { id: string; siteId: string; kind: string; ticketPrefix: string | null; secret: string }[];
  staff: { username: string; password: string; role: string }[];
}

export async function seedDemo(db: Db, dataDir?: string): Promise<DemoSecrets> {
  const file = dataDir ? join(dataDir, 'demo-secrets.json') : undefined;
  let secrets: DemoSecrets | undefined;
  if (file && existsSync(file)) secrets = JSON.parse(await readFile(file, 'utf8')) as DemoSecrets;
  secrets ??= {
    devices: demoDevices.map((d) => ({ ...d, secret: newSecret() })),
    staff: demoStaff.map((s) => ({ username: s.username, password: DEMO_PASSWORD, role: s.role })),
  };
  const passwordHashes = new Map<string, string>();
  const existing = new Set((await db.query<{ id: string }>('SELECT id FROM staff')).map((r) => r.id));
  for (const s of demoStaff) if (!existing.has(s.username)) passwordHashes.set(s.username, await hashPassword(DEMO_PASSWORD));

  await db.transaction(async (tx) => {
    for (const s of demoSites) {
      await tx.query(
        `INSERT INTO sites (id, name, kind, province_code, commune_code) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind`,
        [s.id, s.name, s.kind, s.provinceCode, s.communeCode],
      );
    }
    for (const p of demoProviders) {
      await tx.query(
        `INSERT INTO providers (id, name, product, channels, active) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, product = EXCLUDED.product, channels = EXCLUDED.channels, active = EXCLUDED.active`,
        [p.id, p.name, p.product, p.channels, p.active],
      );
    }
    for (const d of secrets.devices) {
      await tx.query(
        `INSERT INTO devices (id, site_id, kind, ticket_prefix, secret_sha256) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO UPDATE SET secret_sha256 = EXCLUDED.secret_sha256`,
        [d.id, d.siteId, d.kind, d.ticketPrefix, sha256(d.secret)],
      );
    }
    for (const s of demoStaff) {
      const hash = passwordHashes.get(s.username);
      if (!hash) continue;
      await tx.query(
        `INSERT INTO staff (id, display_name, role, site_id, province_code, password_hash) VALUES ($1, $2, $3, $4, '79', $5)`,
        [s.username, s.displayName, s.role, s.siteId, hash],
      );
    }
    await loadAdminUnits(tx);
  });
  if (file && dataDir) {
    await mkdir(dataDir, { recursive: true });
    if (!existsSync(file)) await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets;
}
