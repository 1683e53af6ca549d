import { errorCodeOf } from '@dangky/core/errors';
import { parseAgentArgs } from './agent-config.ts';
import type { CliGroup, CliIo } from './main.ts';
import { untilStopped } from './signals.ts';
import { startStation } from './start-station.ts';

/**
 * `dangky-hw agent --port P --station ID --origin URL… --pairing-secret-file F [--printer <serial
 * path> | --simulate-printer <dir>]` runs the hardware agent until SIGINT/SIGTERM. It prints one
 * JSON line, `{"agent":"ws://127.0.0.1:P","station":ID,…}`, once it listens. With
 * `--simulate-printer` the printer is the socat simulator, whose tickets go to `<dir>/<ID>.jsonl`.
 * `--qr-scanner <serial path>` serves a serial QR scanner; `--simulate-qr <link>` a simulated one,
 * which scans every line written to `<link>` (e.g. `printf '%s\r\n' "$PAYLOAD" > <link>`).
 * `--headset-jack <card>` reports the headset jack of ALSA card `<card>` (its "Headphone Jack"
 * control, read with amixer); `--simulate-headset <file>` reads `plugged` / `unplugged` from `<file>`.
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
 * `--key-store <dir>` keeps the page's row keys and the key that seals its pairing secret in that
 * owner-only directory (outside the browser profile; refused when others can read it): a station
 * whose page stores personal data needs it (hardware/src/keys/).
 * Exit 0 after a clean stop, 2 for unusable options or a port that cannot be bound.
 */

const usage =
  'usage: dangky-hw agent --port <port> --station <station-id> --origin <url> [--origin <url>]... --pairing-secret-file <file>\n' +
  '                       [--printer <serial-path> [--code-page <ESC t n>] | --simulate-printer <dir>]\n' +
  '                       [--nfc <serial-path> | --simulate-nfc [--trust-simulator-csca]] [--trust <csca.pem>]... [--crl <crl.pem|der>]...\n' +
  '                       [--qr-scanner <serial-path> | --simulate-qr <inject-link-path>]\n' +
  '                       [--headset-jack <alsa-card> | --simulate-headset <file>]\n' +
  '                       [--token-module <pkcs11.so> | --simulate-token <dir> | --token-config <file>]\n' +
  '                       (--token-so-pin-file <file> | --token-secrets-dir <dir>) --ca builtin --ca-dir <dir>\n' +
  '                       [--key-store <dir>]\n' +
  '                       [--ca-fault-file <file>] [--ca-fault <provider|*>:<mode>[:<failures>]]... [--ca-latency profile|none] [--ca-retry-budget-ms <ms>]';

const usageError = (io: CliIo, message: string) => {
  io.err(`dangky-hw agent: ${message}`);
  io.err(usage);
  return 2;
};

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export const run: CliGroup = async (args, io) => {
  const parsed = parseAgentArgs(args);
  if (!parsed.ok) return usageError(io, parsed.message);
  const { readPairingSecret } = await import('../agent/pairing.ts');
  let pairingSecret: string;
  try {
    pairingSecret = await readPairingSecret(parsed.config.pairingSecretFile);
  } catch (error) {
    return usageError(io, messageOf(error));
  }
  try {
    const station = await startStation(parsed.config, pairingSecret, (error) =>
      io.err(`dangky-hw agent: while stopping: ${String(error)}`),
    );
    await untilStopped(() => io.out(JSON.stringify(station.ready)));
    await station.close();
    return 0;
  } catch (error) {
    io.err(JSON.stringify({ error: { code: errorCodeOf(error), message: messageOf(error) } }));
    return 2;
  }
};
