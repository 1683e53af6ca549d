import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AgentDevice } from '../agent/device.ts';
import type { AgentHandlers } from '../agent/server.ts';
import type { PairingVault } from '../keys/pairing-vault.ts';
import type { BoardRelay } from '../board/board-relay.ts';
import type {
  AgentConfig,
  BoardConfig,
  ChipReaderConfig,
  HeadsetJackConfig,
  PrinterConfig,
  QrScannerConfig,
  TokenSlotConfig,
} from './agent-config.ts';

/**
 * Opens one station's devices as its configuration says — each a real one on its serial path or
 * its simulator — and serves them through the agent. One step per device, each adding its device,
 * its request handlers, what the station's ready line tells (paths, the simulated card, the token
 * store) and how to close it. Every module is loaded only when its device is asked for, so a
 * station without a token never loads PKCS#11. If a step fails, whatever is already open is
 * closed again before the error goes up.
 */

export interface Station {
  /** What `dangky-hw agent` prints once it listens: the agent's URL, the devices, their paths. */
  ready: Record<string, unknown>;
  /** Closes the agent, then every device in the reverse order of opening. */
  close: () => Promise<void>;
}

/** What the steps gather. */
interface Parts {
  devices: AgentDevice[];
  handlers: AgentHandlers;
  ready: Record<string, unknown>;
  cleanups: (() => Promise<unknown>)[];
}

async function addPrinter(printer: PrinterConfig, stationId: string, parts: Parts): Promise<void> {
  let path: string;
  if (printer.kind === 'simulated') {
    const { startPrinterSimulator } = await import('../printer/sim.ts');
    const simulator = await startPrinterSimulator({ logFile: join(printer.ticketDir, `${stationId}.jsonl`) });
    parts.cleanups.push(() => simulator.close());
    path = simulator.path;
  } else path = printer.path;
  const { createSerialPrinter } = await import('../printer/serial-printer.ts');
  const { printerHandlers } = await import('../agent/handlers.ts');
  const device = createSerialPrinter({
    id: 'printer',
    path,
    simulated: printer.kind === 'simulated',
    ...(printer.codePage !== undefined ? { codePage: printer.codePage } : {}),
  });
  parts.cleanups.push(() => device.close());
  parts.devices.push(device);
  Object.assign(parts.handlers, printerHandlers(device));
  parts.ready.printer = path;
}

/** The CSCAs a chip's document signer must chain to, and their CRLs (each used for the CSCA that signed it). */
async function readTrust(config: AgentConfig): Promise<{ trust: X509Certificate[]; crls: Uint8Array[] }> {
  const trust = await Promise.all(config.trustFiles.map(async (file) => new X509Certificate(await readFile(file))));
  if (config.crlFiles.length === 0) return { trust, crls: [] };
  const { parseCrl } = await import('../nfc/passive-auth.ts');
  const crls = await Promise.all(config.crlFiles.map(async (file) => parseCrl(await readFile(file))));
  return { trust, crls };
}

async function addChipReader(reader: ChipReaderConfig, config: AgentConfig, parts: Parts): Promise<void> {
  const { trust, crls } = await readTrust(config);
  let path: string;
  if (reader.kind === 'simulated') {
    const { startPtySimulator } = await import('../nfc/sim/pty-sim.ts');
    const simulator = await startPtySimulator();
    parts.cleanups.push(() => simulator.close());
    path = simulator.path;
    // Demo only, and only when asked: the simulator's throwaway CSCA as a trust anchor, so the
    // demo card reads as chip-verified. Without the flag it reads as "not verified".
    if (reader.trustSimulatorCsca && simulator.csca) trust.push(simulator.csca);
    parts.ready.simulatedCard = simulator.card;
  } else path = reader.path;
  const { createChipReader } = await import('../nfc/chip-reader.ts');
  const { nfcHandlers } = await import('../agent/handlers.ts');
  const { displayablePhoto } = await import('../nfc/photo.ts');
  const device = createChipReader({ id: 'nfc', path, simulated: reader.kind === 'simulated', trust, crls, photo: displayablePhoto });
  parts.cleanups.push(() => device.close());
  parts.devices.push(device);
  Object.assign(parts.handlers, nfcHandlers(device));
  parts.ready.nfc = path;
}

async function addQrScanner(scanner: QrScannerConfig, parts: Parts): Promise<void> {
  let path: string;
  if (scanner.kind === 'simulated') {
    const { startQrScannerSimulator } = await import('../qr/sim.ts');
    const simulator = await startQrScannerSimulator({ injectLinkPath: scanner.injectLink });
    parts.cleanups.push(() => simulator.close());
    path = simulator.path;
  } else path = scanner.path;
  const { createQrScanner } = await import('../qr/scanner.ts');
  const device = createQrScanner({ id: 'qr', path, simulated: scanner.kind === 'simulated' });
  parts.cleanups.push(() => device.close());
  parts.devices.push(device);
  parts.ready.qrScanner = path;
  if (scanner.kind === 'simulated') parts.ready.qrInject = scanner.injectLink;
}

