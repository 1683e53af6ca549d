import { parseArgs } from 'node:util';
import type { DeviceStatus } from '@dangky/core/agent';
import { DangkyError, errorCodeOf, isErrorCode } from '@dangky/core/errors';
import type { CliGroup } from './main.ts';
import { untilStopped } from './signals.ts';

/**
 * `dangky-hw printer test --port <path>` prints the sample ticket on a serial receipt printer
 * and reports the bytes sent (exit 0) or the error code (exit 2). `dangky-hw printer sim --log
 * <file> [--link <path>]` runs the simulated printer on a pseudo-terminal until Ctrl-C: it
 * prints `{"path": …}` (the port to give `printer test` or the agent) and appends each ticket it
 * receives to the log as one JSON line.
 */

const usage =
  'usage: dangky-hw printer test --port <serial-path> [--baud <rate>] [--code-page <ESC t n>]\n       dangky-hw printer sim --log <tickets.jsonl> [--link <stable-path>]';

const intOption = (value: string | undefined, name: string, min: number, max: number): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new DangkyError('DK_ERR_VALIDATION', { message: `--${name} must be an integer from ${min} to ${max}` });
  return n;
};

async function test(args: string[], io: Parameters<CliGroup>[1]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { port: { type: 'string' }, baud: { type: 'string' }, 'code-page': { type: 'string' } },
    strict: true,
  });
  if (!values.port) {
    io.err(usage);
    return 2;
  }
  const baudRate = intOption(values.baud, 'baud', 1_200, 4_000_000);
  const codePage = intOption(values['code-page'], 'code-page', 0, 255);
  const { createSerialPrinter } = await import('../printer/serial-printer.ts');
  const { sampleTicket } = await import('../printer/sample-ticket.ts');
  const printer = createSerialPrinter({
    id: 'cli',
    path: values.port,
    simulated: false,
    ...(baudRate ? { baudRate } : {}),
    ...(codePage !== undefined ? { codePage } : {}),
  });
  try {
    // The first report after connecting says whether the port opened; no point retrying here.
    const first = await new Promise<DeviceStatus>((resolve) => {
      const timer = setTimeout(() => resolve(printer.status()), 5_000);
      const stop = printer.onStatus((status) => {
        clearTimeout(timer);
        stop();
        resolve(status);
      });
    });
    if (first.state !== 'ready') {
      throw new DangkyError(isErrorCode(first.errorCode) ? first.errorCode : 'DK_ERR_PRINTER_OFFLINE', {
        detail: { port: values.port, reason: first.detail },
      });
    }
    const { bytes } = await printer.printTicket(sampleTicket);
    io.out(JSON.stringify({ printed: true, bytes, port: values.port }));
    return 0;
  } finally {
    await printer.close();
  }
}

async function sim(args: string[], io: Parameters<CliGroup>[1]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { log: { type: 'string' }, link: { type: 'string' }, 'code-page': { type: 'string' } },
    strict: true,
  });
  if (!values.log) {
    io.err(usage);
    return 2;
  }
  const codePage = intOption(values['code-page'], 'code-page', 0, 255);
  const { startPrinterSimulator } = await import('../printer/sim.ts');
  const simulator = await startPrinterSimulator({
    logFile: values.log,
    ...(values.link ? { linkPath: values.link } : {}),
    ...(codePage !== undefined ? { codePage } : {}),
  });
  await untilStopped(() => io.out(JSON.stringify({ path: simulator.path, log: values.log })));
  await simulator.close();
  return 0;
}

export const run: CliGroup = async (args, io) => {
  const [command, ...rest] = args;
  try {
    if (command === 'test') return await test(rest, io);
    if (command === 'sim') return await sim(rest, io);
    io.err(usage);
    return 2;
  } catch (error) {
    const code = errorCodeOf(error);
    io.err(JSON.stringify({ error: { code, message: error instanceof Error ? error.message : String(error) } }));
    return 2;
  }
};
