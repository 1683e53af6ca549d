import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { errorCodeOf } from '@dangky/core/errors';
import type { AgentDevice } from '../agent/device.ts';
import type { CaFault } from '../ca/ca-faults.ts';
import type { AgentHandlers } from '../agent/server.ts';
import type { CliGroup } from './main.ts';
import { untilStopped } from './signals.ts';

/**
 * `dangky-hw agent --port P --station ID --origin URL… --pairing-secret-file F [--printer <serial
 * path> | --simulate-printer <dir>]` runs the hardware agent until SIGINT/SIGTERM. It prints one
 * JSON line, `{"agent":"ws://127.0.0.1:P","station":ID,…}`, once it listens. With
 * `--simulate-printer` the printer is the socat simulator, whose tickets go to `<dir>/<ID>.jsonl`.
 * `--qr-scanner <serial path>` serves a serial QR scanner; `--simulate-qr <link>` a simulated one,
 * which scans every line written to `<link>` (e.g. `printf '%s\r\n' "$PAYLOAD" > <link>`).
 * `--token-module <path> --token-so-pin-file <file> --ca builtin --ca-dir <dir>` serves a signing-token
 * slot (SO PIN from the site's secret store, never from the page); `--simulate-token <dir>` makes it a
 * SoftHSM2 store under `<dir>/<ID>/` with one blank "DEMO-TOKEN" (the demo's USB token);
 * `--token-config <file>` loads every installed module of the site's token configuration (one entry
 * per vendor/model), with `--token-secrets-dir <dir>` holding each model's SO PIN file. The counter's
 * `providerId` picks the CA: `builtin` or a provider simulator (vnpt, viettel, misa, bkav, fpt).
 * `--ca-fault-file <file>` is a JSON fault file the CAs re-read on every request (e.g.
 * `{"vnpt":"unreachable"}`: "CA down"; see hardware/src/ca/ca-faults.ts); `--ca-fault vnpt:timeout`
 * sets one at start; `--ca-latency none` drops the simulated latency; `--ca-retry-budget-ms` bounds
 * one CA request with its retries (default 20,000).
 * Exit 0 after a clean stop, 2 for unusable options or a port that cannot be bound.
 */

const usage =
  'usage: dangky-hw agent --port <port> --station <station-id> --origin <url> [--origin <url>]... --pairing-secret-file <file>\n' +
  '                       [--printer <serial-path> [--code-page <ESC t n>] | --simulate-printer <dir>]\n' +
  '                       [--nfc <serial-path> | --simulate-nfc [--trust-simulator-csca]] [--trust <csca.pem>]... [--crl <crl.pem|der>]...\n' +
  '                       [--qr-scanner <serial-path> | --simulate-qr <inject-link-path>]\n' +
  '                       [--token-module <pkcs11.so> | --simulate-token <dir> | --token-config <file>]\n' +
  '                       (--token-so-pin-file <file> | --token-secrets-dir <dir>) --ca builtin --ca-dir <dir>\n' +
  '                       [--ca-fault-file <file>] [--ca-fault <provider|*>:<mode>[:<failures>]]... [--ca-latency profile|none] [--ca-retry-budget-ms <ms>]';

const usageError = (io: Parameters<CliGroup>[1], message: string) => {
  io.err(`dangky-hw agent: ${message}`);
  io.err(usage);
  return 2;
};

/** `http(s)://host[:port]` exactly as a browser sends it in `Origin`. */
const asOrigin = (text: string): string | undefined => {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === text.replace(/\/$/, '') ? url.origin : undefined;
  } catch {
    return undefined;
  }
};

