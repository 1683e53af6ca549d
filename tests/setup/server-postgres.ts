import { makePostgresTemplates } from '../../sync-server/test/setup/templates.ts';
import { startPostgres } from './postgres.ts';

/** Vitest globalSetup of the server suite on PostgreSQL: one throwaway server for the run, and the databases every test file copies. */
export default async function setup({ provide }: { provide: (key: string, value: unknown) => void }) {
  const pg = await startPostgres();
  try {
    provide('demoSecrets', await makePostgresTemplates(pg.url));
  } catch (error) {
    await pg.stop();
    throw error;
  }
  provide('databaseUrl', pg.url);
  return () => pg.stop();
}
