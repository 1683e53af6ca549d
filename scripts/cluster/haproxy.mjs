// HAProxy (Debian's package) in front of the sync-server replicas: the one address devices and
// apps talk to. It checks each replica's /readyz every second and takes one out of the rotation
// while it is dead or not ready (its database does not take writes, its disk is full); a request whose replica dies before answering is retried on another one, which is
// safe because every API call is idempotent (a push is keyed by event ids, the rest are reads
// or sign-ins). Whatever HAProxy cannot retry, the device's own outbox retries.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const haproxyBin = '/usr/sbin/haproxy';

/**
 * HAProxy's own 503 (no replica ready, or a request waited `timeout queue` for one) in the
 * replicas' words: the code they shed load with and a `retry-after`, so a device backs off as it
 * does when a replica sheds — a bare 503 would have it retry at once into the same crowd.
 */
export const BUSY_RETRY_AFTER_SECONDS = 5;
export const busyResponse = () => {
  const body = JSON.stringify({
    error: {
      code: 'DK_ERR_SERVER_BUSY',
      message: 'The server is at its capacity and sheds this request; retry after the retry-after header',
    },
  });
  return [
    'HTTP/1.1 503 Service Unavailable',
    'content-type: application/json; charset=utf-8',
    `retry-after: ${BUSY_RETRY_AFTER_SECONDS}`,
    'cache-control: no-store',
    `content-length: ${Buffer.byteLength(body)}`,
    'connection: close',
    '',
    body,
  ].join('\r\n');
};

export const PER_REPLICA = 16;
export const QUEUE_TIMEOUT = '2s';

/**
 * The configuration text; `servers` are `{ name, port }` on 127.0.0.1; `busyFile` holds `busyResponse()`.
 *
 * `perReplica` requests at once go to a replica, the rest wait in HAProxy's queue, and one that
 * waited `queueTimeout` is answered busy. A replica works on as many requests as its database
 * connections (8) and has a few more ready: requests past that only wait inside it, where nobody
 * can refuse them, until the device gives up at 10 s — and the replica still spends its CPU on
 * answers nobody reads, which is how a cluster past its capacity served almost nothing. Held in
 * front instead, a request is answered in time or told to come back (`retry-after`), and a
 * device's sync loses nothing by coming back.
 */
export function haproxyConfig({ port, servers, maxconn = 8_000, busyFile, perReplica = PER_REPLICA, queueTimeout = QUEUE_TIMEOUT }) {
  return `# Written by scripts/cluster/haproxy.mjs — the sync-server replicas behind one address.
global
  maxconn ${maxconn}

defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 30s
  timeout queue ${queueTimeout}
  timeout http-keep-alive 60s
  option http-keep-alive
  # A replica that refuses the connection, closes it without an answer, or sheds load (503) is
  # tried once more on another replica (pushes are idempotent, so a replay is harmless).
  retries 2
  option redispatch 1
  retry-on conn-failure empty-response junk-response 503
  option http-buffer-request
  # The replicas count failed sign-ins per client address: they learn it from this header
  # (and trust it from this proxy only: TRUST_PROXY).
  option forwardfor
  errorfile 503 ${busyFile}

frontend api
  bind 127.0.0.1:${port}
  default_backend sync

backend sync
  balance leastconn
  option httpchk GET /readyz
  http-check expect status 200
  # A replica answers /readyz on a connection of its own, but under load its event loop may take
  # a moment: a check has 3 s, and three failures in a row take it out.
  timeout check 3s
  default-server inter 1s fastinter 250ms downinter 1s fall 3 rise 1 maxconn ${perReplica}
${servers.map((s) => `  server ${s.name} 127.0.0.1:${s.port} check`).join('\n')}
`;
}

/** Writes the configuration into `dir` and runs HAProxy in the foreground (-db) until stopped. */
export async function startHaproxy({ dir, port, servers, log = () => {}, ...limits }) {
  const cfg = join(dir, 'haproxy.cfg');
  const busyFile = join(dir, 'busy-503.http');
  await writeFile(busyFile, busyResponse());
  await writeFile(cfg, haproxyConfig({ port, servers, busyFile, ...limits }));
  const child = spawn(haproxyBin, ['-db', '-f', cfg], { stdio: ['ignore', 'pipe', 'pipe'] });
  const onData = (d) =>
    String(d)
      .split('\n')
      .filter(Boolean)
      .forEach((l) => log(`[haproxy] ${l}`));
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise((r) => child.once('exit', r));
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    },
  };
}
