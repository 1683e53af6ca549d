import type { ReceiptPrintJob } from '@dangky/core/agent';
import { encodeCp1258 } from './cp1258.ts';
import { DEFAULT_CP1258_PAGE, ESC, GS, LF, type EncodeTicketOptions } from './escpos-encode.ts';

/**
 * The signing-token issuance receipt as ESC/POS bytes, with the ticket's building blocks
 * (code page, CP1258 text, feed, partial cut) so the same simulator decodes it into its log.
 * Pure: the same job always gives the same bytes.
 *
 * Layout: site name and heading centred (heading bold), then left-aligned one "label: value"
 * line per field, the how-to steps numbered, the signature blocks (label, room to sign, a
 * dotted line, the name), the print time, feed and cut. One text line per
 * item (the printer wraps a long one), spacing by ESC d, so the decoded receipt has exactly one
 * line per item. The job carries no ID number in full and no PIN (see receiptPrintJob).
 */
export function encodeReceipt(job: ReceiptPrintJob, options: Pick<EncodeTicketOptions, 'codePage' | 'cutFeed'> = {}): Uint8Array {
  const codePage = options.codePage ?? DEFAULT_CP1258_PAGE;
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
    1, // centre
    ...line(job.siteName),
    ESC,
    0x45,
    1, // bold
    ...line(job.heading),
    ESC,
    0x45,
    0,
    ESC,
    0x64,
    1,
    ESC,
    0x61,
    0, // left
    ...job.fields.flatMap((f) => line(`${f.label}: ${f.value}`)),
    ESC,
    0x64,
    1,
    ...job.howTo.flatMap((step, i) => line(`${i + 1}. ${step}`)),
    ESC,
    0x64,
    1,
    // Signature blocks: the label, four lines of room to sign, a dotted line, the name under it.
    ...(job.signatures ?? []).flatMap((sig) => [
      ...line(sig.label),
      ESC,
      0x64,
      4,
      ...line('.'.repeat(32)),
      ...(sig.name ? line(sig.name) : []),
      ESC,
      0x64,
      1,
    ]),
    ESC,
    0x61,
    1,
    ...line(job.printedAtText),
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
