import { hcmDay } from '../time/hcm-day.ts';

/**
 * Whether a site takes new registrations on a given day. An office always does; an event booth
 * only from its first to its last day (Ho Chi Minh days, both included) — before, its kiosks say
 * it has not opened; after, that it has closed. What it registered stays: counts, queue, reports.
 * Kiosk and server decide with this one function; the server judges a registration by the day
 * it was made (`occurredAt`), so a booth kiosk that was offline on its last day still delivers.
 */
export interface SiteCalendar {
  kind: 'office' | 'event-booth';
  firstDay?: string | null;
  lastDay?: string | null;
}

export type RegistrationWindow =
  { open: true } | { open: false; code: 'DK_ERR_SITE_NOT_OPEN_YET' | 'DK_ERR_SITE_CLOSED'; firstDay: string; lastDay: string };

export function registrationWindow(site: SiteCalendar, at: Date | string): RegistrationWindow {
  if (site.kind !== 'event-booth' || !site.firstDay || !site.lastDay) return { open: true };
  const day = hcmDay(at);
  const { firstDay, lastDay } = site;
  if (day < firstDay) return { open: false, code: 'DK_ERR_SITE_NOT_OPEN_YET', firstDay, lastDay };
  if (day > lastDay) return { open: false, code: 'DK_ERR_SITE_CLOSED', firstDay, lastDay };
  return { open: true };
}
