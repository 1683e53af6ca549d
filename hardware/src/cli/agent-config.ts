import { parseArgs } from 'node:util';
import { z } from 'zod';
import { parseCaFaultFlag, type CaFault } from '../ca/ca-faults.ts';
import type { OpenTokenSlotOptions } from '../agent/token-setup.ts';

/**
 * What `dangky-hw agent` is asked to run, checked before anything opens: the flags go through
 * `node:util` parseArgs (unknown flags refused), then one schema turns them into an `AgentConfig`
 * — each device as "a real one at this path", "the simulator" or absent — with a message a
 * technician can act on for the first thing wrong. Nothing here opens a file or a port, so every
 * rule is table-tested without devices; `startStation` does the opening.
 */

export type PrinterConfig = ({ kind: 'serial'; path: string } | { kind: 'simulated'; ticketDir: string }) & { codePage?: number };
export type ChipReaderConfig = { kind: 'serial'; path: string } | { kind: 'simulated'; trustSimulatorCsca: boolean };
export type QrScannerConfig = { kind: 'serial'; path: string } | { kind: 'simulated'; injectLink: string };
export type TokenSlotConfig = Omit<OpenTokenSlotOptions, 'stationId'>;
/** The headset jack's sense: a sound card's ALSA "Headphone Jack" control, or the simulator's file. */
export type HeadsetJackConfig = { kind: 'alsa'; card: string } | { kind: 'simulated'; file: string };

export interface AgentConfig {
  port: number;
  stationId: string;
  /** Page origins allowed to connect, exactly as a browser sends them in `Origin`. */
  origins: string[];
  pairingSecretFile: string;
  printer?: PrinterConfig;
  chipReader?: ChipReaderConfig;
  /** CSCA certificates (PEM or DER files) the chip reader trusts, and their CRLs. */
  trustFiles: string[];
  crlFiles: string[];
  qrScanner?: QrScannerConfig;
  tokenSlot?: TokenSlotConfig;
  headsetJack?: HeadsetJackConfig;
  /** Owner-only directory outside the browser profile for the page's row keys and pairing vault. */
  keyStore?: string;
  /** The call board's relay on the site network (src/board/board-relay.ts). */
  board?: BoardConfig;
}

export interface BoardConfig {
  siteId: string;
  keyFile: string;
  /** A display station: where its agent hears the site's counters. */
  listen?: { host: string; port: number };
  /** A counter station: the site's display agents. */
  peers: string[];
}

const flagOptions = {
  port: { type: 'string' },
  station: { type: 'string' },
  origin: { type: 'string', multiple: true },
  'pairing-secret-file': { type: 'string' },
  'key-store': { type: 'string' },
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
  'headset-jack': { type: 'string' },
  'simulate-headset': { type: 'string' },
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
  'board-site': { type: 'string' },
  'board-key-file': { type: 'string' },
  'board-listen': { type: 'string' },
  'board-peer': { type: 'string', multiple: true },
} as const;

