/**
 * What the server's keys cost per operation and per registration, in a key file (in the
 * process, node:crypto) and in a PKCS#11 token (SoftHSM2, one logged-in session): wrapping a new
 * data key, unwrapping a stored one, and the HMAC of an ID number. A registration costs one wrap
 * and one HMAC when it is submitted (the vault keeps the key it made), then one unwrap and one
 * HMAC in each later push that touches it (a call, an outcome). Prints µs p50/p95 per operation
 * and per registration's life (submitted, called, issued: 1 wrap + 2 unwraps + 3 HMACs), then
 * one JSON line. The end-to-end figure is `tests/bench/sync-ingest.ts --keys both`.
 *
 *   npx tsx tests/bench/server-keys.ts [--rounds 20000]
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { processServerKeys, type ServerKeys } from '@dangky/sync-server';
import { softHsmServerKeys } from './softhsm-server-keys.ts';

const roundsArg = process.argv.indexOf('--rounds');
const ROUNDS = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 20_000;

function timeEach(rounds: number, op: (i: number) => unknown): { p50: number; p95: number; mean: number } {
  const us: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = process.hrtime.bigint();
    op(i);
    us.push(Number(process.hrtime.bigint() - t) / 1000);
  }
  const mean = us.reduce((a, b) => a + b, 0) / us.length;
  us.sort((a, b) => a - b);
  const at = (p: number) => +us[Math.min(us.length - 1, Math.floor(p * us.length))]!.toFixed(1);
  return { p50: at(0.5), p95: at(0.95), mean: +mean.toFixed(1) };
}

function measure(name: string, keys: ServerKeys) {
  const ids = Array.from({ length: ROUNDS }, () => randomUUID());
  const dataKeys = ids.map(() => randomBytes(32));
  const wrapped: string[] = [];
  // Warm-up: the first calls load code paths and, on the token, the key objects.
  for (let i = 0; i < 200; i++) keys.unwrapDataKey(ids[0]!, keys.wrapDataKey(ids[0]!, dataKeys[0]!));
  const wrap = timeEach(ROUNDS, (i) => wrapped.push(keys.wrapDataKey(ids[i]!, dataKeys[i]!)));
  const unwrap = timeEach(ROUNDS, (i) => keys.unwrapDataKey(ids[i]!, wrapped[i]!));
  const hmac = timeEach(ROUNDS, (i) => keys.citizenHash(`0791${String(i).padStart(8, '0')}`));
  return {
    keys: name,
    wrapUs: wrap,
    unwrapUs: unwrap,
    hmacUs: hmac,
    perRegistrationUs: +(wrap.mean + 2 * unwrap.mean + 3 * hmac.mean).toFixed(1),
  };
}

const token = softHsmServerKeys();
let results;
try {
  results = [measure('file', processServerKeys()), measure('token (SoftHSM2)', token.keys)];
} finally {
  token.dispose();
}
console.table(
  results.map((r) => ({
    keys: r.keys,
    'wrap p50/p95 µs': `${r.wrapUs.p50} / ${r.wrapUs.p95}`,
    'unwrap p50/p95 µs': `${r.unwrapUs.p50} / ${r.unwrapUs.p95}`,
    'HMAC p50/p95 µs': `${r.hmacUs.p50} / ${r.hmacUs.p95}`,
    'per registration µs (mean)': r.perRegistrationUs,
  })),
);
console.log(JSON.stringify({ bench: 'server-keys', rounds: ROUNDS, results }));
