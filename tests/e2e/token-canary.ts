import { cp, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Page } from '@playwright/test';
import { createAgentClient, ROW_KEYS_PER_REQUEST } from '@dangky/core/agent';
import { parseStationHash } from '@dangky/core/protocol';
import { wsFrom } from '../../hardware/src/agent/test-helpers.ts';
import type { Station } from './system.ts';

/**
 * Looking for a canary PIN (or a citizen's ID number, name or phone) everywhere the system keeps or says anything (the requirement: "a test
 * issues a token with a recognisable canary PIN and then searches every log, the Dexie store,
 * the server database, and the events for it — zero hits"). The PIN is searched in every form a
 * leak could take: ASCII/UTF-8, UTF-16 (both byte orders, as JavaScript strings and Windows
 * tools write), hex of the ASCII bytes (both cases, as a byte dump writes), base64 of the ASCII
 * bytes, and the digits one by one as keypad events or an array would log them.
 */

export interface CanaryHit {
  where: string;
  form: string;
  offset: number;
}

export function canaryForms(pin: string): { form: string; bytes: Buffer }[] {
  const ascii = Buffer.from(pin, 'latin1');
  const digits = [...pin];
  const forms: [string, string | Buffer][] = [
    ['ascii', ascii],
    // A name: its UTF-8 bytes, and as a JSON writer that escapes what is not ASCII would log it.
    ['utf8', Buffer.from(pin, 'utf8')],
    [
      'json-escaped',
      JSON.stringify(pin)
        .slice(1, -1)
        .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
    ],
    ['utf16le', Buffer.from(pin, 'utf16le')],
    ['utf16be', Buffer.from(pin, 'utf16le').swap16()],
    ['hex', ascii.toString('hex')],
    ['HEX', ascii.toString('hex').toUpperCase()],
    ['base64', ascii.toString('base64').replace(/=+$/, '')],
    ['digits-json', JSON.stringify(digits).slice(1, -1)],
    ['digits-numbers', digits.join(',')],
    ['digits-spaced', digits.join(', ')],
  ];
  const all = forms.map(([form, v]) => ({ form, bytes: typeof v === 'string' ? Buffer.from(v, 'utf8') : v }));
  // A PIN is digits, so its hex has no letters: one search per distinct byte string.
  return all.filter((f, i) => all.findIndex((g) => g.bytes.equals(f.bytes)) === i);
}

/** Every occurrence of the PIN, in any of its forms, in one buffer or string. */
export function findCanary(haystack: Buffer | string, pin: string, where = '(text)'): CanaryHit[] {
  const bytes = typeof haystack === 'string' ? Buffer.from(haystack, 'utf8') : haystack;
  const hits: CanaryHit[] = [];
  for (const { form, bytes: needle } of canaryForms(pin)) {
    for (let at = bytes.indexOf(needle); at >= 0; at = bytes.indexOf(needle, at + 1)) hits.push({ where, form, offset: at });
  }
  return hits;
}

/** Every file under `dir` (logs, SoftHSM token files, the CA, the printer log, the server's PGlite files…), byte for byte. */
export async function scanTree(dir: string, pin: string): Promise<{ hits: CanaryHit[]; files: number; bytes: number }> {
  const hits: CanaryHit[] = [];
  let files = 0;
  let bytes = 0;
  const walk = async (path: string): Promise<void> => {
    const info = await stat(path).catch(() => null);
    if (!info) return; // removed while walking (a rotated log, a lock file)
    if (info.isDirectory()) {
      for (const name of await readdir(path)) await walk(join(path, name));
      return;
    }
    if (!info.isFile()) return; // sockets, FIFOs (the QR scanner's link)
    const content = await readFile(path).catch(() => null);
    if (!content) return;
    files++;
    bytes += content.length;
    hits.push(...findCanary(content, pin, relative(dir, path)));
  };
  await walk(dir);
  return { hits, files, bytes };
}

/**
 * Every table of the server's embedded PostgreSQL, row by row as text. The server holds the
 * database open, so this works on a copy of its directory (the server is idle by then; the copy
 * opens like after a power cut, through PostgreSQL's own recovery).
 */
export async function scanServerDatabase(pgliteDir: string, pin: string): Promise<{ hits: CanaryHit[]; tables: Record<string, number> }> {
  const copy = await mkdtemp(join(tmpdir(), 'dangky-canary-db-'));
  try {
    await cp(pgliteDir, copy, { recursive: true });
    const { PGlite } = await import('@electric-sql/pglite');
    const db = await PGlite.create(copy);
    try {
      const tables = (
        await db.query<{ name: string }>(
          "SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1",
        )
      ).rows;
      const counts: Record<string, number> = {};
      const hits: CanaryHit[] = [];
      for (const { name } of tables) {
        const rows = (await db.query<{ row: string }>(`SELECT t::text AS row FROM ${name} t`)).rows;
        counts[name] = rows.length;
        for (const { row } of rows) hits.push(...findCanary(row, pin, `db:${name}`));
      }
      return { hits, tables: counts };
    } finally {
      await db.close();
    }
  } finally {
    await rm(copy, { recursive: true, force: true });
  }
}

/**
 * The keys the station's agent still holds for `keyIds`, asked as the page itself asks: over the
 * agent's socket, from the app's origin, with the station's pairing secret.
 */
