/**
 * How a province table's upsert finds each input row's (`d`) province: `from` is the join's text
 * and `params` what it adds after the statement's own `count` parameters.
 *
 * A device acts on its own site only, so a push's rows are all of one site, and then the join is
 * one look-up by key. A plain join to `sites` would be planned for a parameter list of unknown
 * length, which the planner answers by hashing every site of the country on every push; and a
 * per-row look-up costs more in that generic plan than a fresh plan does, so PostgreSQL would plan
 * the whole write anew each time. Rows of several sites (which no push makes) take the plain join.
 */
export function provinceJoin(siteIds: readonly string[], count: number): { from: string; params: unknown[] } {
  const sites = new Set(siteIds);
  if (sites.size !== 1) return { from: 'JOIN sites s ON s.id = d.site_id', params: [] };
  return { from: `CROSS JOIN (SELECT province_code FROM sites WHERE id = $${count + 1}) s`, params: [...sites] };
}
