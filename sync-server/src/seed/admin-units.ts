import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Queryable } from '../db/db.ts';

const file = fileURLToPath(new URL('../../data/admin-units-2025.csv', import.meta.url));

/**
 * The 34 provinces and 3,321 communes after the 2025 reform (data/ATTRIBUTION.md says where
 * they come from). Loaded once; the CSV has no quoted fields, which the loader checks.
 */
export async function loadAdminUnits(db: Queryable): Promise<number> {
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM admin_units');
  if (row && row.n > 0) return row.n;
  const lines = (await readFile(file, 'utf8')).split(/\r?\n/).filter(Boolean);
  const header = lines.shift();
  if (header !== 'province_code,province_name,commune_code,commune_name,commune_name_ascii,unit_type') {
    throw new Error('admin-units-2025.csv: unexpected header');
  }
  const cols: string[][] = [[], [], [], [], [], []];
  for (const line of lines) {
    if (line.includes('"')) throw new Error('admin-units-2025.csv: quoted fields are not expected');
    const f = line.split(',');
    if (f.length !== 6 || !/^\d{2}$/.test(f[0]!) || !/^\d{5}$/.test(f[2]!))
      throw new Error(`admin-units-2025.csv: bad row ${line.slice(0, 40)}`);
    f.forEach((v, i) => cols[i]!.push(v.normalize('NFC')));
  }
  await db.query(
    `INSERT INTO admin_units (province_code, province_name, commune_code, commune_name, commune_name_ascii, unit_type)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])`,
    cols,
  );
  return lines.length;
}
