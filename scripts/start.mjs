// `npm start`: install missing system packages, build the apps if needed, start everything
// with simulated devices, and print where to click. Data lives in .data/ (git-ignored) and
// survives restarts; delete the folder for a fresh demo.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { buildApps, repoRoot, startSystem } from './system.mjs';

execFileSync('bash', [join(repoRoot, 'scripts', 'ensure-system.sh')], { stdio: 'inherit' });
// Always build: a few seconds, and the demo never serves an older build than the code.
await buildApps({ force: true });

const dataDir = process.env.DATA_DIR ?? join(repoRoot, '.data');
const system = await startSystem({ dataDir });

const line = '─'.repeat(78);
console.log(`\n${line}\n dangky is running — data in ${dataDir}\n${line}`);
console.log(` sync-server   ${system.serverUrl}   (API: ${system.serverUrl}/openapi.json)`);
console.log(` kiosk         ${system.kioskUrl}`);
console.log(` counter-app   ${system.counterUrl}`);
console.log(`\n Open a pairing link once per browser to make it that device (simulated printer, etc.):`);
for (const s of system.stations) {
  console.log(
    `\n ${{ kiosk: 'Kiosk  ', counter: 'Counter', display: 'Display' }[s.kind]} ${s.id}  (agent ${s.agentUrl}, printed tickets → ${s.printerLog})`,
  );
  console.log(`   ${s.pairLink}`);
}
const card = system.stations.find((s) => s.simulatedCard)?.simulatedCard;
if (card)
  console.log(
    `\n Every simulated chip reader holds a synthetic card: ID number ${card.idNumber} (${card.fullName}).\n At the kiosk, type that number and press "Đọc chip" (Read chip).`,
  );
const kioskQr = system.stations.find((s) => s.kind === 'kiosk')?.qrScanner;
const counterQr = system.stations.find((s) => s.kind === 'counter')?.qrScanner;
if (kioskQr && counterQr)
  console.log(
    `\n Kiosks and counters have a simulated QR scanner. On the kiosk's identity step, "scan" a (synthetic) card QR with\n   printf '%s\\r\\n' '001099012345||Nguyễn Văn An|15051999|Nam|Số 1 Ngõ Thử, Phường X, Hà Nội|20042021' > ${kioskQr}\n At a counter's queue, "scan" a printed ticket's QR (the printer simulator's qrPayload) with\n   printf '%s\\r\\n' 'DK:…' > ${counterQr}`,
  );
console.log(`\n Demo accounts (counter-app):`);
for (const s of system.staff ?? []) console.log(`   ${s.username.padEnd(18)} ${s.password.padEnd(18)} ${s.role}`);
console.log(`${line}\n Ctrl+C to stop.`);

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping …');
  await system.stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
