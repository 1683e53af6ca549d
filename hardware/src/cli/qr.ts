import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { errorCodeOf } from '@dangky/core/errors';
import type { CliGroup } from './main.ts';
import { untilStopped } from './signals.ts';

/**
 * `dangky-hw qr sim [--link <path>] [--inject-link <path>]` runs a simulated QR scanner on a
 * pseudo-terminal pair until stdin ends or Ctrl-C. It prints `{"path":…,"inject":…}`: `path` is
 * the scanner to give the agent (`--qr-scanner <path>`); each line read from stdin is "scanned"
 * (sent with CR LF), as is each line anyone writes to `inject`. Payloads are never echoed.
 */

const usage = 'usage: dangky-hw qr sim [--link <stable-path>] [--inject-link <stable-path>]   (payloads on stdin, one per line)';

async function sim(args: string[], io: Parameters<CliGroup>[1]): Promise<number> {
  const { values } = parseArgs({ args, options: { link: { type: 'string' }, 'inject-link': { type: 'string' } }, strict: true });
  const { startQrScannerSimulator } = await import('../qr/sim.ts');
  const simulator = await startQrScannerSimulator({
    ...(values.link ? { linkPath: values.link } : {}),
    ...(values['inject-link'] ? { injectLinkPath: values['inject-link'] } : {}),
  });
  const signalled = untilStopped(() => io.out(JSON.stringify({ path: simulator.path, inject: simulator.injectPath })));
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let scans = 0;
  const stdinDone = (async () => {
    for await (const line of lines) {
      if (line.trim() === '') continue;
      await simulator.scan(line);
      scans += 1;
      io.err(JSON.stringify({ scanned: scans, bytes: Buffer.byteLength(line) }));
    }
  })();
  await Promise.race([stdinDone, signalled]);
  lines.close();
  await simulator.close();
  return 0;
}

export const run: CliGroup = async (args, io) => {
  const [command, ...rest] = args;
  try {
    if (command === 'sim') return await sim(rest, io);
    io.err(usage);
    return 2;
  } catch (error) {
    io.err(JSON.stringify({ error: { code: errorCodeOf(error), message: error instanceof Error ? error.message : String(error) } }));
    return 2;
  }
};