/** An integer flag in [min, max]; one message for absent, not a number and out of range. */
const integer = (flag: string, min: number, max: number) => {
  const error = `${flag} must be an integer from ${min} to ${max}`;
  return z.string({ error }).transform(Number).pipe(z.number({ error }).int({ error }).min(min, { error }).max(max, { error }));
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

const origins = z.array(z.string()).transform((given, ctx) => {
  const bad = given.find((o) => asOrigin(o) === undefined);
  if (given.length === 0 || bad !== undefined) {
    const got = bad !== undefined ? ` (got ${bad})` : '';
    ctx.addIssue({ code: 'custom', message: `--origin must be an http(s) origin like http://127.0.0.1:4101${got}` });
    return z.NEVER;
  }
  return given.map((o) => asOrigin(o)!);
});

const caFaults = z.array(z.string()).transform((flags, ctx) => {
  const faults: Record<string, CaFault> = {};
  for (const flag of flags) {
    try {
      const [who, fault] = parseCaFaultFlag(flag);
      faults[who] = fault;
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
      return z.NEVER;
    }
  }
  return faults;
});

const text = z.string().optional();
const texts = z.array(z.string()).default([]);
const flag = z.boolean().default(false);

/** Every flag of `dangky-hw agent`, each checked on its own. */
const agentFlags = z.object({
  port: integer('--port', 0, 65_535),
  station: z
    .string({ error: '--station must be 1–64 letters, digits, . _ -' })
    .regex(/^[\w.-]{1,64}$/, { error: '--station must be 1–64 letters, digits, . _ -' }),
  origin: texts.pipe(origins),
  'pairing-secret-file': z.string({ error: '--pairing-secret-file is required' }).min(1, { error: '--pairing-secret-file is required' }),
  'key-store': z.string().min(1, { error: '--key-store must be a directory path' }).optional(),
  printer: text,
  'code-page': integer('--code-page', 0, 255).optional(),
  'simulate-printer': text,
  nfc: text,
  'simulate-nfc': flag,
  'trust-simulator-csca': flag,
  trust: texts,
  crl: texts,
  'qr-scanner': text,
  'simulate-qr': text,
  'headset-jack': text,
  'simulate-headset': text,
  'token-module': text,
  'simulate-token': text,
  'token-config': text,
  'token-so-pin-file': text,
  'token-secrets-dir': text,
  ca: text,
  'ca-dir': text,
  'ca-fault-file': text,
  'ca-fault': texts.pipe(caFaults),
  'ca-latency': z.enum(['profile', 'none'], { error: '--ca-latency must be profile or none' }).optional(),
  'ca-retry-budget-ms': integer('--ca-retry-budget-ms', 100, 300_000).optional(),
  'board-site': z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{2,63}$/, { error: '--board-site must be a site id' })
    .optional(),
  'board-key-file': text,
  'board-listen': z
    .string()
    .regex(/^[^\s:]+:\d{1,5}$/, { error: '--board-listen must be host:port' })
    .transform((s) => ({ host: s.slice(0, s.lastIndexOf(':')), port: Number(s.slice(s.lastIndexOf(':') + 1)) }))
    .optional(),
  'board-peer': texts.pipe(z.array(z.string().regex(/^https?:\/\/[^/\s]+\/?$/, { error: '--board-peer must be http://host:port' }))),
});
type Flags = z.infer<typeof agentFlags>;

const tokenSources = (v: Flags) => [v['token-module'], v['simulate-token'], v['token-config']].filter(Boolean);

/** Flags that exclude each other, and flags that need others. */
const combinationRules: [(v: Flags) => boolean, string][] = [
  [(v) => Boolean(v.printer && v['simulate-printer']), 'give --printer or --simulate-printer, not both'],
  [(v) => Boolean(v.nfc && v['simulate-nfc']), 'give --nfc or --simulate-nfc, not both'],
  [(v) => Boolean(v['qr-scanner'] && v['simulate-qr']), 'give --qr-scanner or --simulate-qr, not both'],
  [(v) => Boolean(v['headset-jack'] && v['simulate-headset']), 'give --headset-jack or --simulate-headset, not both'],
  [(v) => tokenSources(v).length > 1, 'give one of --token-module, --simulate-token, --token-config'],
  [
    (v) => tokenSources(v).length > 0 && (!(v['token-so-pin-file'] || v['token-secrets-dir']) || v.ca !== 'builtin' || !v['ca-dir']),
    'a token slot needs --token-so-pin-file or --token-secrets-dir, --ca builtin and --ca-dir',
  ],
  [(v) => v['trust-simulator-csca'] && !v['simulate-nfc'], '--trust-simulator-csca needs --simulate-nfc'],
  [
    (v) => Boolean(v['board-listen'] || v['board-peer'].length > 0) !== Boolean(v['board-site'] && v['board-key-file']),
    'the call board relay needs --board-site and --board-key-file with --board-listen or --board-peer',
  ],
];

