import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makePgliteTemplates } from '../../sync-server/test/setup/templates.ts';

/** Vitest globalSetup of the server suite on PGlite: the databases every test file copies, made once. */
export default async function setup({ provide }: { provide: (key: string, value: unknown) => void }) {
  const dir = await mkdtemp(join(tmpdir(), 'dangky-pglite-templates-'));
  const { files, demo } = await makePgliteTemplates(dir);
  provide('pgliteTemplates', files);
  provide('demoSecrets', demo);
  return () => rm(dir, { recursive: true, force: true });
}
