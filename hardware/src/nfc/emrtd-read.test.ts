import { describe, expect, it } from 'vitest';
import { DangkyError } from '@dangky/core/errors';
import {
  EF,
  bacKeyInfo,
  concatBytes,
  encodeDg13,
  encodeTlv,
  parseDg1,
  parseDg13,
  parseEfCom,
  redactDg13,
  selectAid,
  encodeApdu,
} from '@dangky/core/icao';
import { performBac, type Transceive } from './bac.ts';
import { plainChannel, secureChannel, type ChipChannel } from './chip-channel.ts';
import { readFile } from './read-file.ts';
import { VirtualChip } from './sim/virtual-chip.ts';

/** BAC + secure messaging + chunked reads against the virtual chip, at the APDU level. */
const utf8 = new TextEncoder();
const mrz = 'IDVNM0990123459001099012345<<09905153M3905151VNM<<<<<<<<<<<4NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<';
const mrzInfo = bacKeyInfo({ documentNumber: '099012345', birthDate: '990515', expiryDate: '390515' });
const files = new Map<number, Uint8Array>([
  [EF.com.fid, encodeTlv(0x60, concatBytes(encodeTlv(0x5f01, utf8.encode('0107')), encodeTlv(0x5c, Uint8Array.of(0x61, 0x75, 0x6d))))],
  [EF.dg1.fid, encodeTlv(0x61, encodeTlv(0x5f1f, utf8.encode(mrz)))],
  [
    EF.dg2.fid,
    encodeTlv(
      0x75,
      new Uint8Array(15_000).map((_, i) => i & 0xff),
    ),
  ],
  [EF.dg13.fid, encodeDg13({ idNumber: '001099012345', fullName: 'Nguyễn Văn An', ethnicity: 'Kinh', parents: ['A', 'B'] })],
]);

async function open(chip: VirtualChip, key = mrzInfo): Promise<ChipChannel> {
  const transceive: Transceive = async (apdu) => chip.transceive(apdu);
  await plainChannel(transceive).send(selectAid());
  const session = await performBac({ mrzInfo: key, transceive, random: (n) => crypto.getRandomValues(new Uint8Array(n)) });
  return secureChannel(session, transceive);
}

describe('eMRTD read over BAC against the virtual chip', () => {
  it('reads EF.COM, DG1, DG2 and DG13 with every response MAC-checked', async () => {
    const chip = new VirtualChip({ files, mrzInfo });
    const channel = await open(chip);
    const read = async (fid: number) => (await readFile({ fid, channel: () => channel })).bytes;
    expect(parseEfCom(await read(EF.com.fid)).dataGroups).toEqual([1, 2, 13]);
    expect(parseDg1(await read(EF.dg1.fid)).lines[0]).toBe(mrz.slice(0, 30));
    expect(await read(EF.dg2.fid)).toEqual(files.get(EF.dg2.fid));
    const dg13 = redactDg13(parseDg13(await read(EF.dg13.fid)));
    expect(dg13).toMatchObject({ idNumber: '001099012345', fullName: 'Nguyễn Văn An' });
    expect(dg13).not.toHaveProperty('ethnicity');
  });

  it('a wrong MRZ key is refused by the chip', async () => {
    const wrong = bacKeyInfo({ documentNumber: '001099012345', birthDate: '990515', expiryDate: '390515' });
    await expect(open(new VirtualChip({ files, mrzInfo }), wrong)).rejects.toMatchObject({ code: 'DK_ERR_CHIP_ACCESS_DENIED' });
  });

  it('a response with a bad MAC is refused', async () => {
    const chip = new VirtualChip({ files, mrzInfo, corruptMac: true });
    const channel = await open(chip);
    await expect(readFile({ fid: EF.dg1.fid, channel: () => channel })).rejects.toMatchObject({ code: 'DK_ERR_CHIP_MAC_INVALID' });
  });

  it('a chip that refuses long reads gets 112-byte chunks', async () => {
    const chip = new VirtualChip({ files, mrzInfo, maxLe: 128 });
    const channel = await open(chip);
    const result = await readFile({ fid: EF.dg2.fid, channel: () => channel });
    expect(result.bytes).toEqual(files.get(EF.dg2.fid));
    expect(result.chunkSize).toBe(112);
  });

  it('a tag loss mid-DG2: re-open access and resume from the last offset', async () => {
    const chip = new VirtualChip({ files, mrzInfo });
    let channel = await open(chip);
    let sent = 0;
    const flaky: ChipChannel = {
      async send(apdu) {
        if (++sent === 20) {
          chip.reset();
          throw new DangkyError('DK_ERR_NFC_CARD_REMOVED');
        }
        return channel.send(apdu);
      },
    };
    const result = await readFile({ fid: EF.dg2.fid, channel: () => flaky, recover: async () => void (channel = await open(chip)) });
    expect(result.bytes).toEqual(files.get(EF.dg2.fid));
    expect(result.recoveries).toBe(1);
  });

  it('plain commands before access control are refused (6982)', async () => {
    const chip = new VirtualChip({ files, mrzInfo });
    chip.transceive(encodeApdu(selectAid()));
    await expect(plainChannel(async (a) => chip.transceive(a)).send({ cla: 0, ins: 0xb0, p1: 0x81, p2: 0, le: 4 })).rejects.toMatchObject({
      code: 'DK_ERR_CHIP_SECURITY_STATUS',
    });
  });
});
