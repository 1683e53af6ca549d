// `npm run start:cluster`: the demo of `npm start` on the scaled-out server — a PostgreSQL
// primary, a hot standby (streaming replication), three sync-server replicas and HAProxy at the
// address the apps and devices use (4100). Data lives in DATA_DIR/cluster (.data/cluster) and
// survives restarts; delete the folder for a fresh cluster. Kill a replica (its pid is printed)
// and the kiosk and counter carry on through the other two.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startCluster } from './cluster/cluster.mjs';
import { appOrigins, buildApps, DEMO_PORTS, repoRoot, startSystem } from './system.mjs';

execFileSync('bash', [join(repoRoot, 'scripts', 'ensure-system.sh')], { stdio: 'inherit' });
await buildApps({ force: true });

const dir = join(process.env.DATA_DIR ?? join(repoRoot, '.data'), 'cluster');
const host = '127.0.0.1';
console.log(`starting PostgreSQL primary and standby, three sync-servers and HAProxy in ${dir} …`);
const cluster = await startCluster({ dir, port: DEMO_PORTS.server, corsOrigins: appOrigins(host, DEMO_PORTS), log: console.log });
let system;
try {
  system = await startSystem({ dataDir: cluster.dataDir, ports: DEMO_PORTS, host, serverUrl: cluster.url });
} catch (err) {
  await cluster.stop();
  throw err;
}

const line = '─'.repeat(78);
console.log(`\n${line}\n dangky cluster is running — data in ${dir}\n${line}`);
console.log(` HAProxy       ${cluster.url}   (the address of the API for every app and device)`);
for (const r of cluster.replicas) console.log(` sync-server   ${r.url}   pid ${r.child.child.pid}`);
console.log(` PostgreSQL    primary ${cluster.primaryUrl}`);
console.log(`               standby ${cluster.standbyUrl}   (reports read here)`);
console.log(` kiosk         ${system.kioskUrl}`);
console.log(` counter-app   ${system.counterUrl}`);
console.log(`\n Pairing links:`);
for (const s of system.stations) console.log(`   ${s.kind.padEnd(8)} ${s.id}\n   ${s.pairLink}`);
console.log(`\n Demo accounts (counter-app):`);
for (const s of system.staff ?? []) console.log(`   ${s.username.padEnd(18)} ${s.password.padEnd(18)} ${s.role}`);
console.log(`${line}\n Ctrl+C to stop.`);

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping …');
  await system.stop();
  await cluster.stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
