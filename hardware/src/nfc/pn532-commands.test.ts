import { describe, expect, it } from 'vitest';
import { DangkyError } from '@dangky/core/errors';
import {
  MI_BIT,
  getFirmwareVersionCommand,
  inDataExchangeCommands,
  inListPassiveTargetCommand,
  inReleaseCommand,
  parseFirmwareVersion,
  parseInDataExchange,
  parseInListPassiveTarget,
  parseInRelease,
  pn532StatusError,
  samConfigurationCommand,
} from './pn532-commands.ts';

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex').toUpperCase();

describe('PN532 commands', () => {
  it('builds the command bodies', () => {
    expect(toHex(getFirmwareVersionCommand())).toBe('02');
    expect(toHex(samConfigurationCommand())).toBe('14011401');
    expect(toHex(inListPassiveTargetCommand('A'))).toBe('4A0100');
    expect(toHex(inListPassiveTargetCommand('B'))).toBe('4A010300');
    expect(toHex(inReleaseCommand())).toBe('5200');
  });

  it('chains a long APDU with the MI bit on every piece but the last', () => {
    const apdu = new Uint8Array(600).fill(0xab);
    const commands = inDataExchangeCommands(1, apdu);
    expect(commands.map((c) => c.length)).toEqual([264, 264, 78]);
    expect(commands.map((c) => c[1])).toEqual([1 | MI_BIT, 1 | MI_BIT, 1]);
    expect(inDataExchangeCommands(1, hex('00A4040C07A0000002471001')).map(toHex)).toEqual(['400100A4040C07A0000002471001']);
  });

  it('parses the firmware version', () => {
    expect(parseFirmwareVersion(hex('0332010607'))).toEqual({ ic: 0x32, version: 1, revision: 6, support: 7 });
    expect(() => parseFirmwareVersion(hex('4100'))).toThrow(DangkyError);
  });

  it('parses a type A target with ATS', () => {
    const t = parseInListPassiveTarget(hex('4B 01 01 0004 20 04 08A1B2C3 05 7877B102'), 'A');
    expect(t).toMatchObject({ type: 'A', target: 1, atqa: 4, sak: 0x20 });
    expect(t?.type === 'A' && toHex(t.uid)).toBe('08A1B2C3');
    expect(t?.type === 'A' && toHex(t.ats)).toBe('057877B102');
  });

  it('parses a type B target, no card, and truncated answers', () => {
    const t = parseInListPassiveTarget(hex('4B 01 01 50 11223344 00000000 00718100 01 00'), 'B');
    expect(t?.type === 'B' && toHex(t.atqb)).toBe('5011223344000000000071810000'.slice(0, 24));
    expect(parseInListPassiveTarget(hex('4B00'), 'A')).toBeUndefined();
    expect(() => parseInListPassiveTarget(hex('4B 01 01 0004 20 09 08A1'), 'A')).toThrow(DangkyError);
  });

  it('parses InDataExchange status, MI and data; maps PN532 status codes', () => {
    expect(parseInDataExchange(hex('41 40 AABB'))).toEqual({ status: 0, more: true, data: hex('AABB') });
    expect(parseInDataExchange(hex('41 00 9000'))).toEqual({ status: 0, more: false, data: hex('9000') });
    expect(parseInDataExchange(hex('41 01'))).toMatchObject({ status: 1 });
    expect(parseInRelease(hex('5300'))).toBe(0);
    expect(pn532StatusError(0x01).code).toBe('DK_ERR_NFC_CARD_REMOVED');
    expect(pn532StatusError(0x13).code).toBe('DK_ERR_NFC_READER_ERROR');
  });
});
