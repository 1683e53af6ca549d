import { registrationWindow } from '@dangky/core/admin';
import { refuse, type PrepareGate } from './gate.ts';

/**
 * An event booth takes registrations only between its first and last day, judged by the day a
 * registration was made — the same function the booth's kiosks use to refuse a citizen at the
 * screen — so a kiosk that was offline on the last day still delivers what it took then.
 */
export const siteOpen: PrepareGate = async (tx, { device }) => {
  const [site] = await tx.query<{ kind: 'office' | 'event-booth'; first_day: string | null; last_day: string | null }>(
    'SELECT kind, first_day::text AS first_day, last_day::text AS last_day FROM sites WHERE id = $1',
    [device.siteId],
  );
  const calendar = site ? { kind: site.kind, firstDay: site.first_day, lastDay: site.last_day } : null;
  return {
    check(event) {
      if (event.type !== 'registration.submitted' || !calendar) return null;
      const window = registrationWindow(calendar, event.occurredAt);
      return window.open ? null : refuse(window.code);
    },
  };
};
