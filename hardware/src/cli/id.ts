import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DangkyError, errorCodeOf, errorRegistry } from '@dangky/core/errors';
import { correctMrz, crossCheck, parseMrz, parseQr, type CrossCheckSources, type MrzCheck } from '@dangky/core/id';
import { hcmDay } from '@dangky/core/time';
import { createMrzRecogniser, decodeImage, readMrzImage, type MrzEngine } from '../ocr/index.ts';
import type { CliGroup, CliIo } from './main.ts';

/**
 * `dangky-hw id parse-qr '<payload>'` and `dangky-hw id parse-mrz '<line1>' '<line2>' '<line3>'`
 * (or one argument with the three lines) — the card's printed data as the kiosk will read it
 * (BRIEF §1.2, §1.3), for a technician checking a scanner or a card. Prints
 * `{ fields, checks, findings }` (parse-mrz adds the corrections it made; `--no-correct` makes
 * none). `--today YYYY-MM-DD` fixes the day expiry is judged on (default: today in Hồ Chí Minh
 * City). Exit 0 valid, 1 read but a check or an error finding failed, 2 unreadable input —
 * with `{ error: { code, message, detail } }` on stderr saying why.
 *
 * `dangky-hw id ocr-mrz <image-file>` reads the MRZ off a PNG/JPEG photo of a card back with
 * tesseract.js (local traineddata, no network) and adds the raw text, the lines as accepted,
 * the corrections and the time taken. `--engine lstm` / `--psm 7` select the alternatives the
 * benchmark measured.
 */

const usage =
  "usage: dangky-hw id parse-qr '<payload>' [--today YYYY-MM-DD]\n       dangky-hw id parse-mrz '<line1>' '<line2>' '<line3>' [--today YYYY-MM-DD] [--no-correct]\n       dangky-hw id ocr-mrz <image-file> [--today YYYY-MM-DD] [--engine legacy|lstm] [--psm 6|7]";

const options = {
  today: { type: 'string' },
  'no-correct': { type: 'boolean' },
  engine: { type: 'string' },
  psm: { type: 'string' },
} as const;

async function ocrMrz(file: string, today: string, engine: string | undefined, psm: string | undefined, io: CliIo): Promise<number> {
  if ((engine && engine !== 'legacy' && engine !== 'lstm') || (psm && psm !== '6' && psm !== '7')) {
    io.err(usage);
    return 2;
  }
  const started = performance.now();
  const frame = decodeImage(readFileSync(file));
  const recogniser = await createMrzRecogniser({ engine: engine as MrzEngine | undefined, psm: psm as '6' | '7' | undefined });
  try {
    const reading = await readMrzImage(frame, { recogniser, today });
    const { result, corrections } = reading;
    const timeMs = {
      ...Object.fromEntries(Object.entries(reading.timings).map(([k, v]) => [k, Math.round(v)])),
      withStartMs: Math.round(performance.now() - started),
    };
    return report(
      io,
      {
        fields: result.fields,
        checks: result.checks,
        rawText: reading.rawText,
        glyphsSettled: reading.glyphsSettled,
        lines: reading.lines,
        corrections,
        skewDegrees: reading.skewDegrees,
        engine: { engine: recogniser.engine, psm: recogniser.psm },
        timeMs,
      },
      { mrz: result, mrzCorrections: corrections, today },
    );
  } finally {
    await recogniser.close();
  }
}

function report(
  io: CliIo,
  output: { fields: unknown; checks: readonly MrzCheck[] } & Record<string, unknown>,
  sources: CrossCheckSources,
): number {
  const { findings } = crossCheck(sources);
  io.out(JSON.stringify({ ...output, findings }, null, 2));
  const failed = output.checks.some((c) => !c.ok) || findings.some((f) => f.severity === 'error');
  return failed ? 1 : 0;
}

async function command(name: string, args: string[], io: CliIo): Promise<number> {
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
  if (name === 'ocr-mrz' && positionals.length === 1) return ocrMrz(positionals[0] ?? '', today, values.engine, values.psm, io);
  io.err(usage);
  return 2;
}

export const run: CliGroup = async (args, io) => {
  const [name = '', ...rest] = args;
  try {
    return await command(name, rest, io);
  } catch (error) {
    const code = error instanceof DangkyError ? error.code : errorCodeOf(error, 'DK_ERR_VALIDATION');
    const detail = error instanceof DangkyError ? error.detail : undefined;
    const message = error instanceof DangkyError ? error.message : `${errorRegistry[code].en}: ${(error as Error).message}`;
    io.err(JSON.stringify({ error: { code, message, ...(detail ? { detail } : {}) } }));
    return 2;
  }
};
