/**
 * The hand-off ticket: how big the sealed registration's QR is on thermal paper, and how long
 * sealing (kiosk) and opening (counter) take. For three registrations (short e-ID, typical chip
 * read, near the longest fields) it prints the plaintext and sealed sizes, the Base45 characters,
 * the QR version at level M (what the printer prints), and the printed width at the module size
 * the kiosk picks for 58 mm paper; then seal/open p50/p95 over 200 runs, and one JSON line.
 *
 *   npx tsx tests/bench/handoff-ticket.ts
 */
import {
  generateSiteKey,
  importSitePrivateKey,
  openRegistration,
  qrModules,
  qrVersionAtM,
  sealRegistration,
  ticketModuleDots,
  toTicketContent,
} from '@dangky/core/handoff';
import { longHandoff, shortHandoff, typicalHandoff } from '@dangky/core/testing';

const DOTS_PER_MM = 8; // 203 dpi
const key = await generateSiteKey();
const keys = [{ kid: key.kid, privateKey: await importSitePrivateKey(key) }];
const now = new Date('2026-12-05T12:00:00+07:00');

const sizes = [];
for (const [name, reg] of [
  ['short', shortHandoff],
  ['typical', typicalHandoff],
  ['long', longHandoff],
] as const) {
  const text = await sealRegistration(reg, key);
  const version = qrVersionAtM(text)!;
  const dots = ticketModuleDots(version, 384);
  const widthMm = ((qrModules(version) + 8) * dots) / DOTS_PER_MM;
  const json = new TextEncoder().encode(JSON.stringify(toTicketContent(reg))).length;
  sizes.push({ name, jsonBytes: json, chars: text.length, version, moduleDots: dots, widthMm });
  console.log(
    `${name.padEnd(8)} content ${json} B JSON → QR text ${text.length} chars (Base45) → version ${version}-M, ${qrModules(version)} modules, ${dots} dots/module → ${widthMm.toFixed(1)} mm wide on 58 mm paper`,
  );
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const sealMs: number[] = [];
const openMs: number[] = [];
for (let i = 0; i < 200; i++) {
  let t = performance.now();
  const text = await sealRegistration(typicalHandoff, key);
  sealMs.push(performance.now() - t);
  t = performance.now();
  await openRegistration(text, { siteId: typicalHandoff.draft.siteId, keys, now });
  openMs.push(performance.now() - t);
}
const round = (x: number) => Math.round(x * 100) / 100;
console.log(
  `seal p50 ${round(quantile(sealMs, 0.5))} ms p95 ${round(quantile(sealMs, 0.95))} ms; open p50 ${round(quantile(openMs, 0.5))} ms p95 ${round(quantile(openMs, 0.95))} ms`,
);
console.log(
  JSON.stringify({
    bench: 'handoff-ticket',
    sizes,
    sealP50Ms: round(quantile(sealMs, 0.5)),
    openP50Ms: round(quantile(openMs, 0.5)),
  }),
);
