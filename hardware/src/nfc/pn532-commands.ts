import { DangkyError } from '@dangky/core/errors';

/**
 * PN532 command bodies (the PD bytes of a host→PN532 frame after TFI D4) and parsers of the
 * answers (PD after TFI D5, whose first byte is the command code + 1). UM0701-02 §7.
 * Only what ISO 14443-4 type A and B reading needs.
 */

export const CMD = {
  getFirmwareVersion: 0x02,
  samConfiguration: 0x14,
  inDataExchange: 0x40,
  inListPassiveTarget: 0x4a,
  inRelease: 0x52,
} as const;

/** Bit 6 of the Tg byte (command) and of the status byte (answer): more information follows. */
export const MI_BIT = 0x40;
/** Largest DataOut the PN532 accepts in one InDataExchange (UM0701-02 §7.3.8: 262 bytes). */
export const MAX_DATA_OUT = 262;

export const getFirmwareVersionCommand = (): Uint8Array => Uint8Array.of(CMD.getFirmwareVersion);

/** Normal mode, no SAM; `timeout` in 50 ms units (only used in virtual-card mode), IRQ on. */
export const samConfigurationCommand = (): Uint8Array => Uint8Array.of(CMD.samConfiguration, 0x01, 0x14, 0x01);

export type CardType = 'A' | 'B';

/** One target at 106 kbps: type A (BrTy 00) or type B (BrTy 03, AFI 00 = all families). */
export const inListPassiveTargetCommand = (type: CardType): Uint8Array =>
  type === 'A' ? Uint8Array.of(CMD.inListPassiveTarget, 0x01, 0x00) : Uint8Array.of(CMD.inListPassiveTarget, 0x01, 0x03, 0x00);

export const inReleaseCommand = (target = 0): Uint8Array => Uint8Array.of(CMD.inRelease, target);

/**
 * Splits an APDU into InDataExchange commands: every piece but the last carries the MI bit in
 * its Tg byte so the PN532 chains them into one ISO 14443-4 exchange.
 */
export function inDataExchangeCommands(target: number, payload: Uint8Array, maxChunk = MAX_DATA_OUT): Uint8Array[] {
  if (maxChunk < 1 || maxChunk > MAX_DATA_OUT) throw new RangeError('maxChunk out of range');
  const commands: Uint8Array[] = [];
  let at = 0;
  do {
    const piece = payload.subarray(at, at + maxChunk);
    at += piece.length;
    const more = at < payload.length;
    commands.push(Uint8Array.of(CMD.inDataExchange, more ? target | MI_BIT : target, ...piece));
  } while (at < payload.length);
  return commands;
}

const malformed = (reason: string): DangkyError => new DangkyError('DK_ERR_NFC_FRAME_MALFORMED', { detail: { reason } });

function expectAnswer(data: Uint8Array, command: number, minLength: number): void {
  if (data[0] !== command + 1) throw malformed(`expected answer 0x${(command + 1).toString(16)}`);
  if (data.length < minLength) throw malformed('answer too short');
}

export interface FirmwareVersion {
  ic: number;
  version: number;
  revision: number;
  support: number;
}

export function parseFirmwareVersion(data: Uint8Array): FirmwareVersion {
  expectAnswer(data, CMD.getFirmwareVersion, 5);
  return { ic: data[1] ?? 0, version: data[2] ?? 0, revision: data[3] ?? 0, support: data[4] ?? 0 };
}

export function parseSamConfiguration(data: Uint8Array): void {
  expectAnswer(data, CMD.samConfiguration, 1);
}

export interface TargetA {
  type: 'A';
  target: number;
  atqa: number;
  sak: number;
  uid: Uint8Array;
  ats: Uint8Array;
}
export interface TargetB {
  type: 'B';
  target: number;
  atqb: Uint8Array;
  attribRes: Uint8Array;
}

/** InListPassiveTarget answer: `undefined` when no card is in the field. */
export function parseInListPassiveTarget(data: Uint8Array, type: CardType): TargetA | TargetB | undefined {
  expectAnswer(data, CMD.inListPassiveTarget, 2);
  if (data[1] === 0) return undefined;
  const at = (i: number): number => {
    const v = data[i];
    if (v === undefined) throw malformed('target data truncated');
    return v;
  };
  const slice = (from: number, length: number): Uint8Array => {
    if (from + length > data.length) throw malformed('target data truncated');
    return data.slice(from, from + length);
  };
  const target = at(2);
  if (type === 'A') {
    const atqa = at(3) * 256 + at(4);
    const sak = at(5);
    const uidLength = at(6);
    const uid = slice(7, uidLength);
    // The ATS length byte counts itself; a card without ISO 14443-4 support has no ATS.
    const atsAt = 7 + uidLength;
    const ats = atsAt < data.length ? slice(atsAt, Math.max(1, at(atsAt))) : new Uint8Array(0);
    return { type: 'A', target, atqa, sak, uid, ats };
  }
  const atqb = slice(3, 12);
  const attribLength = at(15);
  return { type: 'B', target, atqb, attribRes: slice(16, attribLength) };
}

export interface DataExchangeAnswer {
  /** The PN532 status: 0 = success (after masking MI and NAD bits). */
  status: number;
  /** More data follows: send InDataExchange again with no DataOut to fetch it. */
  more: boolean;
  data: Uint8Array;
}

export function parseInDataExchange(data: Uint8Array): DataExchangeAnswer {
  expectAnswer(data, CMD.inDataExchange, 2);
  const statusByte = data[1] ?? 0;
  return { status: statusByte & 0x3f, more: (statusByte & MI_BIT) !== 0, data: data.slice(2) };
}

export function parseInRelease(data: Uint8Array): number {
  expectAnswer(data, CMD.inRelease, 2);
  return (data[1] ?? 0) & 0x3f;
}

/**
 * PN532 status codes (UM0701-02 Table 16) → our errors. A timeout (01) or a lost target means
 * the card left the field: the reader resumes from the last offset when it comes back.
 */
export function pn532StatusError(status: number): DangkyError {
  const cardGone = status === 0x01 || status === 0x0a || status === 0x29 || status === 0x2a;
  return new DangkyError(cardGone ? 'DK_ERR_NFC_CARD_REMOVED' : 'DK_ERR_NFC_READER_ERROR', { detail: { pn532Status: status } });
}
