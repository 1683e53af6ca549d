import { describe, expect, it } from 'vitest';
import { agentCodes } from './codes/agent.ts';
import { chipCodes } from './codes/chip.ts';
import { deviceProblems, saidInFull } from './device-problems.ts';
import { errorRegistry } from './registry.ts';

/**
 * Every way a device or a card reading can fail has plain words for the citizen: what happened
 * and what to do now, in Vietnamese and English, with no technical term. The codes are taken
 * from the areas themselves, so a new chip or agent code without words fails here.
 */
const cardReading = [
  'DK_ERR_ID_INPUT_TOO_LONG',
  'DK_ERR_QR_FORMAT',
  'DK_ERR_MRZ_FORMAT',
  'DK_ERR_MRZ_CHECK_DIGIT',
  'DK_ERR_MRZ_FIELD_INVALID',
  'DK_ERR_MRZ_NOT_CITIZEN_CARD',
  'DK_ERR_CAMERA_UNAVAILABLE',
];
const deviceCodes = [...Object.keys(chipCodes), ...Object.keys(agentCodes), ...cardReading, 'DK_ERR_NETWORK', 'DK_ERR_SERVER_BUSY'];

/** Words a first-time user does not know; none may reach them. */
const JARGON = /\b(apdu|tlv|mac|sod|crl|mrz|nfc|frame|checksum|status word|agent|serial|pairing|origin|secure messaging|passive)\b/i;

describe('plain words for device and card problems', () => {
  it('covers every device-problem code, and nothing the registry does not know', () => {
    expect(Object.keys(deviceProblems).sort()).toEqual([...new Set(deviceCodes)].sort());
    for (const code of deviceCodes) expect(Object.hasOwn(errorRegistry, code), code).toBe(true);
  });

  it.each(deviceCodes)('%s says what happened and what to do, in both languages', (code) => {
    const words = deviceProblems[code as keyof typeof deviceProblems];
    for (const language of ['vi', 'en'] as const) {
      const { what, next } = words[language];
      expect(what.length, `${code} ${language} what`).toBeGreaterThan(10);
      expect(next.length, `${code} ${language} next`).toBeGreaterThan(10);
      expect(next).not.toBe(what);
      expect(what).toMatch(/[.]$/);
      expect(next).toMatch(/[.]$/);
      expect(`${what} ${next}`).not.toMatch(JARGON);
    }
  });

  it.each(deviceCodes)('%s: the registry’s Vietnamese is the two parts', (code) => {
    const words = deviceProblems[code as keyof typeof deviceProblems];
    expect(errorRegistry[code as keyof typeof errorRegistry].vi).toBe(saidInFull(words.vi));
  });

  it('gives the next step the issue names for a card not seen and a card not read', () => {
    expect(deviceProblems.DK_ERR_NFC_NO_CARD.vi.next).toBe('Đặt thẻ lên đầu đọc và giữ yên 3 giây.');
    expect(deviceProblems.DK_ERR_CHIP_STATUS.vi.next).toMatch(/mời bạn nhập tay hoặc nhờ cán bộ/);
  });
});
