// Starts the whole dangky system on one machine: the sync-server (embedded PGlite under
// DATA_DIR), one hardware agent per station with simulated devices, and the two built apps.
// Used by `npm start` (fixed demo ports) and by the Playwright suite (free ports, throwaway
// DATA_DIR), so the tests exercise exactly what a newcomer runs.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from './static-server.mjs';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const DEMO_PORTS = {
  server: 4100,
  kiosk: 4101,
  counter: 4102,
  agents: {
    'kiosk-hcm-ben-thanh-1': 4110,
    'counter-hcm-ben-thanh-1': 4111,
    'kiosk-hcm-book-fair-1': 4112,
    'counter-hcm-book-fair-1': 4113,
    'display-hcm-ben-thanh-1': 4114,
  },
  // The ward office's call display hears the site's counters here (the call board relay).
  board: 4120,
};

/** A free TCP port on 127.0.0.1 (for tests: every run gets its own). */
export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => res(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

export async function freePorts() {
  const agents = {};
  for (const id of Object.keys(DEMO_PORTS.agents)) agents[id] = await freePort();
  return { server: await freePort(), kiosk: await freePort(), counter: await freePort(), agents, board: await freePort() };
}

/**
 * A site's call board key, made once and kept: the site's counter and display agents sign and
 * check the calls they pass over the site network with it (hardware/src/board/board-relay.ts).
 */
async function boardKeyFile(dataDir, siteId) {
  const file = join(dataDir, `board-${siteId}.key`);
  if (!existsSync(file)) await writeFile(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  return file;
}

/**
 * The call board relay's flags for a station: the display listens on the board port, the
 * counters of its site post there. Stations of a site without a display get none.
 */
async function boardFlags(device, devices, { dataDir, host, ports }) {
  const display = devices.find((d) => d.kind === 'display' && d.siteId === device.siteId && ports.agents[d.id]);
  if (!display || !ports.board || (device.kind !== 'counter' && device.id !== display.id)) return [];
  const site = ['--board-site', device.siteId, '--board-key-file', await boardKeyFile(dataDir, device.siteId)];
  return device.id === display.id
    ? [...site, '--board-listen', `${host}:${ports.board}`]
    : [...site, '--board-peer', `http://${host}:${ports.board}`];
}

const b64url = (obj) => Buffer.from(JSON.stringify(obj), 'utf8').toString('base64url');

/** A Node child process whose lines go to `log` with a `[name]` prefix; `stop` is SIGTERM, then SIGKILL after 5 s. */
export function startChild(name, args, { env, log, onLine = () => {} }) {
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    // The IPC channel carries the child's own word that it listens (see `listening` below).
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  // A probe of a port can reach whichever process holds it — another test's server that took the
  // port between `freePort` and this child's listen — so readiness is the child saying which
  // port it holds, once its listen succeeded.
  let listeningOn;
  child.on('message', (m) => {
    if (m && typeof m === 'object' && typeof m.listening === 'number') listeningOn = m.listening;
  });
  const prefix = (line) => {
    if (!line) return;
    onLine(line);
    log(`[${name}] ${line}`);
  };
  child.stdout.setEncoding('utf8').on('data', (d) => d.split('\n').forEach(prefix));
  child.stderr.setEncoding('utf8').on('data', (d) => d.split('\n').forEach(prefix));
  const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
  return {
    child,
    exited,
    /** The port the child said it listens on, once it said so. */
    listeningOn: () => listeningOn,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls `check` until it answers true, the child exits, or the time is up. */
export async function waitFor(check, { what, timeoutMs = 60_000, child }) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    if (child && child.child.exitCode !== null) throw new Error(`${what} exited with code ${child.child.exitCode}`);
    try {
      if (await check()) return;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${what} did not become ready in ${timeoutMs} ms${lastError ? `: ${lastError.message}` : ''}`);
}

/** The site's token SO PIN (one for the demo's token stock), created once and kept. */
async function tokenSoPinFile(dataDir) {
  const file = join(dataDir, 'token-so-pin');
  if (!existsSync(file)) await writeFile(file, `${randomBytes(12).toString('hex')}\n`, { mode: 0o600 });
  return file;
}

/** The CA fault file every counter agent re-reads per CA request; absent = no fault. */
export const caFaultFile = (dataDir) => join(dataDir, 'ca-faults.json');

/** Pairing secrets of the agents, kept so a paired kiosk stays paired across restarts. */
async function agentSecrets(dataDir, stationIds) {
  const file = join(dataDir, 'agent-secrets.json');
  let secrets = {};
  if (existsSync(file)) secrets = JSON.parse(await readFile(file, 'utf8'));
  let changed = false;
  for (const id of stationIds) {
    if (!secrets[id]) {
      secrets[id] = randomBytes(24).toString('base64url');
      changed = true;
    }
  }
  if (changed) await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

export async function buildApps({ log = console.log, force = false } = {}) {
  const missing = ['kiosk', 'counter-app'].filter((a) => force || !existsSync(join(repoRoot, a, 'build', 'index.html')));
  if (missing.length === 0) return;
  log(`building ${missing.join(', ')} …`);
  await new Promise((res, rej) => {
    const child = spawn('npm', ['run', 'build', ...missing.flatMap((a) => ['-w', a])], {
      cwd: repoRoot,
      stdio: 'inherit',
    });
    child.once('exit', (code) => (code === 0 ? res(undefined) : rej(new Error(`app build failed (exit ${code})`))));
  });
}

/** The browser origins of the two apps, which the sync-server must allow (CORS). */
export const appOrigins = (host, ports) => [
  `http://${host}:${ports.kiosk}`,
  `http://${host}:${ports.counter}`,
  `http://localhost:${ports.kiosk}`,
  `http://localhost:${ports.counter}`,
];

/**
 * `serverUrl`: a sync-server already running (the cluster's HAProxy, which seeded the demo into
 * the same DATA_DIR); without it one sync-server on PGlite is started at `ports.server`.
 * @param {{ dataDir: string, ports?: typeof DEMO_PORTS, log?: (line: string) => void, host?: string, serverUrl?: string }} opts
 */
export async function startSystem({ dataDir, ports = DEMO_PORTS, log = console.log, host = '127.0.0.1', serverUrl: external }) {
  await mkdir(dataDir, { recursive: true });
  const stops = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => {});
  };
  try {
    const serverUrl = external ?? `http://${host}:${ports.server}`;
    const kioskUrl = `http://${host}:${ports.kiosk}`;
    const counterUrl = `http://${host}:${ports.counter}`;
    const origins = appOrigins(host, ports);

    let server;
    if (!external) {
      server = startChild('sync-server', ['--import', 'tsx', 'sync-server/src/main.ts'], {
        // Warnings and errors only: request lines would bury the URLs and pairing links. LOG_LEVEL=info shows them.
        env: {
          PORT: String(ports.server),
          HOST: host,
          DATA_DIR: dataDir,
          CORS_ORIGINS: origins.join(','),
          // The demo: its sites, devices and staff, and the remote-signing simulator (off by default in the server).
          DEMO_SEED: 'on',
          LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
        },
        log,
      });
      stops.push(server.stop);
    }
    // Our own server says it listens on its port before any probe; an external one is probed.
    // Migrating and seeding the demo (scrypt-hashed secrets) took over two minutes on a busy 2-core machine.
    if (server)
      await waitFor(async () => server.listeningOn() === ports.server, { what: 'sync-server', child: server, timeoutMs: 300_000 });
    await waitFor(async () => (await fetch(`${serverUrl}/readyz`)).ok, { what: 'sync-server', child: server });

    const demo = JSON.parse(await readFile(join(dataDir, 'demo-secrets.json'), 'utf8'));
    const stationIds = demo.devices.map((d) => d.id);
    const secrets = await agentSecrets(dataDir, stationIds);
    const reference = await (await fetch(`${serverUrl}/v1/reference`)).json().catch(() => ({}));
    const siteName = (id) => reference?.sites?.find((s) => s.id === id)?.name ?? id;

    const stations = [];
    for (const device of demo.devices) {
      const port = ports.agents[device.id];
      if (!port) continue;
      const appOrigins = device.kind === 'kiosk' ? origins.slice(0, 1).concat(origins[2]) : [counterUrl, origins[3]];
      const secretFile = join(dataDir, `agent-${device.id}.secret`);
      await writeFile(secretFile, secrets[device.id], { mode: 0o600 });
      let info = {};
      // Kiosks and counters get a simulated QR scanner (a kiosk reads the card's QR with it, a
      // counter the printed ticket's): a line written to this stable path is a scan
      // (`printf '%s\r\n' "$PAYLOAD" > <path>`; the Playwright suite appends to it).
      const qrScanner = join(dataDir, `qr-${device.id}`);
      // Kiosks get a simulated headset jack: `plugged` or `unplugged` written to this file.
      const headsetJack = device.kind === 'kiosk' ? join(dataDir, `headset-${device.id}`) : null;
      const agent = startChild(
        `agent ${device.id}`,
        [
          'hardware/bin/dangky-hw.js',
          'agent',
          '--port',
          String(port),
          '--station',
          device.id,
          ...appOrigins.flatMap((o) => ['--origin', o]),
          '--pairing-secret-file',
          secretFile,
          // The page's row keys and the key sealing its pairing secret: owner-only, outside the
          // browser profile, so a copied profile opens nothing (hardware/src/keys/).
          '--key-store',
          join(dataDir, 'agent-keys', device.id),
          ...(await boardFlags(device, demo.devices, { dataDir, host, ports })),
          // A call display's station has no printer or reader: its agent only keeps its keys.
          ...(device.kind === 'display'
            ? []
            : [
                '--simulate-printer',
                join(dataDir, 'printer-sim'),
                // A simulated chip reader with a synthetic card on it. The demo trusts the simulator's
                // throwaway CSCA (explicitly, by flag) so its card reads as chip-verified.
                '--simulate-nfc',
                '--trust-simulator-csca',
              ]),
          '--simulate-qr',
          qrScanner,
          ...(headsetJack ? ['--simulate-headset', headsetJack] : []),
          // Counters get the demo's "USB token": a SoftHSM2 store with one blank token, the SO PIN
          // from a 0600 file standing in for the site's secret store, the built-in CA and the
          // simulated provider CAs (VNPT, Viettel, …), which re-read `ca-faults.json` on every
          // request: write `{"vnpt":"unreachable"}` there to take a CA down (hardware/src/ca/ca-faults.ts).
          ...(device.kind === 'counter'
            ? [
                '--simulate-token',
                join(dataDir, 'token-sim'),
                '--token-so-pin-file',
                await tokenSoPinFile(dataDir),
                '--ca',
                'builtin',
                '--ca-dir',
                join(dataDir, 'builtin-ca', device.id),
                '--ca-fault-file',
                caFaultFile(dataDir),
                ...(process.env.DANGKY_CA_RETRY_BUDGET_MS ? ['--ca-retry-budget-ms', process.env.DANGKY_CA_RETRY_BUDGET_MS] : []),
              ]
            : []),
        ],
        {
          env: {},
          log,
          onLine: (l) => {
            if (!l.startsWith('{"agent"')) return;
            try {
              info = JSON.parse(l);
            } catch {
              // not the agent's announcement
            }
          },
        },
      );
      stops.push(agent.stop);
      const agentUrl = `ws://${host}:${port}`;
      await waitFor(async () => info.agent !== undefined && (await fetch(`http://${host}:${port}/healthz`)).ok, {
        what: `agent ${device.id}`,
        child: agent,
      });
      // The call display is a page of the counter-app.
      const appUrl = device.kind === 'kiosk' ? kioskUrl : device.kind === 'display' ? `${counterUrl}/display` : counterUrl;
      const linkBase = device.kind === 'display' ? appUrl : `${appUrl}/`;
      const pairing = {
        server: serverUrl,
        deviceId: device.id,
        deviceSecret: device.secret,
        agentUrl,
        agentSecret: secrets[device.id],
        ticketPrefix: device.ticketPrefix ?? undefined,
        siteId: device.siteId,
        siteName: siteName(device.siteId),
      };
      stations.push({
        ...device,
        agentUrl,
        printerLog: join(dataDir, 'printer-sim', `${device.id}.jsonl`),
        simulatedCard: info.simulatedCard ?? null,
        qrScanner,
        headsetJack,
        caFaultFile: device.kind === 'counter' ? caFaultFile(dataDir) : null,
        pairLink: `${linkBase}#pair=${b64url(pairing)}`,
        // Joins a browser to this station's agent without enrolling it (enrolment by code needs it).
        stationLink: `${linkBase}#station=${b64url({ agentUrl, agentSecret: secrets[device.id] })}`,
      });
    }

    const kiosk = await serveStatic({ root: join(repoRoot, 'kiosk', 'build'), port: ports.kiosk, host });
    stops.push(kiosk.close);
    const counter = await serveStatic({ root: join(repoRoot, 'counter-app', 'build'), port: ports.counter, host });
    stops.push(counter.close);

    return { serverUrl, kioskUrl, counterUrl, stations, staff: demo.staff, dataDir, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
