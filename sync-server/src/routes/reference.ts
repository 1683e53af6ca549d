import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CONSENT_TEXT_VERSION } from '@dangky/core/reference';
import type { Site } from '@dangky/core/schemas';
import { routes } from '@dangky/core/protocol';
import { hcmDay } from '@dangky/core/time';
import type { Db } from '../db/db.ts';
import { readAsOne, type Read } from '../db/one-statement.ts';
import { authenticateDevice } from '../auth/device-auth.ts';
import type { ServiceRules } from '@dangky/core/gates';
import { providersRead } from '../admin/providers.ts';
import { recordDeviceContact } from '../ingest/device-contact.ts';
import { siteHours } from '../admin/sites.ts';
import { siteCountersRead } from '../admin/devices.ts';
import { siteWaitFiguresRead } from './site-wait-figures.ts';

const adminUnitsQuery = z.object({ province: z.string().regex(/^\d{2}$/) });

/**
 * Where this device's counters stand on the server: the highest event sequence it has sent and,
 * for a kiosk, today's highest ticket number of its prefix. A kiosk whose browser data was wiped
 * (re-paired, reinstalled) continues from here instead of reusing sequence 1 and ticket A-001.
 */
function deviceCountersRead(device: {
  id: string;
  siteId: string;
  ticketPrefix: string | null;
}): Read<DeviceCounters, { last: number; ticket: number | null }> {
  const day = hcmDay(new Date());
  return {
    text: `SELECT GREATEST((SELECT COALESCE(MAX(seq), 0) FROM events WHERE device_id = $1),
                     (SELECT COALESCE(MAX(seq), 0) FROM held_events WHERE device_id = $1)) AS last,
            (SELECT MAX(split_part(ticket_number, '-', 2)::int) FROM registrations
             WHERE $4::text IS NOT NULL AND site_id = $2 AND day = $3 AND split_part(ticket_number, '-', 1) = $4) AS ticket`,
    params: [device.id, device.siteId, day, device.ticketPrefix],
    rows: ([row]) => ({ lastSeq: Number(row?.last ?? 0), lastTicket: { day, seq: Number(row?.ticket ?? 0) } }),
  };
}

interface DeviceCounters {
  lastSeq: number;
  lastTicket: { day: string; seq: number };
}

type SiteRow = {
  id: string;
  name: string;
  kind: 'office' | 'event-booth';
  province_code: string;
  commune_code: string | null;
  address: string;
  hours: unknown;
  first_day: string | null;
  last_day: string | null;
};

/**
 * The sites a device is told of: its own only (`siteId`), or all of them to an anonymous caller.
 * Two texts, not one with `$1 IS NULL OR id = $1`: the plan a prepared statement keeps for that
 * one reads every site of the country for each device's sync.
 */
const sitesRead = (siteId: string | null): Read<Site[], SiteRow> => ({
  text: `SELECT id, name, kind, province_code, commune_code, address, hours, first_day::text AS first_day, last_day::text AS last_day
       FROM sites WHERE ${siteId === null ? 'true' : 'id = $1'} ORDER BY id`,
  params: siteId === null ? [] : [siteId],
  rows: (rows) =>
    rows.map((s) => ({
      id: s.id,
      name: s.name,
      kind: s.kind,
      provinceCode: s.province_code,
      communeCode: s.commune_code,
      address: s.address,
      hours: siteHours(s.hours),
      firstDay: s.first_day,
      lastDay: s.last_day,
    })),
});

export function referenceRoutes(app: FastifyInstance, db: Db, rules: ServiceRules, options: { tokenStockCheck: boolean }): void {
  /** The catalogue and the sites (a device: its own only); a device that authenticates also learns its ticket prefix. */
  app.get(routes.reference, async (req) => {
    const device = req.headers.authorization ? await authenticateDevice(db, req.headers.authorization) : null;
    if (device) await recordDeviceContact(db, device);
    // A device's reference data is read in one round trip: every device asks for it every 30 s.
    const read = await readAsOne(db, {
      providers: providersRead('true', []),
      // A device is told of its own site only: it needs no other, and the whole country's list,
      // asked for by every device every 30 s, made this the heaviest answer the server gave.
      sites: sitesRead(device?.siteId ?? null),
      ...(device && {
        counters: deviceCountersRead(device),
        // Counts only, and only to a kiosk: what the ticket's "about how long" needs.
        ...(device.kind === 'kiosk' ? { waitFigures: siteWaitFiguresRead(device.siteId) } : {}),
        // The waiting room's counters (numbers and desks, no person): to every device but a kiosk.
        ...(device.kind !== 'kiosk' ? { queueCounters: siteCountersRead(device.siteId) } : {}),
      }),
    });
    return {
      providers: read.providers,
      sites: read.sites,
      consentTextVersion: CONSENT_TEXT_VERSION,
      // The kiosk and the counter decide eligibility and the free-certificate rule with these, as the server does.
      rules,
      // Kept by the counter, so offline it knows whether it may issue without asking the stock.
      tokenStockCheck: options.tokenStockCheck,
      device: device && {
        id: device.id,
        siteId: device.siteId,
        kind: device.kind,
        ticketPrefix: device.ticketPrefix,
        ...read.counters,
        ...(read.waitFigures ? { waitFigures: read.waitFigures } : {}),
        ...(read.queueCounters ? { counters: read.queueCounters } : {}),
      },
    };
  });

  /** Communes and wards of one province (2025 units; attribution in sync-server/data/ATTRIBUTION.md). */
  app.get(`${routes.reference}/admin-units`, async (req) => {
    const q = adminUnitsQuery.parse(req.query);
    const units = await db.query<{ code: string; name: string }>(
      'SELECT commune_code AS code, commune_name AS name FROM admin_units WHERE province_code = $1 ORDER BY commune_name',
      [q.province],
    );
    return { province: q.province, units };
  });
}
