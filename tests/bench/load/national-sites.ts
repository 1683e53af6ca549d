import { createHash } from 'node:crypto';
import type pg from 'pg';

/**
 * Sites and kiosks at national scale for the load benches, written straight into the database
 * (enrolment one by one would take longer than the bench): `sites` sites spread over the 34
 * provinces, `devices` kiosks spread over the sites, each with its own ticket prefix and a
 * secret derived from its index (bench data only).
 */
export interface BenchDevice {
  id: string;
  siteId: string;
  ticketPrefix: string;
  auth: string;
}

const prefix = (i: number): string =>
  i < 26 ? String.fromCharCode(65 + i) : String.fromCharCode(65 + Math.floor(i / 26) - 1) + String.fromCharCode(65 + (i % 26));

export async function seedNationalSites(client: pg.Client, opts: { sites: number; devices: number }): Promise<BenchDevice[]> {
  const { rows: provinces } = await client.query<{ province_code: string }>(
    'SELECT DISTINCT province_code FROM admin_units ORDER BY province_code',
  );
  const siteIds = Array.from({ length: opts.sites }, (_, i) => `bench-site-${String(i + 1).padStart(4, '0')}`);
  await client.query(
    `INSERT INTO sites (id, name, kind, province_code) SELECT id, id, 'office', p FROM unnest($1::text[], $2::text[]) AS s(id, p)
     ON CONFLICT (id) DO NOTHING`,
    [siteIds, siteIds.map((_, i) => provinces[i % provinces.length]!.province_code)],
  );
  const devices: BenchDevice[] = [];
  for (let i = 0; i < opts.devices; i++) {
    const siteIndex = i % opts.sites;
    const secret = `bench-device-secret-${String(i).padStart(8, '0')}`;
    devices.push({
      id: `bench-kiosk-${String(i).padStart(6, '0')}`,
      siteId: siteIds[siteIndex]!,
      ticketPrefix: prefix(Math.floor(i / opts.sites)),
      auth: `Device bench-kiosk-${String(i).padStart(6, '0')}:${secret}`,
    });
  }
  for (let i = 0; i < devices.length; i += 5000) {
    const part = devices.slice(i, i + 5000);
    await client.query(
      `INSERT INTO devices (id, site_id, kind, ticket_prefix, secret_sha256)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) ON CONFLICT (id) DO NOTHING`,
      [
        part.map((d) => d.id),
        part.map((d) => d.siteId),
        part.map(() => 'kiosk'),
        part.map((d) => d.ticketPrefix),
        part.map((d) =>
          createHash('sha256')
            .update(d.auth.slice(d.auth.indexOf(':') + 1))
            .digest('hex'),
        ),
      ],
    );
  }
  // A database in service has statistics on these tables (autovacuum analyses them within a
  // minute of such a load); without them the planner takes 1,000 sites for a few hundred and
  // joins them by scanning all of them, which no production database would do.
  await client.query('ANALYZE sites, devices');
  return devices;
}
