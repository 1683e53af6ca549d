import { z } from 'zod';
import { isoDate, siteId, staffId } from '../schemas/primitives.ts';
import { channel } from '../schemas/service.ts';

/** Staff sign-in and the manager's reports. Staff send `Authorization: Bearer <session token>`. */
export const role = z.enum(['clerk', 'site-manager', 'city-manager', 'national-manager', 'admin']);
export type Role = z.infer<typeof role>;

export const loginRequest = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

export const staffUser = z.object({
  id: staffId,
  displayName: z.string(),
  role,
  /** The first of `siteIds` (where a clerk starts), null for province and national roles. */
  siteId: siteId.nullable(),
  /** Every site a clerk or site manager works at. */
  siteIds: z.array(siteId).default([]),
  /** Null for the national roles (national manager, national administrator). */
  provinceCode: z
    .string()
    .regex(/^\d{2}$/)
    .nullable(),
  /** An administrator set this password: the session may only change it. */
  mustChangePassword: z.boolean().default(false),
});
export type StaffUser = z.infer<typeof staffUser>;

export const loginResponse = z.object({
  token: z.string(),
  expiresAt: z.iso.datetime({ offset: true }),
  user: staffUser,
});
export type LoginResponse = z.infer<typeof loginResponse>;

/** Longest range one daily-count request may span (a year plus a leap day). */
export const MAX_REPORT_DAYS = 366;

export const dailyCountsQuery = z
  .object({
    from: isoDate,
    to: isoDate,
    siteId: siteId.optional(),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .refine((q) => q.from <= q.to && (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < MAX_REPORT_DAYS, {
    error: 'DK_ERR_INVALID_RANGE',
  });

export const reportService = z.enum(['digital-signature', 'eid-level2']);

export const dailyCountRow = z.object({
  day: isoDate,
  siteId,
  service: reportService,
  /** `null` for e-ID level 2, which has no channel or provider. */
  channel: channel.nullable(),
  providerId: z.string().nullable(),
  /** Who completed it; `null` on rows counting submissions. */
  operatorId: z.string().nullable(),
  submitted: z.number().int().min(0),
  completed: z.number().int().min(0),
  cancelled: z.number().int().min(0),
  /** e-ID level 2 only: applications the police officer approved / refused, on the day the result was recorded. */
  eidApproved: z.number().int().min(0).optional(),
  eidRefused: z.number().int().min(0).optional(),
});
export type DailyCountRow = z.infer<typeof dailyCountRow>;

export const dailyCountsResponse = z.object({
  from: isoDate,
  to: isoDate,
  timeZone: z.literal('Asia/Ho_Chi_Minh'),
  sites: z.array(z.object({ id: siteId, name: z.string() })),
  rows: z.array(dailyCountRow),
});
export type DailyCountsResponse = z.infer<typeof dailyCountsResponse>;
