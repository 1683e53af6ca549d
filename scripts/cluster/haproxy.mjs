// HAProxy (Debian's package) in front of the sync-server replicas: the one address devices and
// apps talk to. It checks each replica's /readyz every second and takes one out of the rotation
// while it is dead or not ready (its database does not take writes, its disk is full); a request whose replica dies before answering is retried on another one, which is
// safe because every API call is idempotent (a push is keyed by event ids, the rest are reads
// or sign-ins). Whatever HAProxy cannot retry, the device's own outbox retries.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const haproxyBin = '/usr/sbin/haproxy';

/** The configuration text; `servers` are `{ name, port }` on 127.0.0.1. */
export function haproxyConfig({ port, servers, maxconn = 8_000 }) {
  return `# Written by scripts/cluster/haproxy.mjs — the sync-server replicas behind one address.
global
  maxconn ${maxconn}

defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 30s
  timeout queue 10s
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

frontend api
  bind 127.0.0.1:${port}
  default_backend sync

backend sync
  balance leastconn
  option httpchk GET /readyz
  http-check expect status 200
  default-server inter 1s fastinter 250ms downinter 1s fall 2 rise 1 maxconn 200
${servers.map((s) => `  server ${s.name} 127.0.0.1:${s.port} check`).join('\n')}
`;
}

/** Writes the configuration into `dir` and runs HAProxy in the foreground (-db) until stopped. */
export async function startHaproxy({ dir, port, servers, log = () => {} }) {
  const cfg = join(dir, 'haproxy.cfg');
  await writeFile(cfg, haproxyConfig({ port, servers }));
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