async function addHeadsetJack(jackConfig: HeadsetJackConfig, parts: Parts): Promise<void> {
  const { amixerJack, createHeadsetJack, simulatedJack } = await import('../headset/jack.ts');
  const simulated = jackConfig.kind === 'simulated';
  const read = simulated ? simulatedJack(jackConfig.file) : amixerJack(jackConfig.card);
  const device = createHeadsetJack({ id: 'headset', read, simulated });
  parts.cleanups.push(() => device.close());
  parts.devices.push(device);
  parts.ready.headsetJack = simulated ? jackConfig.file : `alsa card ${jackConfig.card}`;
}

async function addTokenSlot(slotConfig: TokenSlotConfig, stationId: string, parts: Parts): Promise<void> {
  const { openTokenSlot } = await import('../agent/token-setup.ts');
  const { tokenHandlers } = await import('../agent/handlers.ts');
  const slot = await openTokenSlot({ stationId, ...slotConfig });
  parts.cleanups.push(() => slot.close());
  parts.devices.push(slot.device);
  Object.assign(parts.handlers, tokenHandlers(slot.device));
  Object.assign(parts.ready, {
    ...(slot.tokenStore ? { tokenStore: slot.tokenStore } : {}),
    tokenModules: slot.modules.map((m) => ({ id: m.id, path: m.path })),
    ...(slot.notInstalled.length ? { tokenModulesNotInstalled: slot.notInstalled.map((m) => m.id) } : {}),
    caProviders: slot.cas.ids,
    ...(slotConfig.caFaultFile ? { caFaultFile: slotConfig.caFaultFile } : {}),
  });
}

/** The page's row keys and the key sealing its pairing secret, kept outside the browser profile. */
async function addKeyStore(dir: string, stationId: string, parts: Parts): Promise<PairingVault> {
  const { openKeyStore } = await import('../keys/key-store.ts');
  const { keyHandlers } = await import('../agent/handlers.ts');
  const store = await openKeyStore(dir, stationId);
  parts.cleanups.push(() => store.close());
  Object.assign(parts.handlers, keyHandlers(store.rows));
  parts.ready.keyStore = dir;
  return store.vault;
}

/** The call board's relay on the site network: a display station listens, a counter station posts. */
async function addBoardRelay(board: BoardConfig, parts: Parts): Promise<BoardRelay> {
  const { startBoardRelay } = await import('../board/board-relay.ts');
  const key = Buffer.from((await readFile(board.keyFile, 'utf8')).trim(), 'base64url');
  const relay = await startBoardRelay({ siteId: board.siteId, key, peers: board.peers, ...(board.listen ? { listen: board.listen } : {}) });
  parts.cleanups.push(() => relay.close());
  Object.assign(parts.handlers, relay.handlers);
  if (relay.url) parts.ready.boardListen = relay.url;
  return relay;
}

async function closeAll(parts: Parts, onError: (error: unknown) => void): Promise<void> {
  for (const cleanup of parts.cleanups.splice(0).reverse()) await cleanup().catch(onError);
}

/**
 * Opens the station and starts its agent. `onCloseError` hears what went wrong while closing a
 * device (the rest still close).
 */
export async function startStation(
  config: AgentConfig,
  pairingSecret: string,
  onCloseError: (error: unknown) => void = () => undefined,
): Promise<Station> {
  const parts: Parts = { devices: [], handlers: {}, ready: {}, cleanups: [] };
  try {
    if (config.printer) await addPrinter(config.printer, config.stationId, parts);
    if (config.chipReader) await addChipReader(config.chipReader, config, parts);
    if (config.qrScanner) await addQrScanner(config.qrScanner, parts);
    if (config.headsetJack) await addHeadsetJack(config.headsetJack, parts);
    if (config.tokenSlot) await addTokenSlot(config.tokenSlot, config.stationId, parts);
    const vault = config.keyStore ? await addKeyStore(config.keyStore, config.stationId, parts) : undefined;
    const notifiers = config.board ? [await addBoardRelay(config.board, parts)] : [];
    const { startAgent } = await import('../agent/server.ts');
    const { tokenIssueDeadlines } = await import('@dangky/core/agent');
    const agent = await startAgent({
      port: config.port,
      stationId: config.stationId,
      origins: config.origins,
      pairingSecret,
      ...(vault ? { vault } : {}),
      devices: parts.devices,
      handlers: parts.handlers,
      notifiers,
      // An issuance waits for key generation on the token and the provider's CA; a revocation
      // for the CA (three calls with retries).
      requestTimeoutsMs: {
        'token.issue': tokenIssueDeadlines.totalMs,
        'token.issuance': tokenIssueDeadlines.totalMs,
        'token.revoke': 90_000,
      },
    });
    parts.cleanups.push(() => agent.close());
    return {
      ready: {
        agent: agent.url,
        station: config.stationId,
        devices: parts.devices.map((d) => ({ id: d.id, kind: d.kind })),
        ...parts.ready,
      },
      close: () => closeAll(parts, onCloseError),
    };
  } catch (error) {
    await closeAll(parts, onCloseError);
    throw error;
  }
}
