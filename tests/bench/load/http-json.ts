import { Agent, request } from 'node:http';

/**
 * A JSON request over kept-alive connections (node:http, one agent per bench): what a fleet of
 * devices looks like to the load balancer without paying a TCP handshake per request, and
 * cheaper on the generator's CPU than fetch. No cap on connections: each device has its own, and
 * a cap would queue requests inside the generator, where the server never sees them wait.
 */
export const agent = new Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 2048 });

export interface JsonAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export function httpJson(
  url: string,
  opts: { method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string; timeoutMs: number },
): Promise<JsonAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        agent,
        method: opts.method ?? 'GET',
        headers: { ...opts.headers, ...(opts.body ? { 'content-length': Buffer.byteLength(opts.body) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          let body: unknown = null;
          try {
            body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            body = null;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
        res.on('error', reject);
      },
    );
    // The whole request, from now: a socket timeout counts only silence on a socket it already has.
    const timer = setTimeout(() => req.destroy(new Error('timeout')), opts.timeoutMs);
    req.on('close', () => clearTimeout(timer));
    req.on('error', reject);
    req.end(opts.body);
  });
}
