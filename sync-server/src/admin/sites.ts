import { DangkyError } from '@dangky/core/errors';
import { scopeOf } from '@dangky/core/admin';
import { siteInput, siteUpdate, type AdminSite, type SiteInput, type SiteUpdate } from '@dangky/core/protocol';
import { openingHours, sameHoursEveryDay, type OpeningHours } from '@dangky/core/schemas';
import type { Db, Queryable } from '../db/db.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { byActor, requireInScope, requireMay, type Actor } from './actor.ts';
import { sitesInScopeSql } from './site-rows.ts';

/**
 * Sites and event booths. The commune comes from the 2025 administrative units and fixes the
 * province, which is what an administrator's scope is checked against — for an edit, both the
 * site's province now and the one it would move to.
 */
async function commune(db: Queryable, code: string): Promise<{ provinceCode: string; name: string }> {
  const [row] = await db.query<{ province_code: string; commune_name: string }>(
    'SELECT province_code, commune_name FROM admin_units WHERE commune_code = $1',
    [code],
  );
  if (!row) throw new DangkyError('DK_ERR_UNKNOWN_COMMUNE');
  return { provinceCode: row.province_code, name: row.commune_name };
}

/** The nine columns of a site, in the order the INSERT and the UPDATE list them ($1 … $9). */
const siteRow = (id: string, input: SiteUpdate, place: { provinceCode: string }): unknown[] => [
  id,
  input.name,
  input.kind,
  place.provinceCode,
  input.communeCode,
  input.address,
  JSON.stringify(input.hours),
  input.firstDay,
  input.lastDay,
];

export async function createSite(db: Db, actor: Actor, raw: SiteInput): Promise<AdminSite> {
  requireMay(actor, 'sites', 'write');
  const input = siteInput.parse(raw);
  return db.transaction(async (tx) => {
    const place = await commune(tx, input.communeCode);
    requireInScope(actor, { provinceCode: place.provinceCode });
    const inserted = await tx.query(
      `INSERT INTO sites (id, name, kind, province_code, commune_code, address, hours, first_day, last_day)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING RETURNING id`,
      siteRow(input.id, input, place),
    );
    if (inserted.length === 0) throw new DangkyError('DK_ERR_SITE_EXISTS');
    await appendAudit(tx, {
      ...byActor(actor),
      action: 'site.created',
      siteId: input.id,
      provinceCode: place.provinceCode,
      target: `site:${input.id}`,
      detail: { kind: input.kind, communeCode: input.communeCode },
    });
    return (await readSites(tx, { where: 'sites.id = $1', params: [input.id] }))[0]!;
  });
}

export async function updateSite(db: Db, actor: Actor, siteId: string, raw: SiteUpdate): Promise<AdminSite> {
  requireMay(actor, 'sites', 'write');
  const input = siteUpdate.parse(raw);
  return db.transaction(async (tx) => {
    const [before] = await readSites(tx, { where: 'sites.id = $1', params: [siteId] });
    if (!before) throw new DangkyError('DK_ERR_UNKNOWN_SITE');
    requireInScope(actor, { provinceCode: before.provinceCode });
    const place = await commune(tx, input.communeCode);
    requireInScope(actor, { provinceCode: place.provinceCode });
    await tx.query(
      `UPDATE sites SET name = $2, kind = $3, province_code = $4, commune_code = $5, address = $6, hours = $7, first_day = $8, last_day = $9
       WHERE id = $1`,
      siteRow(siteId, input, place),
    );
    const fields = (['name', 'kind', 'communeCode', 'address', 'hours', 'firstDay', 'lastDay'] as const).filter(
      (f) => JSON.stringify(before[f]) !== JSON.stringify(input[f]),
    );
    await appendAudit(tx, {
      ...byActor(actor),
      action: 'site.updated',
      siteId,
      provinceCode: place.provinceCode,
      target: `site:${siteId}`,
      detail: {
        fields,
        ...(fields.includes('firstDay') || fields.includes('lastDay') ? { firstDay: input.firstDay, lastDay: input.lastDay } : {}),
      },
    });
    return (await readSites(tx, { where: 'sites.id = $1', params: [siteId] }))[0]!;
  });
}

export async function listSites(db: Queryable, actor: Actor): Promise<AdminSite[]> {
  requireMay(actor, 'sites', 'read');
  return readSites(db, sitesInScopeSql(scopeOf(actor)));
}

async function readSites(db: Queryable, filter: { where: string; params: unknown[] }): Promise<AdminSite[]> {
  const rows = await db.query<{
    id: string;
    name: string;
    kind: AdminSite['kind'];
    province_code: string;
    commune_code: string | null;
    commune_name: string | null;
    address: string;
    hours: AdminSite['hours'] | string;
    first_day: string | null;
    last_day: string | null;
    devices: number;
  }>(
    `SELECT sites.id, sites.name, sites.kind, sites.province_code, sites.commune_code, u.commune_name, sites.address, sites.hours,
            sites.first_day::text AS first_day, sites.last_day::text AS last_day,
            (SELECT count(*)::int FROM devices d WHERE d.site_id = sites.id AND d.revoked_at IS NULL) AS devices
     FROM sites LEFT JOIN admin_units u ON u.commune_code = sites.commune_code
     WHERE ${filter.where} ORDER BY sites.province_code, sites.name`,
    filter.params,
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    provinceCode: r.province_code,
    communeCode: r.commune_code ?? '',
    communeName: r.commune_name ?? '',
    address: r.address,
    hours: siteHours(r.hours),
    firstDay: r.first_day,
    lastDay: r.last_day,
    devices: Number(r.devices),
  }));
}

/** Stored hours, parsed; a site made before hours existed reads as closed every day. */
export function siteHours(stored: unknown): OpeningHours {
  const parsed = openingHours.safeParse(typeof stored === 'string' ? JSON.parse(stored) : stored);
  return parsed.success ? parsed.data : sameHoursEveryDay(null);
}
