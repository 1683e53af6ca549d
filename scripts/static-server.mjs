// A small static file server for the built apps (adapter-static output): serves precompressed
// .br/.gz files when the browser accepts them, falls back to index.html for client-side routes,
// and never caches the service worker or the HTML shell (so a new version reaches kiosks).
// Every answer forbids framing (clickjacking a kiosk or a counter) and MIME sniffing; the pages'
// own script policy is the meta tag SvelteKit writes into them (svelte.config.js), which a
// header cannot repeat without the hashes and a meta tag cannot hold `frame-ancestors`.
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.ogg': 'audio/ogg',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.gz': 'application/gzip',
  '.traineddata': 'application/octet-stream',
};

/** Sent with every answer, files and errors alike. */
export const securityHeaders = {
  'content-security-policy': "frame-ancestors 'none'; object-src 'none'; base-uri 'self'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** The path of a request URL, or null when it is not one (bad percent-encoding, a NUL). */
function requestPath(raw) {
  try {
    const rel = decodeURIComponent(new URL(raw ?? '/', 'http://x').pathname);
    return rel.includes('\0') ? null : rel;
  } catch {
    return null;
  }
}

async function fileOrNull(path) {
  try {
    const s = await stat(path);
    return s.isFile() ? s : null;
  } catch {
    return null;
  }
}

/** @param {{ root: string, port: number, host?: string }} opts */
export function serveStatic({ root, port, host = '127.0.0.1' }) {
  const server = createServer(async (req, res) => {
    for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
    try {
      const rel = requestPath(req.url);
      if (rel === null) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end('bad request');
        return;
      }
      const path = normalize(join(root, rel));
      if (!path.startsWith(normalize(root + sep)) && path !== normalize(root)) {
        res.writeHead(400).end();
        return;
      }
      let file = path;
      let info = await fileOrNull(file);
      if (!info) {
        info = await fileOrNull(join(file, 'index.html'));
        if (info) file = join(file, 'index.html');
      }
      if (!info) {
        // Client-side route (SPA fallback) — but a missing asset is a real 404.
        if (extname(rel) && !rel.endsWith('.html')) {
          res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
          return;
        }
        file = join(root, 'index.html');
        info = await fileOrNull(file);
        if (!info) {
          res.writeHead(503, { 'content-type': 'text/plain' }).end('app not built');
          return;
        }
      }
      const type = types[extname(file)] ?? 'application/octet-stream';
      const accept = String(req.headers['accept-encoding'] ?? '');
      const headers = { 'content-type': type, vary: 'accept-encoding' };
      const immutable = file.includes(`${sep}_app${sep}immutable${sep}`);
      headers['cache-control'] = immutable ? 'public, max-age=31536000, immutable' : 'no-cache';
      for (const [enc, ext] of [
        ['br', '.br'],
        ['gzip', '.gz'],
      ]) {
        if (accept.includes(enc) && extname(file) !== '.gz') {
          const pre = await fileOrNull(file + ext);
          if (pre) {
            res.writeHead(200, { ...headers, 'content-encoding': enc, 'content-length': pre.size });
            if (req.method === 'HEAD') return void res.end();
            createReadStream(file + ext).pipe(res);
            return;
          }
        }
      }
      res.writeHead(200, { ...headers, 'content-length': info.size });
      if (req.method === 'HEAD') return void res.end();
      createReadStream(file).pipe(res);
    } catch (err) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
      console.error('static-server:', err instanceof Error ? err.message : err);
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const addr = server.address();
      resolve({
        url: `http://${host}:${typeof addr === 'object' && addr ? addr.port : port}`,
        close: () => new Promise((r) => server.close(() => r(undefined))),
      });
    });
  });
}
