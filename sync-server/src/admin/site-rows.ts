import { DangkyError } from '@dangky/core/errors';
import type { Queryable } from '../db/db.ts';

/** A site's place in the country, as the scope checks need it. */
export async function sitePlace(db: Queryable, siteId: string): Promise<{ siteId: string; provinceCode: string; name: string }> {
  const [row] = await db.query<{ province_code: string; name: string }>('SELECT province_code, name FROM sites WHERE id = $1', [siteId]);
  if (!row) throw new DangkyError('DK_ERR_UNKNOWN_SITE');
  return { siteId, provinceCode: row.province_code, name: row.name };
}

/** The sites a scope covers, as a SQL condition on a `sites` alias and its parameter. */
export function sitesInScopeSql(
  scope: import('@dangky/core/admin').Scope,
  alias = 'sites',
  param = 1,
): { where: string; params: unknown[] } {
  switch (scope.kind) {
    case 'national':
      return { where: 'true', params: [] };
    case 'province':
      return { where: `${alias}.province_code = $${param}`, params: [scope.provinceCode] };
    case 'sites':
      return { where: `${alias}.id = ANY($${param}::text[])`, params: [[...scope.siteIds]] };
  }
}