/** The token slot's options from its flags (the rules above have made them whole). */
function tokenSlotOf(v: Flags): TokenSlotConfig | undefined {
  if (tokenSources(v).length === 0) return undefined;
  const budgetMs = v['ca-retry-budget-ms'];
  return {
    ...(v['token-module'] ? { modulePath: v['token-module'] } : {}),
    ...(v['simulate-token'] ? { simulateDir: v['simulate-token'] } : {}),
    ...(v['token-config'] ? { configPath: v['token-config'] } : {}),
    ...(v['token-so-pin-file'] ? { soPinFile: v['token-so-pin-file'] } : {}),
    ...(v['token-secrets-dir'] ? { secretsDir: v['token-secrets-dir'] } : {}),
    ca: 'builtin',
    caDir: v['ca-dir']!,
    ...(v['ca-fault-file'] ? { caFaultFile: v['ca-fault-file'] } : {}),
    ...(Object.keys(v['ca-fault']).length ? { caFaults: v['ca-fault'] } : {}),
    ...(v['ca-latency'] ? { caLatency: v['ca-latency'] } : {}),
    ...(budgetMs !== undefined ? { caRetry: { budgetMs, attemptTimeoutMs: Math.min(8_000, budgetMs) } } : {}),
  };
}

function configOf(v: Flags): AgentConfig {
  const codePage = v['code-page'] !== undefined ? { codePage: v['code-page'] } : {};
  const printer: PrinterConfig | undefined = v['simulate-printer']
    ? { kind: 'simulated', ticketDir: v['simulate-printer'], ...codePage }
    : v.printer
      ? { kind: 'serial', path: v.printer, ...codePage }
      : undefined;
  const chipReader: ChipReaderConfig | undefined = v['simulate-nfc']
    ? { kind: 'simulated', trustSimulatorCsca: v['trust-simulator-csca'] }
    : v.nfc
      ? { kind: 'serial', path: v.nfc }
      : undefined;
  const qrScanner: QrScannerConfig | undefined = v['simulate-qr']
    ? { kind: 'simulated', injectLink: v['simulate-qr'] }
    : v['qr-scanner']
      ? { kind: 'serial', path: v['qr-scanner'] }
      : undefined;
  const tokenSlot = tokenSlotOf(v);
  const headsetJack: HeadsetJackConfig | undefined = v['simulate-headset']
    ? { kind: 'simulated', file: v['simulate-headset'] }
    : v['headset-jack']
      ? { kind: 'alsa', card: v['headset-jack'] }
      : undefined;
  return {
    port: v.port,
    stationId: v.station,
    origins: v.origin,
    pairingSecretFile: v['pairing-secret-file'],
    ...(printer ? { printer } : {}),
    ...(chipReader ? { chipReader } : {}),
    trustFiles: v.trust,
    crlFiles: v.crl,
    ...(qrScanner ? { qrScanner } : {}),
    ...(tokenSlot ? { tokenSlot } : {}),
    ...(headsetJack ? { headsetJack } : {}),
    ...(v['key-store'] ? { keyStore: v['key-store'] } : {}),
    ...(v['board-site'] && v['board-key-file']
      ? {
          board: {
            siteId: v['board-site'],
            keyFile: v['board-key-file'],
            ...(v['board-listen'] ? { listen: v['board-listen'] } : {}),
            peers: v['board-peer'],
          },
        }
      : {}),
  };
}

/** The flags as parseArgs returns them → the agent's configuration. */
export const agentConfig = agentFlags
  .superRefine((v, ctx) => {
    const broken = combinationRules.find(([breaks]) => breaks(v));
    if (broken) ctx.addIssue({ code: 'custom', message: broken[1] });
  })
  .transform(configOf);

/** `dangky-hw agent`'s arguments → its configuration, or the message for the first thing wrong. */
export function parseAgentArgs(args: string[]): { ok: true; config: AgentConfig } | { ok: false; message: string } {
  let values: unknown;
  try {
    ({ values } = parseArgs({ args, options: flagOptions, strict: true }));
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  const parsed = agentConfig.safeParse(values);
  return parsed.success ? { ok: true, config: parsed.data } : { ok: false, message: parsed.error.issues[0]!.message };
}
