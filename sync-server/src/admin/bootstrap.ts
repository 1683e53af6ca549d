import { DangkyError } from '@dangky/core/errors';
import type { AdminStaff } from '@dangky/core/protocol';
import type { Db } from '../db/db.ts';
import { loadAdminUnits } from '../seed/admin-units.ts';
import { operator } from './actor.ts';
import { createStaff } from './staff.ts';

/**
 * First start without the demo: the operator creates the first administrator — of a province,
 * or national without one — who signs in to the counter-app and creates everything else. Only
 * once: with any administrator present it is refused (sign in and add accounts instead).
 */
export async function bootstrapAdmin(
  db: Db,
  input: { username: string; password: string; provinceCode: string | null; displayName?: string },
): Promise<AdminStaff> {
  await loadAdminUnits(db);
  const [existing] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM staff WHERE role = 'admin'");
  if (Number(existing?.n ?? 0) > 0) throw new DangkyError('DK_ERR_ALREADY_BOOTSTRAPPED');
  if (input.provinceCode) {
    const [province] = await db.query('SELECT 1 FROM admin_units WHERE province_code = $1 LIMIT 1', [input.provinceCode]);
    if (!province) throw new DangkyError('DK_ERR_UNKNOWN_COMMUNE', { detail: { province: input.provinceCode } });
  }
  return createStaff(
    db,
    operator,
    {
      id: input.username.toLowerCase(),
      displayName: input.displayName ?? (input.provinceCode ? `Quản trị tỉnh/thành ${input.provinceCode}` : 'Quản trị quốc gia'),
      role: 'admin',
      siteIds: [],
      provinceCode: input.provinceCode,
      password: input.password,
    },
    { mustChangePassword: false },
  );
}
