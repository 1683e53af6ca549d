import { cp, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { chromium, type LaunchOptions } from '@playwright/test';
import { tableBlocks } from './leveldb-blocks.ts';

/**
 * What someone who copies a station's browser profile can get out of it, done the way they
 * would: (1) search every file of the copy for a citizen's values byte for byte, LevelDB tables
 * decompressed and records IndexedDB has deleted but not yet compacted away included; (2) open
 * the copy in Chromium, on a machine without the station's hardware agent, read every IndexedDB
 * record and storage item of the app's origin, and try every key found in it — CryptoKeys
 * (Chromium stores a non-extractable key's bytes in the same files, so the copy can use it)
 * and any 16/24/32 bytes that could be raw AES key material — on every sealed-looking value.
 */

/** A copy of a (possibly running) profile, without the locks that would stop a second Chromium opening it. */
export async function copyProfile(profileDir: string): Promise<string> {
  const copy = await mkdtemp(join(tmpdir(), 'dangky-profile-copy-'));
  await cp(profileDir, copy, {
    recursive: true,
    force: true,
    errorOnExist: false,
    // Sockets and the singleton symlinks are not data; a file removed while copying is skipped.
    filter: (source) => !/Singleton(Lock|Socket|Cookie)$/.test(source),
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  return copy;
}

export interface ProfileHit {
  file: string;
  value: string;
  form: string;
}

/** The byte forms a string takes in Chromium's files: UTF-8, and UTF-16LE (V8 keeps non-Latin-1 strings two bytes a character), composed and decomposed. */
function forms(value: string): { form: string; bytes: Buffer }[] {
  const all = [...new Set([value.normalize('NFC'), value.normalize('NFD')])].flatMap((v, i) => [
    { form: `utf8${i ? '-nfd' : ''}`, bytes: Buffer.from(v, 'utf8') },
    { form: `utf16le${i ? '-nfd' : ''}`, bytes: Buffer.from(v, 'utf16le') },
  ]);
  return all.filter((f, i) => all.findIndex((g) => g.bytes.equals(f.bytes)) === i);
}

/** Every occurrence of `values` in every file under `dir`, LevelDB tables also searched decompressed. */
export async function searchProfileFiles(
  dir: string,
  values: readonly string[],
): Promise<{ hits: ProfileHit[]; files: number; tables: number }> {
  const hits: ProfileHit[] = [];
  let files = 0;
  let tables = 0;
  const search = (content: Buffer, file: string) => {
    for (const value of values) for (const { form, bytes } of forms(value)) if (content.includes(bytes)) hits.push({ file, value, form });
  };
  const walk = async (path: string): Promise<void> => {
    const info = await stat(path).catch(() => null);
    if (!info) return;
    if (info.isDirectory()) {
      for (const name of await readdir(path)) await walk(join(path, name));
      return;
    }
    if (!info.isFile()) return;
    const content = await readFile(path).catch(() => null);
    if (!content) return;
    files++;
    const file = relative(dir, path);
    search(content, file);
    const blocks = file.endsWith('.ldb') ? tableBlocks(content) : null;
    if (blocks) {
      tables++;
      search(Buffer.concat(blocks), `${file} (decompressed)`);
    }
  };
  await walk(dir);
  return { hits, files, tables };
}

export interface OpenedCopy {
  /** Records read from IndexedDB (every database and store of the origin). */
  records: number;
  /** Values shaped like sealed data (`iv` + `data`) found among them. */
  sealed: number;
  /** Keys found: CryptoKeys and byte strings of AES key length. */
  keys: number;
  /** ECDH private keys found among the CryptoKeys: a counter's site key there would open every ticket of the site. */
  siteKeys: number;
  /** Plaintexts of sealed values that one of those keys opened. */
  opened: string[];
  /** Every string found in the records, localStorage and sessionStorage, for the value search. */
  text: string;
}

/** Opens a copied profile in a fresh Chromium (no agent, no server: every request answered with an empty page) and tries to read `origin`'s data. */
export async function openCopyAsAttacker(copyDir: string, origin: string, launchOptions: LaunchOptions): Promise<OpenedCopy> {
  const workDir = await copyProfile(copyDir); // Chromium writes to a profile it opens: keep the evidence as copied
  const context = await chromium.launchPersistentContext(workDir, { ...launchOptions, headless: true });
  try {
    await context.route('**/*', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>copy</title>' }),
    );
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    return await page.evaluate(readEverything);
  } finally {
    await context.close();
    await rm(workDir, { recursive: true, force: true });
  }
}

/** Runs in the page: every IndexedDB record of the origin, every key candidate tried on every sealed value. */
async function readEverything(): Promise<OpenedCopy> {
  const request = <T>(r: IDBRequest<T>) =>
    new Promise<T>((resolve, reject) => ((r.onsuccess = () => resolve(r.result)), (r.onerror = () => reject(r.error))));
  const values: unknown[] = [];
  for (const { name } of await indexedDB.databases()) {
    if (!name) continue;
    const db = await request(indexedDB.open(name));
    for (const store of Array.from(db.objectStoreNames)) values.push(...(await request(db.transaction(store).objectStore(store).getAll())));
    db.close();
  }
  const keys: CryptoKey[] = [];
  const rawKeys: Uint8Array[] = [];
  const sealed: { iv: Uint8Array; data: ArrayBuffer }[] = [];
  const strings: string[] = [];
  const seen = new Set<unknown>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') return void strings.push(v);
    if (!v || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (v instanceof CryptoKey) return void keys.push(v);
    if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) {
      const bytes = v instanceof ArrayBuffer ? new Uint8Array(v) : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
      if ([16, 24, 32].includes(bytes.length)) rawKeys.push(bytes);
      return;
    }
    const o = v as Record<string, unknown>;
    if (o.iv instanceof Uint8Array && (o.data instanceof ArrayBuffer || ArrayBuffer.isView(o.data)))
      sealed.push({ iv: o.iv, data: o.data instanceof ArrayBuffer ? o.data : (o.data as Uint8Array).slice().buffer });
    for (const inner of Object.values(o)) walk(inner);
  };
  values.forEach(walk);
  for (const storage of [localStorage, sessionStorage])
    for (let i = 0; i < storage.length; i++) strings.push(storage.key(i) ?? '', storage.getItem(storage.key(i) ?? '') ?? '');
  for (const raw of rawKeys) {
    const key = await crypto.subtle.importKey('raw', raw as Uint8Array<ArrayBuffer>, 'AES-GCM', false, ['decrypt']).catch(() => null);
    if (key) keys.push(key);
  }
  const opened: string[] = [];
  for (const s of sealed)
    for (const key of keys) {
      const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: s.iv as Uint8Array<ArrayBuffer> }, key, s.data).catch(() => null);
      if (plain) opened.push(new TextDecoder().decode(plain));
    }
  const siteKeys = keys.filter((k) => k.algorithm.name === 'ECDH' && k.type === 'private').length;
  return { records: values.length, sealed: sealed.length, keys: keys.length, siteKeys, opened, text: strings.join('\n') };
}
