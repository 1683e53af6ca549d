import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EF, bacKeyInfo, encodeTlv, selectAid } from '@dangky/core/icao';
import { performActiveAuthentication } from './active-auth.ts';
import { performBac, type Transceive } from './bac.ts';
import { plainChannel, secureChannel } from './chip-channel.ts';
import { VirtualChip } from './sim/virtual-chip.ts';

const key = { documentNumber: '099012345', birthDate: '990515', expiryDate: '390515' };
const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));

async function setup(signingKeyMatches: boolean) {
  const aa = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const other = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const dg15 = encodeTlv(0x6f, new Uint8Array(aa.publicKey.export({ format: 'der', type: 'spki' })));
  const challenges: string[] = [];
  const chip = new VirtualChip({
    files: new Map([[EF.dg15.fid, dg15]]),
    mrzInfo: bacKeyInfo(key),
    activeAuthKey: signingKeyMatches ? aa.privateKey : other.privateKey,
  });
  const transceive: Transceive = async (apdu) => chip.transceive(apdu);
  await plainChannel(transceive).send(selectAid());
  const session = await performBac({ mrzInfo: bacKeyInfo(key), transceive, random });
  const channel = secureChannel(session, transceive);
  const recordingRandom = (n: number) => {
    const bytes = random(n);
    challenges.push(Buffer.from(bytes).toString('hex'));
    return bytes;
  };
  return { channel, dg15, challenges, recordingRandom };
}

describe('Active Authentication', () => {
  it('passes when the chip holds the DG15 key, with a fresh challenge each time', async () => {
    const { channel, dg15, challenges, recordingRandom } = await setup(true);
    expect(await performActiveAuthentication({ channel, dg15, random: recordingRandom })).toMatchObject({ verdict: 'passed' });
    expect(await performActiveAuthentication({ channel, dg15, random: recordingRandom })).toMatchObject({ verdict: 'passed' });
    expect(new Set(challenges).size).toBe(2);
  });

  it('fails for a cloned chip (a different key) and for a broken DG15; RSA is unsupported, not guessed', async () => {
    const { channel, dg15 } = await setup(false);
    expect(await performActiveAuthentication({ channel, dg15, random })).toMatchObject({ verdict: 'failed' });
    expect(await performActiveAuthentication({ channel, dg15: encodeTlv(0x6f, Uint8Array.of(1, 2, 3)), random })).toMatchObject({
      verdict: 'failed',
    });
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const rsaDg15 = encodeTlv(0x6f, new Uint8Array(rsa.publicKey.export({ format: 'der', type: 'spki' })));
    expect(await performActiveAuthentication({ channel, dg15: rsaDg15, random })).toMatchObject({ verdict: 'unsupported' });
  });
});
