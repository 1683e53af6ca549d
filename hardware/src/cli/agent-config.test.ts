import { describe, expect, it } from 'vitest';
import { parseAgentArgs, type AgentConfig } from './agent-config.ts';

/** `dangky-hw agent`'s flags → its configuration, and the message for each flag or combination refused. */

const base = ['--port', '4120', '--station', 'kiosk-1', '--origin', 'http://127.0.0.1:4101', '--pairing-secret-file', '/run/agent.secret'];
const token = ['--simulate-token', '/var/tokens', '--token-so-pin-file', '/run/so.pin', '--ca', 'builtin', '--ca-dir', '/var/ca'];
const core: AgentConfig = {
  port: 4120,
  stationId: 'kiosk-1',
  origins: ['http://127.0.0.1:4101'],
  pairingSecretFile: '/run/agent.secret',
  trustFiles: [],
  crlFiles: [],
};

describe('parseAgentArgs', () => {
  it.each<[string, string[], Partial<AgentConfig>]>([
    ['no device at all', [], {}],
    [
      'two origins, a trailing slash dropped',
      ['--origin', 'https://counter.example/'],
      { origins: ['http://127.0.0.1:4101', 'https://counter.example'] },
    ],
    [
      'a serial printer with its code page',
      ['--printer', '/dev/ttyUSB0', '--code-page', '27'],
      { printer: { kind: 'serial', path: '/dev/ttyUSB0', codePage: 27 } },
    ],
    ['the printer simulator', ['--simulate-printer', '/tmp/tickets'], { printer: { kind: 'simulated', ticketDir: '/tmp/tickets' } }],
    [
      "a call display's board relay, listening on the site network",
      ['--board-site', 'hcm-ben-thanh', '--board-key-file', '/run/board.key', '--board-listen', '0.0.0.0:4120'],
      { board: { siteId: 'hcm-ben-thanh', keyFile: '/run/board.key', listen: { host: '0.0.0.0', port: 4120 }, peers: [] } },
    ],
    [
      "a counter's board relay, posting to two displays",
      [
        '--board-site',
        'hcm-ben-thanh',
        '--board-key-file',
        '/run/board.key',
        '--board-peer',
        'http://10.0.0.5:4120',
        '--board-peer',
        'http://10.0.0.6:4120',
      ],
      { board: { siteId: 'hcm-ben-thanh', keyFile: '/run/board.key', peers: ['http://10.0.0.5:4120', 'http://10.0.0.6:4120'] } },
    ],
    [
      'a serial chip reader with CSCAs and a CRL',
      ['--nfc', '/dev/ttyACM0', '--trust', 'a.pem', '--trust', 'b.pem', '--crl', 'c.crl'],
      {
        chipReader: { kind: 'serial', path: '/dev/ttyACM0' },
        trustFiles: ['a.pem', 'b.pem'],
        crlFiles: ['c.crl'],
      },
    ],
    [
      'the chip simulator trusted (demo)',
      ['--simulate-nfc', '--trust-simulator-csca'],
      { chipReader: { kind: 'simulated', trustSimulatorCsca: true } },
    ],
    ['the chip simulator untrusted', ['--simulate-nfc'], { chipReader: { kind: 'simulated', trustSimulatorCsca: false } }],
    ['a serial QR scanner', ['--qr-scanner', '/dev/ttyACM1'], { qrScanner: { kind: 'serial', path: '/dev/ttyACM1' } }],
    ['the QR simulator', ['--simulate-qr', '/tmp/qr-in'], { qrScanner: { kind: 'simulated', injectLink: '/tmp/qr-in' } }],
    ['a headset jack on ALSA card 0', ['--headset-jack', '0'], { headsetJack: { kind: 'alsa', card: '0' } }],
    ['the headset jack simulator', ['--simulate-headset', '/tmp/headset'], { headsetJack: { kind: 'simulated', file: '/tmp/headset' } }],
    ['a key store outside the browser profile', ['--key-store', '/var/lib/dangky/keys'], { keyStore: '/var/lib/dangky/keys' }],
    [
      'a simulated token with the built-in CA',
      token,
      {
        tokenSlot: { simulateDir: '/var/tokens', soPinFile: '/run/so.pin', ca: 'builtin', caDir: '/var/ca' },
      },
    ],
    [
      'the site token configuration, CA faults, latency and budget',
      [
        '--token-config',
        'tokens.json',
        '--token-secrets-dir',
        '/run/so',
        '--ca',
        'builtin',
        '--ca-dir',
        '/var/ca',
        '--ca-fault-file',
        'faults.json',
        '--ca-fault',
        'vnpt:unreachable',
        '--ca-fault',
        'viettel:server-error:1',
        '--ca-latency',
        'none',
        '--ca-retry-budget-ms',
        '5000',
      ],
      {
        tokenSlot: {
          configPath: 'tokens.json',
          secretsDir: '/run/so',
          ca: 'builtin',
          caDir: '/var/ca',
          caFaultFile: 'faults.json',
          caFaults: { vnpt: { mode: 'unreachable' }, viettel: { mode: 'server-error', failures: 1 } },
          caLatency: 'none',
          caRetry: { budgetMs: 5000, attemptTimeoutMs: 5000 },
        },
      },
    ],
    [
      'a long budget keeps 8 s per attempt',
      [...token, '--ca-retry-budget-ms', '60000'],
      {
        tokenSlot: {
          simulateDir: '/var/tokens',
          soPinFile: '/run/so.pin',
          ca: 'builtin',
          caDir: '/var/ca',
          caRetry: { budgetMs: 60_000, attemptTimeoutMs: 8_000 },
        },
      },
    ],
  ])('accepts %s', (_, extra, expected) => {
    expect(parseAgentArgs([...base, ...extra])).toEqual({ ok: true, config: { ...core, ...expected } });
  });

  const without = (flag: string) => {
    const i = base.indexOf(flag);
    return [...base.slice(0, i), ...base.slice(i + 2)];
  };
  it.each<[string, string[], RegExp]>([
    ['an unknown flag', [...base, '--printr', 'x'], /Unknown option '--printr'/],
    ['a flag without its value', [...base, '--printer'], /argument missing/],
    ['no port', without('--port'), /^--port must be an integer from 0 to 65535$/],
    ['a port out of range', [...without('--port'), '--port', '65536'], /^--port must be/],
    ['a port that is not a number', [...without('--port'), '--port', 'http'], /^--port must be/],
    ['no station', without('--station'), /^--station must be/],
    ['a station with a space', [...without('--station'), '--station', 'kiosk 1'], /^--station must be/],
    ['no origin', without('--origin'), /^--origin must be an http\(s\) origin/],
    ['an origin without a scheme', [...without('--origin'), '--origin', 'kiosk.example'], /\(got kiosk\.example\)$/],
    ['an origin with a path', [...base, '--origin', 'http://kiosk.example/app'], /\(got http:\/\/kiosk\.example\/app\)$/],
    ['no pairing secret file', without('--pairing-secret-file'), /^--pairing-secret-file is required$/],
    [
      'a board relay without its key',
      [...base, '--board-site', 'hcm-ben-thanh', '--board-listen', '0.0.0.0:4120'],
      /^the call board relay needs/,
    ],
    ['a board key without where to', [...base, '--board-site', 'hcm-ben-thanh', '--board-key-file', '/k'], /^the call board relay needs/],
    ['a board peer that is not a URL', [...base, '--board-peer', '10.0.0.5:4120'], /^--board-peer must be/],
    ['a code page over 255', [...base, '--printer', '/dev/ttyUSB0', '--code-page', '256'], /^--code-page must be/],
    [
      'a printer and its simulator',
      [...base, '--printer', '/dev/ttyUSB0', '--simulate-printer', '/tmp'],
      /^give --printer or --simulate-printer, not both$/,
    ],
    ['a chip reader and its simulator', [...base, '--nfc', '/dev/ttyACM0', '--simulate-nfc'], /^give --nfc or --simulate-nfc, not both$/],
    [
      'a QR scanner and its simulator',
      [...base, '--qr-scanner', '/dev/x', '--simulate-qr', '/tmp/q'],
      /^give --qr-scanner or --simulate-qr, not both$/,
    ],
    [
      'a headset jack and its simulator',
      [...base, '--headset-jack', '0', '--simulate-headset', '/tmp/h'],
      /^give --headset-jack or --simulate-headset, not both$/,
    ],
    ['two token sources', [...base, ...token, '--token-module', '/lib/p11.so'], /^give one of --token-module/],
    ['a token without its SO PIN', [...base, '--simulate-token', '/t', '--ca', 'builtin', '--ca-dir', '/c'], /^a token slot needs/],
    [
      'a token with another CA',
      [...base, '--simulate-token', '/t', '--token-so-pin-file', '/p', '--ca', 'vnpt', '--ca-dir', '/c'],
      /^a token slot needs/,
    ],
    [
      'a token without a CA directory',
      [...base, '--simulate-token', '/t', '--token-so-pin-file', '/p', '--ca', 'builtin'],
      /^a token slot needs/,
    ],
    ['an empty key store path', [...base, '--key-store', ''], /^--key-store must be a directory path$/],
    ['trusting the simulator without it', [...base, '--trust-simulator-csca'], /^--trust-simulator-csca needs --simulate-nfc$/],
    ['an unknown CA fault', [...base, ...token, '--ca-fault', 'vnpt:down'], /^--ca-fault must be/],
    ['an unknown CA latency', [...base, ...token, '--ca-latency', 'slow'], /^--ca-latency must be profile or none$/],
    [
      'a CA budget under 100 ms',
      [...base, ...token, '--ca-retry-budget-ms', '5'],
      /^--ca-retry-budget-ms must be an integer from 100 to 300000$/,
    ],
  ])('refuses %s', (_, args, message) => {
    const parsed = parseAgentArgs(args);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });
});
