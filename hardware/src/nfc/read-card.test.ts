import { describe, expect, it } from 'vitest';
import { EF, bacKeyInfo, concatBytes, encodeDg13, encodeTlv } from '@dangky/core/icao';
import { Pn532 } from './pn532.ts';
import { readCard, type CardLink } from './read-card.ts';
import { duplexPair } from './sim/duplex-pair.ts';
import { VirtualChip } from './sim/virtual-chip.ts';
import { VirtualPn532 } from './sim/virtual-pn532.ts';

const utf8 = new TextEncoder();
const mrz = 'IDVNM0990123459001099012345<<09905153M3905151VNM<<<<<<<<<<<4NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<';
const files = new Map<number, Uint8Array>([
  [EF.com.fid, encodeTlv(0x60, concatBytes(encodeTlv(0x5f01, utf8.encode('0107')), encodeTlv(0x5c, Uint8Array.of(0x61, 0x75, 0x6d))))],
  [EF.dg1.fid, encodeTlv(0x61, encodeTlv(0x5f1f, utf8.encode(mrz)))],
  [EF.dg2.fid, encodeTlv(0x75, new Uint8Array(15_000))],
  [EF.dg13.fid, encodeDg13({ idNumber: '001099012345', fullName: 'Nguyễn Văn An', religion: 'Không', spouse: [] })],
]);
const nine = { documentNumber: '099012345', birthDate: '990515', expiryDate: '390515' };
const twelve = { documentNumber: '001099012345', birthDate: '990515', expiryDate: '390515' };

function link(chipKey = nine, removeAfter?: number, can?: string) {
  const [host, device] = duplexPair();
  const chip = new VirtualChip({ files, mrzInfo: bacKeyInfo(chipKey), ...(can ? { can } : {}) });
  const reader = new VirtualPn532({ chip });
  reader.attach(device);
  const pn532 = new Pn532({ port: host });
  let exchanges = 0;
  const cardLink: CardLink = {
    activate: async () => {
      reader.insert();
      return (await pn532.detect()) !== undefined;
    },
    transceive: (apdu) => {
      if (++exchanges === removeAfter) reader.remove();
      return pn532.transceive(apdu);
    },
  };
  return { cardLink, pn532 };
}

const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));

describe('readCard through the PN532 byte protocol', () => {
  it('reads COM, DG1, DG13 (redacted) and DG2; never claims verification', async () => {
    const { cardLink } = link();
    const result = await readCard({ link: cardLink, mrzKeys: [nine, twelve], random, readPhoto: true });
    expect(result.keyIndex).toBe(0);
    expect(result.groups.map((g) => g.group)).toEqual(['COM', 'DG1', 'DG13', 'DG2']);
    expect(result.dg1.lines[2]).toBe('NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<');
    expect(result.dg13).toMatchObject({ idNumber: '001099012345', fullName: 'Nguyễn Văn An' });
    expect(result.dg13).not.toHaveProperty('religion');
    expect(result.verification.verdict).toBe('not-verified');
    const dg2 = result.groups.find((g) => g.group === 'DG2');
    expect(dg2?.commands).toBeLessThanOrEqual(Math.ceil((dg2?.length ?? 0) / 224) + 3);
  });

  it('falls back to the 12-digit document number when the chip wants it', async () => {
    const { cardLink } = link(twelve);
    const result = await readCard({ link: cardLink, mrzKeys: [nine, twelve], random });
    expect(result.keyIndex).toBe(1);
  });

  it('a card lifted mid-read is re-opened and the read resumes', async () => {
    const { cardLink } = link(nine, 30);
    const result = await readCard({ link: cardLink, mrzKeys: [nine], random, readPhoto: true });
    expect(result.recoveries).toBe(1);
    expect(result.groups.find((g) => g.group === 'DG2')?.length).toBe(files.get(EF.dg2.fid)?.length);
  });

  it('wrong keys and an empty field are typed errors', async () => {
    const { cardLink } = link(twelve);
    await expect(readCard({ link: cardLink, mrzKeys: [nine], random })).rejects.toMatchObject({ code: 'DK_ERR_CHIP_ACCESS_DENIED' });
    const empty: CardLink = { activate: async () => false, transceive: async () => new Uint8Array() };
    await expect(readCard({ link: empty, mrzKeys: [nine], random })).rejects.toMatchObject({ code: 'DK_ERR_NFC_NO_CARD' });
  });

  it('PACE with the CAN (last 6 digits of the ID number) when the chip offers it', async () => {
    const { cardLink } = link(nine, undefined, '012345');
    const result = await readCard({ link: cardLink, mrzKeys: [nine], can: '012345', random, readPhoto: true });
    expect(result.access).toBe('PACE');
    expect(result.paceFallback).toBeUndefined();
    expect(result.dg13?.fullName).toBe('Nguyễn Văn An');
  });

  it('PACE session is re-opened after a tag loss and the read resumes', async () => {
    const { cardLink } = link(nine, 40, '012345');
    const result = await readCard({ link: cardLink, mrzKeys: [], can: '012345', random, readPhoto: true });
    expect(result.access).toBe('PACE');
    expect(result.recoveries).toBe(1);
  });

  it('falls back to BAC when the chip has no EF.CardAccess or the CAN is wrong', async () => {
    const noPace = await readCard({ link: link(nine).cardLink, mrzKeys: [nine], can: '012345', random });
    expect(noPace).toMatchObject({ access: 'BAC', paceFallback: 'DK_ERR_CHIP_FILE_NOT_FOUND' });
    const wrongCan = await readCard({ link: link(nine, undefined, '012345').cardLink, mrzKeys: [nine], can: '999999', random });
    expect(wrongCan).toMatchObject({ access: 'BAC', paceFallback: 'DK_ERR_CHIP_ACCESS_DENIED' });
    await expect(readCard({ link: link(nine, undefined, '012345').cardLink, mrzKeys: [], can: '999999', random })).rejects.toMatchObject({
      code: 'DK_ERR_CHIP_ACCESS_DENIED',
    });
  });
});
