import { appendFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error — plain ESM script shared with `npm start`, no type declarations
import { buildApps, freePorts, startSystem } from '../../scripts/system.mjs';

/**
 * Starts the whole system once for the journeys and hands its URLs, pairing links and demo
 * accounts to the tests through one environment variable (workers inherit it).
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  // npm test has just built the apps (DANGKY_E2E_BUILT=1); run alone, build them so a stale build is never tested.
  await buildApps({ log: () => {}, force: !process.env.DANGKY_E2E_BUILT });
  const dataDir = await mkdtemp(join(tmpdir(), 'dangky-e2e-'));
  const logs: string[] = [];
  // Every line the server and the agents print, kept in a file the journeys can read (the token
  // canary searches it). The children log more than in the demo — request lines, the hardware
  // debug sections — so a PIN that slipped into any log line would be there to find.
  const logFile = join(dataDir, 'system.log');
  const log = (l: string) => {
    logs.push(l);
    appendFileSync(logFile, `${l}\n`);
  };
  const saved = {
    NODE_DEBUG: process.env.NODE_DEBUG,
    LOG_LEVEL: process.env.LOG_LEVEL,
    DANGKY_CA_RETRY_BUDGET_MS: process.env.DANGKY_CA_RETRY_BUDGET_MS,
  };
  process.env.NODE_DEBUG = [saved.NODE_DEBUG, 'hardware:agent,hardware:token,hardware:ca,hardware:printer'].filter(Boolean).join(',');
  process.env.LOG_LEVEL = saved.LOG_LEVEL ?? 'info';
  // "CA down" gives up after this budget instead of the demo's 20 s of retries; above the
  // simulated providers' slowest normal answers (VNPT: p95 2.5 s), so a slow CA is not "down".
  process.env.DANGKY_CA_RETRY_BUDGET_MS = saved.DANGKY_CA_RETRY_BUDGET_MS ?? '10000';
  let system: Awaited<ReturnType<typeof startSystem>>;
  try {
    system = await startSystem({ dataDir, ports: await freePorts(), log });
  } finally {
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  }
  process.env.DANGKY_E2E = JSON.stringify({
    serverUrl: system.serverUrl,
    kioskUrl: system.kioskUrl,
    counterUrl: system.counterUrl,
    stations: system.stations,
    staff: system.staff,
    dataDir,
    logFile,
  });
  return async () => {
    await system.stop();
    if (process.env.DANGKY_E2E_KEEP) console.warn(`e2e data kept in ${dataDir}\n${logs.slice(-50).join('\n')}`);
    else await rm(dataDir, { recursive: true, force: true });
  };
}
