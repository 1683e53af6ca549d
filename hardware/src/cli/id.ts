import { parseArgs } from 'node:util';
import { DangkyError, errorCodeOf, errorRegistry } from '@dangky/core/errors';
import { correctMrz, crossCheck, parseMrz, parseQr, type CrossCheckSources, type MrzCheck } from '@dangky/core/id';
import { hcmDay } from '@dangky/core/time';
import type { CliGroup, CliIo } from './main.ts';

/**
 * `dangky-hw id parse-qr '<payload>'` and `dangky-hw id parse-mrz '<line1>' '<line2>' '<line3>'`
 * (or one argument with the three lines) — the card's printed data as the kiosk will read it
 * (BRIEF §1.2, §1.3), for a technician checking a scanner or a card. Prints
 * `{ fields, checks, findings }` (parse-mrz adds the corrections it made; `--no-correct` makes
 * none). `--today YYYY-MM-DD` fixes the day expiry is judged on (default: today in Hồ Chí Minh
 * City). Exit 0 valid, 1 read but a check or an error finding failed, 2 unreadable input —
 * with `{ error: { code, message, detail } }` on stderr saying why.
 */

const usage = "usage: dangky-hw id parse-qr '<payload>' [--today YYYY-MM-DD]\n       dangky-hw id parse-mrz '<line1>' '<line2>' '<line3>' [--today YYYY-MM-DD] [--no-correct]";

const options = { today: { type: 'string' }, 'no-correct': { type: 'boolean' } } as const;

function report(io: CliIo, output: { fields: unknown; checks: readonly MrzCheck[] } & Record<string, unknown>, sources: CrossCheckSources): number {
  const { findings } = crossCheck(sources);
  io.out(JSON.stringify({ ...output, findings }, null, 2));
  const failed = output.checks.some((c) => !c.ok) || findings.some((f) => f.severity === 'error');
  return failed ? 1 : 0;
}

function command(name: string, args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
  const today = values.today ?? hcmDay(Date.now());
  if (name === 'parse-qr' && positionals.length === 1) {
    const qr = parseQr(positionals[0] ?? '');
    const { generation, extraFieldCount, ...fields } = qr;
    return report(io, { fields, card: { generation, extraFieldCount }, checks: [] }, { qr, today });
  }
  if (name === 'parse-mrz' && (positionals.length === 1 || positionals.length === 3)) {
    const { lines, corrections } = values['no-correct'] ? { lines: positionals, corrections: [] } : correctMrz(positionals);
    const mrz = parseMrz(lines, { today });
    return report(io, { fields: mrz.fields, checks: mrz.checks, corrections }, { mrz, mrzCorrections: corrections, today });
  }
  io.err(usage);
  return 2;
}

export const run: CliGroup = async (args, io) => {
  const [name = '', ...rest] = args;
  try {
    return command(name, rest, io);
  } catch (error) {
    const code = error instanceof DangkyError ? error.code : errorCodeOf(error, 'DK_ERR_VALIDATION');
    const detail = error instanceof DangkyError ? error.detail : undefined;
    const message = error instanceof DangkyError ? error.message : `${errorRegistry[code].en}: ${(error as Error).message}`;
    io.err(JSON.stringify({ error: { code, message, ...(detail ? { detail } : {}) } }));
    return 2;
  }
};
