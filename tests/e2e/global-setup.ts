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
  const system = await startSystem({ dataDir, ports: await freePorts(), log: (l: string) => logs.push(l) });
  process.env.DANGKY_E2E = JSON.stringify({
    serverUrl: system.serverUrl,
    kioskUrl: system.kioskUrl,
    counterUrl: system.counterUrl,
    stations: system.stations,
    staff: system.staff,
    dataDir,
  });
  return async () => {
    await system.stop();
    if (process.env.DANGKY_E2E_KEEP) console.warn(`e2e data kept in ${dataDir}\n${logs.slice(-50).join('\n')}`);
    else await rm(dataDir, { recursive: true, force: true });
  };
}
