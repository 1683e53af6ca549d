import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Db } from '../../src/db/db.ts';
import { migrate } from '../../src/db/migrate.ts';
import { pgliteDb } from '../../src/db/pglite.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { seedDemo, type DemoSecrets } from '../../src/seed/demo.ts';

/**
 * The server suite's starting points, made once per run instead of once per test file: an empty
 * migrated database and one seeded with the demo (its sites, the 2025 administrative units, its
 * staff and devices with scrypt-hashed secrets). Made afresh in every file, initdb, the
 * migrations and the seed cost tens of seconds of CPU each on a busy 2-core machine, which the
 * suite paid about thirty times per database; copying a finished database costs a fraction.
 * Each test file still gets its own copy, so no test sees another's rows.
 */
export type Template = 'migrated' | 'seeded';

export const TEMPLATES: readonly Template[] = ['migrated', 'seeded'];

/** Brings `db` (new and empty) to the template's state; the demo's secrets when it is seeded. */
export async function fillTemplate(db: Db, template: Template): Promise<DemoSecrets | null> {
  await migrate(db);
  return template === 'seeded' ? seedDemo(db) : null;
}

/** Every template made in memory and dumped (`PGlite.dumpDataDir`) into `dir`: the files, and the demo's secrets. */
export async function makePgliteTemplates(dir: string): Promise<{ files: Record<Template, string>; demo: DemoSecrets }> {
  const files = {} as Record<Template, string>;
  let demo: DemoSecrets | null = null;
  for (const template of TEMPLATES) {
    const pg = await PGlite.create();
    demo = (await fillTemplate(pgliteDb(pg), template)) ?? demo;
    files[template] = join(dir, `${template}.tar`);
    await writeFile(files[template], Buffer.from(await (await pg.dumpDataDir('none')).arrayBuffer()));
    await pg.close();
  }
  return { files, demo: demo! };
}

/** Every template as a database `tmpl_<template>` on the PostgreSQL at `adminUrl`; the demo's secrets. */
export async function makePostgresTemplates(adminUrl: string): Promise<DemoSecrets> {
  let demo: DemoSecrets | null = null;
  const admin = await openPostgres(adminUrl);
  for (const template of TEMPLATES) await admin.exec(`CREATE DATABASE tmpl_${template}`);
  await admin.close();
  for (const template of TEMPLATES) {
    const url = new URL(adminUrl);
    url.pathname = `/tmpl_${template}`;
    // Closed before any copy: PostgreSQL copies only a template nobody is connected to.
    const db = await openPostgres(url.toString());
    demo = (await fillTemplate(db, template)) ?? demo;
    await db.close();
  }
  return demo!;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The demo's secrets as the seeded template holds them. */
    demoSecrets: DemoSecrets;
    /** PGlite: each template's data directory, dumped to a file (`PGlite.dumpDataDir`). */
    pgliteTemplates: Record<Template, string>;
    /** PostgreSQL: the server's admin URL; each template is a database named `tmpl_<template>`. */
    databaseUrl: string;
  }
}
