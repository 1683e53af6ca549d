import { z } from 'zod';
import { instant, nfcText, siteId, staffId } from '../schemas/primitives.ts';
import { role } from './staff.ts';

/** Staff accounts as an administrator manages them. Passwords travel in, never out. */
const provinceCode = z.string().regex(/^\d{2}$/);

export const staffInput = z.object({
  id: staffId,
  displayName: nfcText(80).pipe(z.string().min(1)),
  role,
  siteIds: z.array(siteId).max(20).default([]),
  provinceCode: provinceCode.nullable(),
  /** A first password the person must change at their first sign-in. */
  password: z.string().min(1).max(256),
});
export type StaffInput = z.input<typeof staffInput>;

export const staffUpdate = z.object({
  displayName: nfcText(80).pipe(z.string().min(1)).optional(),
  role: role.optional(),
  siteIds: z.array(siteId).max(20).optional(),
  provinceCode: provinceCode.nullable().optional(),
});
export type StaffUpdate = z.infer<typeof staffUpdate>;

export const passwordReset = z.object({ password: z.string().min(1).max(256) });
export const passwordChange = z.object({ currentPassword: z.string().min(1).max(256), newPassword: z.string().min(1).max(256) });

export const adminStaff = z.object({
  id: staffId,
  displayName: z.string(),
  role,
  siteIds: z.array(siteId),
  provinceCode: provinceCode.nullable(),
  disabled: z.boolean(),
  mustChangePassword: z.boolean(),
  createdAt: instant,
  /** Failed sign-ins still counted against the account, and whether they locked it (an administrator unlocks it). */
  signIn: z
    .object({ failures: z.number().int().min(1), lastFailureAt: instant, locked: z.boolean() })
    .nullable()
    .default(null),
});
export type AdminStaff = z.infer<typeof adminStaff>;

export const adminStaffResponse = z.object({ staff: z.array(adminStaff) });

/** Addresses with failed sign-ins still counted; a locked one waits until `retryAfterSeconds`, or an administrator unlocks it. */
export const signInAddressLocks = z.object({
  addresses: z.array(z.object({ address: z.string(), failures: z.number().int().min(1), lastFailureAt: instant, locked: z.boolean() })),
});
export type SignInAddressLocks = z.infer<typeof signInAddressLocks>;
export const addressUnlock = z.object({ address: z.string().trim().min(1).max(64) });
