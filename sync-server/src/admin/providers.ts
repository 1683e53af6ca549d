import { DangkyError } from '@dangky/core/errors';
import { providerInput, type AdminProvider, type ProviderInput } from '@dangky/core/protocol';
import type { Db, Queryable } from '../db/db.ts';
import { readOne, type Read } from '../db/one-statement.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { byActor, requireMay, type Actor } from './actor.ts';

/**
 * The provider catalogue and the programme's terms (national: only a national administrator
 * changes it). Devices read it through `GET /v1/reference`; the counter generates on a token
 * the first key type the provider's CA certifies for tokens.
 */
export async function saveProvider(db: Db, actor: Actor, raw: ProviderInput, mode: 'create' | 'update'): Promise<AdminProvider> {
  requireMay(actor, 'providers', 'write');
  const p = providerInput.parse(raw);
  return db.transaction(async (tx) => {
    const [before] = await readProviders(tx, 'id = $1', [p.id]);
    if (mode === 'create' && before) throw new DangkyError('DK_ERR_PROVIDER_EXISTS');
    if (mode === 'update' && !before) throw new DangkyError('DK_ERR_UNKNOWN_PROVIDER');
    await tx.query(
      `INSERT INTO providers (id, name, product, channels, key_types, active, free_months, one_free_per_citizen)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, product = EXCLUDED.product, channels = EXCLUDED.channels,
         key_types = EXCLUDED.key_types, active = EXCLUDED.active, free_months = EXCLUDED.free_months,
         one_free_per_citizen = EXCLUDED.one_free_per_citizen`,
      [p.id, p.name, p.product, p.channels, JSON.stringify(p.keyTypes), p.active, p.freeMonths, p.oneFreePerCitizen],
    );
    const fields = before
      ? (['name', 'product', 'channels', 'keyTypes', 'active', 'freeMonths', 'oneFreePerCitizen'] as const).filter(
          (f) => JSON.stringify(before[f]) !== JSON.stringify(p[f]),
        )
      : [];
    await appendAudit(tx, {
      ...byActor(actor),
      action: before ? 'provider.updated' : 'provider.created',
      target: `provider:${p.id}`,
      detail: { active: p.active, fields },
    });
    return (await readProviders(tx, 'id = $1', [p.id]))[0]!;
  });
}

export async function listProviders(db: Queryable, actor: Actor): Promise<AdminProvider[]> {
  requireMay(actor, 'providers', 'read');
  return readProviders(db, 'true', []);
}

export async function readProviders(db: Queryable, where: string, params: unknown[]): Promise<AdminProvider[]> {
  return readOne(db, providersRead(where, params));
}

/** The providers `where` selects, by id, as a read that can go with others (`readAsOne`). */
export function providersRead(where: string, params: unknown[]): Read<AdminProvider[], ProviderRow> {
  return {
    text: `SELECT id, name, product, channels, key_types, active, free_months, one_free_per_citizen FROM providers WHERE ${where} ORDER BY id`,
    params,
    rows: (rows) =>
      rows.map((r) => ({
        id: r.id,
        name: r.name,
        product: r.product,
        channels: r.channels,
        keyTypes: typeof r.key_types === 'string' ? JSON.parse(r.key_types) : r.key_types,
        active: r.active,
        freeMonths: Number(r.free_months),
        oneFreePerCitizen: r.one_free_per_citizen,
      })),
  };
}

type ProviderRow = {
  id: string;
  name: string;
  product: string;
  channels: AdminProvider['channels'];
  key_types: AdminProvider['keyTypes'] | string;
  active: boolean;
  free_months: number;
  one_free_per_citizen: boolean;
};