export const run: CliGroup = async (args, io) => {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        port: { type: 'string' },
        station: { type: 'string' },
        origin: { type: 'string', multiple: true },
        'pairing-secret-file': { type: 'string' },
        printer: { type: 'string' },
        'code-page': { type: 'string' },
        'simulate-printer': { type: 'string' },
        nfc: { type: 'string' },
        'simulate-nfc': { type: 'boolean' },
        'trust-simulator-csca': { type: 'boolean' },
        trust: { type: 'string', multiple: true },
        crl: { type: 'string', multiple: true },
        'qr-scanner': { type: 'string' },
        'simulate-qr': { type: 'string' },
        'token-module': { type: 'string' },
        'simulate-token': { type: 'string' },
        'token-config': { type: 'string' },
        'token-so-pin-file': { type: 'string' },
        'token-secrets-dir': { type: 'string' },
        ca: { type: 'string' },
        'ca-dir': { type: 'string' },
        'ca-fault-file': { type: 'string' },
        'ca-fault': { type: 'string', multiple: true },
        'ca-latency': { type: 'string' },
        'ca-retry-budget-ms': { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    return usageError(io, error instanceof Error ? error.message : String(error));
  }
  const port = Number(values.port);
  if (values.port === undefined || !Number.isInteger(port) || port < 0 || port > 65_535)
    return usageError(io, '--port must be an integer from 0 to 65535');
  const stationId = values.station;
  if (!stationId || !/^[\w.-]{1,64}$/.test(stationId)) return usageError(io, '--station must be 1–64 letters, digits, . _ -');
  const origins = (values.origin ?? []).map((o) => [o, asOrigin(o)] as const);
  const badOrigin = origins.find(([, origin]) => origin === undefined);
  if (origins.length === 0 || badOrigin)
    return usageError(io, `--origin must be an http(s) origin like http://127.0.0.1:4101${badOrigin ? ` (got ${badOrigin[0]})` : ''}`);
  if (!values['pairing-secret-file']) return usageError(io, '--pairing-secret-file is required');
  if (values.printer && values['simulate-printer']) return usageError(io, 'give --printer or --simulate-printer, not both');
  if (values.nfc && values['simulate-nfc']) return usageError(io, 'give --nfc or --simulate-nfc, not both');
  if (values['qr-scanner'] && values['simulate-qr']) return usageError(io, 'give --qr-scanner or --simulate-qr, not both');
  const wantsToken = Boolean(values['token-module'] || values['simulate-token'] || values['token-config']);
  if ([values['token-module'], values['simulate-token'], values['token-config']].filter(Boolean).length > 1)
    return usageError(io, 'give one of --token-module, --simulate-token, --token-config');
  if (wantsToken && (!(values['token-so-pin-file'] || values['token-secrets-dir']) || values.ca !== 'builtin' || !values['ca-dir']))
    return usageError(io, 'a token slot needs --token-so-pin-file or --token-secrets-dir, --ca builtin and --ca-dir');
  if (values['ca-latency'] !== undefined && values['ca-latency'] !== 'profile' && values['ca-latency'] !== 'none')
    return usageError(io, '--ca-latency must be profile or none');
  const caBudget = values['ca-retry-budget-ms'] === undefined ? undefined : Number(values['ca-retry-budget-ms']);
  if (caBudget !== undefined && (!Number.isInteger(caBudget) || caBudget < 100 || caBudget > 300_000))
    return usageError(io, '--ca-retry-budget-ms must be an integer from 100 to 300000');
  const caFaults: Record<string, CaFault> = {};
  if (values['ca-fault']?.length) {
    const { parseCaFaultFlag } = await import('../ca/ca-faults.ts');
    try {
      for (const flag of values['ca-fault']) {
        const [who, fault] = parseCaFaultFlag(flag);
        caFaults[who] = fault;
      }
    } catch (error) {
      return usageError(io, error instanceof Error ? error.message : String(error));
    }
  }
  if (values['trust-simulator-csca'] && !values['simulate-nfc']) return usageError(io, '--trust-simulator-csca needs --simulate-nfc');
  const codePage = values['code-page'] === undefined ? undefined : Number(values['code-page']);
  if (codePage !== undefined && (!Number.isInteger(codePage) || codePage < 0 || codePage > 255))
    return usageError(io, '--code-page must be an integer from 0 to 255');

  const { readPairingSecret } = await import('../agent/pairing.ts');
  let pairingSecret: string;
  try {
    pairingSecret = await readPairingSecret(values['pairing-secret-file']);
  } catch (error) {
    return usageError(io, error instanceof Error ? error.message : String(error));
  }

  const cleanups: (() => Promise<unknown>)[] = [];
  const closeAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse())
      await cleanup().catch((error: unknown) => io.err(`dangky-hw agent: while stopping: ${String(error)}`));
  };
  try {
    const devices: AgentDevice[] = [];
    let handlers: AgentHandlers = {};
    let printerPath: string | undefined = values.printer;
    if (values['simulate-printer']) {
      const { startPrinterSimulator } = await import('../printer/sim.ts');
      const simulator = await startPrinterSimulator({ logFile: join(values['simulate-printer'], `${stationId}.jsonl`) });
      cleanups.push(() => simulator.close());
      printerPath = simulator.path;
    }
    if (printerPath) {
      const { createSerialPrinter } = await import('../printer/serial-printer.ts');
      const { printerHandlers } = await import('../agent/handlers.ts');
      const printer = createSerialPrinter({
        id: 'printer',
        path: printerPath,
        simulated: Boolean(values['simulate-printer']),
        ...(codePage !== undefined ? { codePage } : {}),
      });
      cleanups.push(() => printer.close());
      devices.push(printer);
      handlers = { ...handlers, ...printerHandlers(printer) };
    }
    let nfcPath: string | undefined = values.nfc;
    let simulatedCard: { idNumber: string; fullName: string } | undefined;
    const trust: X509Certificate[] = [];
    for (const file of values.trust ?? []) trust.push(new X509Certificate(await readFile(file)));
    // CRLs of the CSCAs: each is used for the CSCA that issued and signed it (passive-auth.ts).
    const crls: Uint8Array[] = [];
    if (values.crl?.length) {
      const { parseCrl } = await import('../nfc/passive-auth.ts');
      for (const file of values.crl) crls.push(parseCrl(await readFile(file)));
    }
    if (values['simulate-nfc']) {
      const { startPtySimulator } = await import('../nfc/sim/pty-sim.ts');
      const simulator = await startPtySimulator();
      cleanups.push(() => simulator.close());
      nfcPath = simulator.path;
      // Demo only, and only when asked: the simulator's throwaway CSCA as a trust anchor, so the
      // demo card reads as chip-verified. Without the flag it reads as "not verified".
      if (values['trust-simulator-csca'] && simulator.csca) trust.push(simulator.csca);
      simulatedCard = simulator.card;
    }
    if (nfcPath) {
      const { createChipReader } = await import('../nfc/chip-reader.ts');
      const { nfcHandlers } = await import('../agent/handlers.ts');
      const { displayablePhoto } = await import('../nfc/photo.ts');
      const reader = createChipReader({
        id: 'nfc',
        path: nfcPath,
        simulated: Boolean(values['simulate-nfc']),
        trust,
        crls,
        photo: displayablePhoto,
      });
      cleanups.push(() => reader.close());
      devices.push(reader);
      handlers = { ...handlers, ...nfcHandlers(reader) };
    }
    let qrPath: string | undefined = values['qr-scanner'];
    if (values['simulate-qr']) {
      const { startQrScannerSimulator } = await import('../qr/sim.ts');
      const simulator = await startQrScannerSimulator({ injectLinkPath: values['simulate-qr'] });
      cleanups.push(() => simulator.close());
      qrPath = simulator.path;
    }
    if (qrPath) {
      const { createQrScanner } = await import('../qr/scanner.ts');
      const scanner = createQrScanner({ id: 'qr', path: qrPath, simulated: Boolean(values['simulate-qr']) });
      cleanups.push(() => scanner.close());
      devices.push(scanner);
    }
    let tokenStore: string | undefined;
    let tokenInfo: Record<string, unknown> = {};
    if (wantsToken) {
      const { openTokenSlot } = await import('../agent/token-setup.ts');
      const { tokenHandlers } = await import('../agent/handlers.ts');
      const slot = await openTokenSlot({
        stationId,
        ...(values['token-module'] ? { modulePath: values['token-module'] } : {}),
        ...(values['simulate-token'] ? { simulateDir: values['simulate-token'] } : {}),
        ...(values['token-config'] ? { configPath: values['token-config'] } : {}),
        ...(values['token-so-pin-file'] ? { soPinFile: values['token-so-pin-file'] } : {}),
        ...(values['token-secrets-dir'] ? { secretsDir: values['token-secrets-dir'] } : {}),
        ca: 'builtin',
        caDir: values['ca-dir']!,
        ...(values['ca-fault-file'] ? { caFaultFile: values['ca-fault-file'] } : {}),
        ...(Object.keys(caFaults).length ? { caFaults } : {}),
        ...(values['ca-latency'] ? { caLatency: values['ca-latency'] as 'profile' | 'none' } : {}),
        ...(caBudget !== undefined ? { caRetry: { budgetMs: caBudget, attemptTimeoutMs: Math.min(8_000, caBudget) } } : {}),
      });
      cleanups.push(() => slot.close());
      devices.push(slot.device);
      handlers = { ...handlers, ...tokenHandlers(slot.device) };
      tokenStore = slot.tokenStore;
      tokenInfo = {
        tokenModules: slot.modules.map((m) => ({ id: m.id, path: m.path })),
        ...(slot.notInstalled.length ? { tokenModulesNotInstalled: slot.notInstalled.map((m) => m.id) } : {}),
        caProviders: slot.cas.ids,
        ...(values['ca-fault-file'] ? { caFaultFile: values['ca-fault-file'] } : {}),
      };
    }
    const { startAgent } = await import('../agent/server.ts');
    const { tokenIssueDeadlines } = await import('@dangky/core/agent');
    // An issuance waits for key generation on the token and the provider's CA; a revocation for the CA (three calls with retries).
    const requestTimeoutsMs = { 'token.issue': tokenIssueDeadlines.totalMs, 'token.revoke': 90_000 };
    const agent = await startAgent({
      port,
      stationId,
      origins: origins.map(([, origin]) => origin as string),
      pairingSecret,
      devices,
      handlers,
      requestTimeoutsMs,
    });
    cleanups.push(() => agent.close());
    await untilStopped(() =>
      io.out(
        JSON.stringify({
          agent: agent.url,
          station: stationId,
          devices: devices.map((d) => ({ id: d.id, kind: d.kind })),
          ...(printerPath ? { printer: printerPath } : {}),
          ...(nfcPath ? { nfc: nfcPath } : {}),
          ...(qrPath ? { qrScanner: qrPath, ...(values['simulate-qr'] ? { qrInject: values['simulate-qr'] } : {}) } : {}),
          ...(simulatedCard ? { simulatedCard } : {}),
          ...(tokenStore ? { tokenStore } : {}),
          ...tokenInfo,
        }),
      ),
    );
    await closeAll();
    return 0;
  } catch (error) {
    await closeAll();
    io.err(JSON.stringify({ error: { code: errorCodeOf(error), message: error instanceof Error ? error.message : String(error) } }));
    return 2;
  }
};
