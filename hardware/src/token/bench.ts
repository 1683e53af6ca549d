/**
 * Token issuance on SoftHSM2, end to end as the agent runs it (PKCS#11 worker process, built-in CA
 * in its own SoftHSM token): initialise → PIN → key on the token → CSR signed by the token →
 * certificate → written → test signature verified. p50/p95 per key type, then our overhead per
 * PKCS#11 call: the same call through `createPkcs11Client` (IPC to the worker, structured clone,
 * session open/login/logout/close in `finally`) minus the bare pkcs11js call in this process.
 * Targets (a citizen waits at the counter while the token is written): issuance ≤ 1.5 s p50 for
 * RSA-2048; overhead ≤ 5 ms per call. Last, RSA-2048 issuance with the simulated VNPT CA at its
 * profile latency (what the demo's counter shows).
 *
 *   npx tsx hardware/src/token/bench.ts [--runs 20]
 */
import { createHash } from 'node:crypto';
import pkcs11js from 'pkcs11js';
import { openBuiltinCa } from '../ca/builtin-ca.ts';
import { openCaRegistry } from '../ca/ca-registry.ts';
import { issueToken } from './issue.ts';
import { createPkcs11Client } from './pkcs11-client.ts';
import type { KeyType } from './pkcs11-ops.ts';
import { SOFTHSM_MODULE, softHsmStore } from '@dangky/pkcs11/softhsm';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 20;
const CALLS = 200;
const SO_PIN = 'bench-so-pin-1';
const USER_PIN = '48291537';
const LABEL = 'BENCH-TOKEN';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

const caStore = softHsmStore();
const store = softHsmStore();
store.initToken({ label: LABEL, soPin: SO_PIN, pin: USER_PIN });
process.env.SOFTHSM2_CONF = store.conf;
const ca = await openBuiltinCa({ dir: caStore.dir });
const client = createPkcs11Client({ modulePath: SOFTHSM_MODULE, env: store.env });

try {
  const [token] = await client.call('listTokens', {});
  const selector = { labelOrSerial: token!.serial };
  const issuance: Record<KeyType, number[]> = { rsa2048: [], p256: [] };
  let lastKeyId = '';
  for (const keyType of ['rsa2048', 'p256'] as const) {
    for (let i = 0; i < RUNS + 1; i++) {
      const started = performance.now();
      const issued = await issueToken({
        client,
        ca,
        token: selector,
        subject: { fullName: 'Nguyễn Thị Ánh Tuyết', idNumber: '079199012345', province: 'Thành phố Hồ Chí Minh' },
        userPin: USER_PIN,
        soPin: SO_PIN,
        keyType,
      });
      const took = performance.now() - started;
      if (i > 0) issuance[keyType].push(took); // the first run warms the worker and the CA
      lastKeyId = issued.keyId;
    }
  }

  // The bare module in this process, on the same token (the last issuance left a P-256 key on it).
  const lib = new pkcs11js.PKCS11();
  lib.load(SOFTHSM_MODULE);
  lib.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
  const slot = lib.C_GetSlotList(true).find((s) => lib.C_GetTokenInfo(s).serialNumber.trim() === token!.serial)!;
  const raw = {
    listTokens: () => lib.C_GetSlotList(true).map((s) => lib.C_GetTokenInfo(s)),
    sign: (data: Buffer) => {
      const session = lib.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
      try {
        lib.C_Login(session, pkcs11js.CKU_USER, USER_PIN);
        try {
          lib.C_FindObjectsInit(session, [
            { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
            { type: pkcs11js.CKA_ID, value: Buffer.from(lastKeyId, 'hex') },
          ]);
          const [key] = lib.C_FindObjects(session, 1);
          lib.C_FindObjectsFinal(session);
          lib.C_SignInit(session, { mechanism: pkcs11js.CKM_ECDSA }, key!);
          return lib.C_Sign(session, createHash('sha256').update(data).digest(), Buffer.alloc(132));
        } finally {
          lib.C_Logout(session);
        }
      } finally {
        lib.C_CloseSession(session);
      }
    },
  };
  const data = Buffer.from('bench challenge');
  const time = async (fn: () => unknown) => {
    const xs: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      const t = performance.now();
      await fn();
      xs.push(performance.now() - t);
    }
    return xs;
  };
  await time(() => client.call('listTokens', {}));
  const calls = {
    listTokens: { ours: await time(() => client.call('listTokens', {})), raw: await time(() => raw.listTokens()) },
    sign: {
      ours: await time(() => client.call('sign', { token: selector, pin: USER_PIN, keyType: 'p256', id: lastKeyId, data })),
      raw: await time(() => raw.sign(data)),
    },
  };
  lib.C_Finalize();
  lib.close();

  const providers = await openCaRegistry({ caDir: `${caStore.dir}/registry` });
  const viaProvider: number[] = [];
  try {
    await providers.prepare(['vnpt']);
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      await issueToken({
        client,
        ca: providers.caFor('vnpt'),
        token: selector,
        subject: { fullName: 'Nguyễn Thị Ánh Tuyết', idNumber: '079199012345', province: 'Thành phố Hồ Chí Minh' },
        userPin: USER_PIN,
        soPin: SO_PIN,
        keyType: 'rsa2048',
      });
      viaProvider.push(performance.now() - started);
    }
  } finally {
    await providers.close();
  }

  console.log(`issuance end to end on SoftHSM2 (${RUNS} runs each, after one warm-up)`);
  for (const k of ['rsa2048', 'p256'] as const)
    console.log(`  ${k.padEnd(8)} p50 ${ms(pct(issuance[k], 50)).padStart(10)}   p95 ${ms(pct(issuance[k], 95)).padStart(10)}`);
  console.log(`  rsa2048 with the VNPT simulator (profile latency) p50 ${ms(pct(viaProvider, 50))}   p95 ${ms(pct(viaProvider, 95))}`);
  console.log(`per-call overhead (median of ${CALLS}: through the worker − bare pkcs11js in process)`);
  const overhead: Record<string, number> = {};
  for (const [op, { ours, raw: bare }] of Object.entries(calls)) {
    overhead[op] = pct(ours, 50) - pct(bare, 50);
    console.log(
      `  ${op.padEnd(10)} ours p50 ${ms(pct(ours, 50)).padStart(9)}   raw p50 ${ms(pct(bare, 50)).padStart(9)}   overhead ${ms(overhead[op]!).padStart(9)}`,
    );
  }
  console.log(
    JSON.stringify({
      bench: 'token-issuance',
      runs: RUNS,
      rsa2048: { p50: pct(issuance.rsa2048, 50), p95: pct(issuance.rsa2048, 95) },
      p256: { p50: pct(issuance.p256, 50), p95: pct(issuance.p256, 95) },
      overheadMs: overhead,
      rsa2048ViaVnptSim: { p50: pct(viaProvider, 50), p95: pct(viaProvider, 95) },
      targets: { rsa2048P50Ms: 1500, overheadMs: 5 },
    }),
  );
} finally {
  await Promise.all([client.close(), ca.close()]);
  store.dispose();
  caStore.dispose();
}
