import type { TicketPrintJob } from '@dangky/core/agent';
import { qrVersionAtM, ticketModuleDots } from '@dangky/core/handoff';
import { encodeCp1258 } from './cp1258.ts';

/**
 * A queue ticket as ESC/POS bytes (Epson's command set, which Xprinter, Rongta and most other
 * 58/80 mm receipt printers follow). Pure: the same job always gives the same bytes.
 *
 * Layout, centred: ticket number (bold, double width and height), site name, service label,
 * issue time, the instruction lines, the QR, then feed and partial cut. One text line per job
 * field; the printer wraps a long one itself. Spacing uses ESC d (feed n lines) rather than
 * empty lines, so the decoded ticket has exactly one line per field.
 */

export const ESC = 0x1b;
export const GS = 0x1d;
export const LF = 0x0a;

/**
 * ESC t number of WPC1258 in Epson's code-table list (ESC/POS Command Reference, "ESC t",
 * page 52 = "WPC1258"), which TM-T20/T82/T88 and the Xprinter XP-58/80 family follow. Clones
 * differ on the higher numbers, so a site whose printer uses another number sets `codePage`.
 */
export const DEFAULT_CP1258_PAGE = 52;

export interface EncodeTicketOptions {
  /** ESC t n value that selects Windows-1258 on this printer model. Default 52 (Epson). */
  codePage?: number;
  /**
   * QR module size in dots, 1–16. Default: the largest of 5, 4, 3 at which the payload's QR fits
   * 58 mm paper (384 dots) — 5 for a registration id, 4 for a typical sealed registration
   * (version 16), 3 for the longest (version 19-20).
   */
  qrModuleSize?: number;
  /** Motion units fed before the partial cut (GS V 66 n). Default 48. */
  cutFeed?: number;
}

/** GS ( k with its pL pH length (cn, fn and parameters counted). */
function qrFunction(fn: number, params: readonly number[]): number[] {
  const length = params.length + 2;
  return [GS, 0x28, 0x6b, length & 0xff, length >> 8, 0x31, fn, ...params];
}

/**
 * The QR symbol: model 2, module size, error correction M, store data (fn 80), print (fn 81).
 * The payload goes in as UTF-8 bytes (byte mode), which phone and counter scanners read as text.
 */
export function qrCommands(payload: string, moduleSize: number): number[] {
  const data = [...new TextEncoder().encode(payload)];
  return [
    ...qrFunction(65, [0x32, 0x00]),
    ...qrFunction(67, [moduleSize]),
    ...qrFunction(69, [0x31]),
    ...qrFunction(80, [0x30, ...data]),
    ...qrFunction(81, [0x30]),
  ];
}

/** Paper 58 mm wide prints 384 dots; a code that would not fit even at 3 dots prints at 3 and is clipped. */
const fitModuleSize = (payload: string): number => Math.min(5, ticketModuleDots(qrVersionAtM(payload) ?? 40, 384) || 3);

export function encodeTicket(job: TicketPrintJob, options: EncodeTicketOptions = {}): Uint8Array {
  const codePage = options.codePage ?? DEFAULT_CP1258_PAGE;
  const moduleSize = Math.min(16, Math.max(1, Math.round(options.qrModuleSize ?? fitModuleSize(job.qrPayload))));
  const cutFeed = Math.min(255, Math.max(0, Math.round(options.cutFeed ?? 48)));
  const line = (text: string) => [...encodeCp1258(text), LF];
  const bytes = [
    ESC,
    0x40, // ESC @ initialise
    ESC,
    0x74,
    codePage & 0xff, // ESC t n code page
    ESC,
    0x61,
    1, // ESC a 1 centre
    ESC,
    0x45,
    1,
    GS,
    0x21,
    0x11, // ESC E 1 bold, GS ! double width and height
    ...line(job.ticketNumber),
    GS,
    0x21,
    0x00, // normal size
    ESC,
    0x64,
    1,
    ...line(job.siteName),
    ESC,
    0x45,
    0, // bold off
    ...line(job.serviceLabel),
    ...line(job.issuedAtText),
    ESC,
    0x64,
    1,
    ...job.lines.flatMap(line),
    ESC,
    0x64,
    1,
    ...qrCommands(job.qrPayload, moduleSize),
    ESC,
    0x64,
    2,
    GS,
    0x56,
    66,
    cutFeed, // GS V 66 n feed and partial cut
  ];
  return Uint8Array.from(bytes);
}
