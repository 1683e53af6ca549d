export { build, type BuildOptions } from './app.ts';
export { openDb } from './db/open.ts';
export { openPglite } from './db/pglite.ts';
export { openPostgres } from './db/postgres.ts';
export { migrate } from './db/migrate.ts';
export { seedDemo, DEMO_PASSWORD, type DemoSecrets } from './seed/demo.ts';
export type { Db } from './db/db.ts';
export { queueStatsByPeriod, queueHourlyProfile, queueStaffStats, type QueueStatsQuery } from './reports/queue-stats.ts';