async function rowKeysFromAgent(station: Station, origin: string, holder: string, keyIds: string[]): Promise<Record<string, string>> {
  const link = parseStationHash(new URL(station.stationLink).hash);
  if (!link) throw new Error(`no station link for ${station.id}`);
  const client = createAgentClient({ url: link.agentUrl, pairingSecret: link.agentSecret, client: 'test', WebSocketImpl: wsFrom(origin) });
  try {
    const found: Record<string, string> = {};
    for (let i = 0; i < keyIds.length; i += ROW_KEYS_PER_REQUEST) {
      const { keys } = await client.request('keys.get', { holder, keyIds: keyIds.slice(i, i + ROW_KEYS_PER_REQUEST) });
      for (const k of keys) found[k.keyId] = k.key;
    }
    return found;
  } finally {
    client.close();
  }
}

/**
 * Every IndexedDB database of the page (the counter's Dexie store: settings, outbox, dead
 * letters, registrations), every row of every object store. Sealed rows are opened with every key
 * the page can reach — the row keys the station's agent still holds for this profile — so the
 * plaintext is searched too, not only the ciphertext; raw bytes are searched as they are.
 */
export async function scanIndexedDb(
  page: Page,
  station: Station,
  pin: string,
): Promise<{ hits: CanaryHit[]; rows: number; opened: number }> {
  // First the profile's holder id and the key ids its sealed rows name.
  const named = await page.evaluate(async () => {
    const req = <T>(r: IDBRequest<T>) =>
      new Promise<T>((res, rej) => ((r.onsuccess = () => res(r.result)), (r.onerror = () => rej(r.error))));
    const keyIds = new Set<string>();
    let holder: string | null = null;
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object' && !(v instanceof ArrayBuffer) && !ArrayBuffer.isView(v)) {
        const o = v as Record<string, unknown>;
        if (o.v === 2 && typeof o.keyId === 'string') keyIds.add(o.keyId);
        if (o.key === 'rowKeyHolder' && typeof o.value === 'string') holder = o.value;
        Object.values(o).forEach(walk);
      }
    };
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await req(indexedDB.open(info.name));
      for (const s of Array.from(db.objectStoreNames)) walk(await req(db.transaction(s).objectStore(s).getAll()));
      db.close();
    }
    return { holder: holder as string | null, keyIds: [...keyIds] };
  });
  const rowKeys =
    named.holder && named.keyIds.length ? await rowKeysFromAgent(station, new URL(page.url()).origin, named.holder, named.keyIds) : {};

  const dump = await page.evaluate(async (rowKeys: Record<string, string>) => {
    const req = <T>(r: IDBRequest<T>) =>
      new Promise<T>((res, rej) => ((r.onsuccess = () => res(r.result)), (r.onerror = () => rej(r.error))));
    const hex = (b: ArrayBuffer | ArrayBufferView) => {
      const u8 = b instanceof ArrayBuffer ? new Uint8Array(b) : new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
      return Array.from(u8, (x) => x.toString(16).padStart(2, '0')).join('');
    };
    const fromB64url = (t: string) => Uint8Array.from(atob(t.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    const keys = new Map<string, CryptoKey>();
    for (const [keyId, raw] of Object.entries(rowKeys)) {
      keys.set(keyId, await crypto.subtle.importKey('raw', fromB64url(raw), { name: 'AES-GCM' }, false, ['decrypt']));
    }
    const out: { where: string; text: string; raw: string[] }[] = [];
    let rows = 0;
    let opened = 0;
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await req(indexedDB.open(info.name));
      const stores = Array.from({ length: db.objectStoreNames.length }, (_v, i) => db.objectStoreNames.item(i)!);
      const all: Record<string, unknown[]> = {};
      for (const s of stores) all[s] = await req(db.transaction(s).objectStore(s).getAll());
      db.close();
      for (const [store, values] of Object.entries(all)) {
        for (const value of values) {
          rows++;
          const raw: string[] = [];
          const plaintexts: string[] = [];
          const walk = async (v: unknown): Promise<unknown> => {
            if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) {
              raw.push(hex(v as ArrayBuffer));
              return `<bytes ${(v as ArrayBuffer).byteLength}>`;
            }
            if (v instanceof CryptoKey) return '<CryptoKey>';
            if (Array.isArray(v)) return Promise.all(v.map(walk));
            if (v && typeof v === 'object') {
              const o = v as Record<string, unknown>;
              // A sealed value (web/src/sealer.ts): { v: 2, keyId, iv, data }.
              const key = o.v === 2 && typeof o.keyId === 'string' ? keys.get(o.keyId) : undefined;
              if (key && o.iv instanceof Uint8Array && o.data instanceof ArrayBuffer) {
                const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: o.iv as Uint8Array<ArrayBuffer> }, key, o.data);
                plaintexts.push(new TextDecoder().decode(plain));
                opened++;
              }
              const entries = await Promise.all(Object.entries(o).map(async ([k, x]) => [k, await walk(x)] as const));
              return Object.fromEntries(entries);
            }
            return v;
          };
          const shown = await walk(value);
          out.push({ where: `idb:${info.name}/${store}`, text: JSON.stringify(shown) + '\n' + plaintexts.join('\n'), raw });
        }
      }
    }
    return { out, rows, opened };
  }, rowKeys);
  const hits: CanaryHit[] = [];
  for (const row of dump.out) {
    hits.push(...findCanary(row.text, pin, row.where));
    for (const raw of row.raw) hits.push(...findCanary(Buffer.from(raw, 'hex'), pin, `${row.where} (bytes)`));
  }
  return { hits, rows: dump.rows, opened: dump.opened };
}
