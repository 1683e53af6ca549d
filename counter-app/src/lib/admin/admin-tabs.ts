import { may, type AdminResource } from '@dangky/core/admin';
import type { StaffUser } from '@dangky/core/protocol';

/**
 * The administration pages a person may open, in the order a province administrator uses them:
 * core's permission table decides (the server enforces the same table on every route).
 */
export const adminTabs = [
  'sites',
  'devices',
  'staff',
  'providers',
  'stock',
  'audit',
  'citizens',
] as const satisfies readonly AdminResource[];
export type AdminTab = (typeof adminTabs)[number];

export const tabsFor = (user: StaffUser): AdminTab[] => adminTabs.filter((t) => may(user, t, 'read'));
