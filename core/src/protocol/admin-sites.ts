import { z } from 'zod';
import { isoDate, nfcText, siteId } from '../schemas/primitives.ts';
import { openingHours } from '../schemas/opening-hours.ts';
import { siteKind } from '../schemas/reference.ts';

/**
 * Sites as an administrator writes them: a permanent office (a People's Committee of a commune
 * from the 2025 units — the commune fixes the province) or an event booth (a place and its
 * first and last day). Both have opening hours per weekday.
 */
const communeCode = z.string().regex(/^\d{5}$/);

const siteFields = {
  name: nfcText(160).pipe(z.string().min(1)),
  kind: siteKind,
  communeCode,
  /** Street address of an office, or where the booth stands ("Đường sách Nguyễn Văn Bình"). */
  address: nfcText(300),
  hours: openingHours,
  firstDay: isoDate.nullable(),
  lastDay: isoDate.nullable(),
};

const boothDates = (s: { kind: string; firstDay: string | null; lastDay: string | null }) =>
  s.kind === 'event-booth'
    ? s.firstDay !== null && s.lastDay !== null && s.firstDay <= s.lastDay
    : s.firstDay === null && s.lastDay === null;

export const siteInput = z
  .object({ id: siteId, ...siteFields })
  .refine(boothDates, { error: 'DK_ERR_SITE_DATES_INVALID', path: ['lastDay'] });
export type SiteInput = z.infer<typeof siteInput>;

export const siteUpdate = z.object(siteFields).refine(boothDates, { error: 'DK_ERR_SITE_DATES_INVALID', path: ['lastDay'] });
export type SiteUpdate = z.infer<typeof siteUpdate>;

export const adminSite = z.object({
  id: siteId,
  ...siteFields,
  name: z.string(),
  address: z.string(),
  provinceCode: z.string().regex(/^\d{2}$/),
  communeName: z.string(),
  /** Enrolled devices not revoked. */
  devices: z.number().int().min(0),
});
export type AdminSite = z.infer<typeof adminSite>;

export const adminSitesResponse = z.object({ sites: z.array(adminSite) });
