import { describe, expect, it } from 'vitest';
import { DangkyError } from '@dangky/core/errors';
import { encodeTlv, type CommandApdu } from '@dangky/core/icao';
import type { ChipChannel } from './chip-channel.ts';
import { readFile } from './read-file.ts';

/** A chip at the APDU level: one file, a largest Le it accepts, and tag losses at chosen reads. */
function fakeChip(file: Uint8Array, options: { maxLe?: number; sw6282?: boolean; loseAtReads?: number[] } = {}) {
  let selected = false;
  let reads = 0;
  const log: string[] = [];
  const channel: ChipChannel = {
    async send(apdu: CommandApdu) {
      if (apdu.ins === 0xa4) {
        selected = true;
        log.push('select');
        return new Uint8Array(0);
      }
      if (!selected) throw new DangkyError('DK_ERR_CHIP_SECURITY_STATUS');
      reads++;
      if (options.loseAtReads?.includes(reads)) {
        selected = false;
        throw new DangkyError('DK_ERR_NFC_CARD_REMOVED');
      }
      const le = apdu.le ?? 0;
      if (le > (options.maxLe ?? 256)) throw new DangkyError(options.sw6282 ? 'DK_ERR_CHIP_END_OF_FILE' : 'DK_ERR_CHIP_WRONG_LENGTH');
      let offset = apdu.p1 * 256 + apdu.p2;
      if (apdu.ins === 0xb1) offset = (apdu.data ?? new Uint8Array()).subarray(2).reduce((n, b) => n * 256 + b, 0);
      if (offset > file.length) throw new DangkyError('DK_ERR_CHIP_WRONG_OFFSET');
      log.push(`read ${offset}+${le}`);
      const data = file.slice(offset, offset + le);
      return apdu.ins === 0xb1 ? encodeTlv(0x53, data) : data;
    },
  };
  return { channel, log };
}

const file = (size: number) =>
  encodeTlv(
    0x75,
    new Uint8Array(size).map((_, i) => (i * 7) & 0xff),
  );

describe('readFile', () => {
  it('reads a 15 KB DG2 in ⌈size/224⌉ + 2 commands', async () => {
    const dg2 = file(15_000);
    const chip = fakeChip(dg2);
    const result = await readFile({ fid: 0x0102, channel: () => chip.channel });
    expect(result.bytes).toEqual(dg2);
    expect(result.commands).toBeLessThanOrEqual(Math.ceil(dg2.length / 224) + 2);
  });

  it.each([
    ['6700', false],
    ['6282', true],
  ])('steps down 224 → 160 → 112 on %s', async (_sw, sw6282) => {
    const dg = file(1000);
    const chip = fakeChip(dg, { maxLe: 120, sw6282 });
    const result = await readFile({ fid: 0x010d, channel: () => chip.channel });
    expect(result.bytes).toEqual(dg);
    expect(result.chunkSize).toBe(112);
  });

  it('resumes from the last offset after a tag loss', async () => {
    const dg = file(2000);
    const chip = fakeChip(dg, { loseAtReads: [4] });
    let recovered = 0;
    const result = await readFile({ fid: 0x0102, channel: () => chip.channel, recover: async () => void recovered++ });
    expect(result.bytes).toEqual(dg);
    expect(recovered).toBe(1);
    expect(result.recoveries).toBe(1);
    // No offset was read twice: the read resumed, it did not restart.
    const reads = chip.log.filter((l) => l.startsWith('read')).map((l) => l.split('+')[0]);
    expect(new Set(reads).size).toBe(reads.length);
  });

  it('gives up with the typed error when the card does not come back', async () => {
    const chip = fakeChip(file(2000), { loseAtReads: [2, 3, 4, 5, 6] });
    await expect(readFile({ fid: 0x0102, channel: () => chip.channel, recover: async () => {}, maxRecoveries: 2 })).rejects.toMatchObject({
      code: 'DK_ERR_NFC_CARD_REMOVED',
    });
    const noRecover = fakeChip(file(2000), { loseAtReads: [2] });
    await expect(readFile({ fid: 0x0102, channel: () => noRecover.channel })).rejects.toMatchObject({ code: 'DK_ERR_NFC_CARD_REMOVED' });
  });

  it('reads past 32 KiB with READ BINARY B1', async () => {
    const big = file(40_000);
    const chip = fakeChip(big);
    const result = await readFile({ fid: 0x0102, channel: () => chip.channel });
    expect(result.bytes).toEqual(big);
  });

  it('refuses a file longer than the limit, and a missing file', async () => {
    const chip = fakeChip(file(5000));
    await expect(readFile({ fid: 0x0102, channel: () => chip.channel, maxFileLength: 4000 })).rejects.toMatchObject({
      code: 'DK_ERR_CHIP_TLV_TOO_LARGE',
    });
    const missing: ChipChannel = { send: async () => Promise.reject(new DangkyError('DK_ERR_CHIP_FILE_NOT_FOUND')) };
    await expect(readFile({ fid: 0x010b, channel: () => missing })).rejects.toMatchObject({ code: 'DK_ERR_CHIP_FILE_NOT_FOUND' });
  });
});
