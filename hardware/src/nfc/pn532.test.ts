import { Duplex, PassThrough, Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EF, bacKeyInfo, encodeTlv, selectAid } from '@dangky/core/icao';
import { performBac } from './bac.ts';
import { plainChannel, secureChannel } from './chip-channel.ts';
import { Pn532 } from './pn532.ts';
import { readFile } from './read-file.ts';
import { duplexPair } from './sim/duplex-pair.ts';
import { VirtualChip } from './sim/virtual-chip.ts';
import { VirtualPn532 } from './sim/virtual-pn532.ts';

const mrzInfo = bacKeyInfo({ documentNumber: '099012345', birthDate: '990515', expiryDate: '390515' });
const dg2 = encodeTlv(
  0x75,
  new Uint8Array(15_000).map((_, i) => (i * 13) & 0xff),
);

function rig(options: { maxDataIn?: number; chip?: VirtualChip } = {}) {
  const [host, device] = duplexPair();
  const chip = options.chip ?? new VirtualChip({ files: new Map([[EF.dg2.fid, dg2]]), mrzInfo });
  const reader = new VirtualPn532({ chip, ...(options.maxDataIn ? { maxDataIn: options.maxDataIn } : {}) });
  reader.attach(device);
  const pn532 = new Pn532({ port: host });
  return { pn532, reader, chip, host, device };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('PN532 driver against the virtual PN532', () => {
  it('wakes up, reports its firmware, detects type A and type B cards', async () => {
    const { pn532 } = rig();
    await pn532.wakeUp();
    expect(await pn532.firmwareVersion()).toEqual({ ic: 0x32, version: 1, revision: 6, support: 7 });
    expect(await pn532.detect('A')).toMatchObject({ type: 'A', target: 1, sak: 0x20 });
    expect(await pn532.detect('B')).toMatchObject({ type: 'B', target: 1 });
    await pn532.release();
  });

  it('reports an empty field and a card removed mid-exchange', async () => {
    const { pn532, reader } = rig();
    reader.remove();
    expect(await pn532.detect()).toBeUndefined();
    reader.insert();
    await pn532.detect();
    reader.remove();
    await expect(pn532.transceive(Uint8Array.from([0x00, 0xa4, 0x04, 0x0c, 0x07, 0xa0, 0, 0, 2, 0x47, 0x10, 0x01]))).rejects.toMatchObject({
      code: 'DK_ERR_NFC_CARD_REMOVED',
    });
  });

  it('BAC and a 15 KB DG2 through the byte protocol, with answers chained by the MI bit', async () => {
    const { pn532 } = rig({ maxDataIn: 64 });
    await pn532.wakeUp();
    await pn532.detect();
    const transceive = (apdu: Uint8Array) => pn532.transceive(apdu);
    await plainChannel(transceive).send(selectAid());
    const session = await performBac({ mrzInfo, transceive, random: (n) => crypto.getRandomValues(new Uint8Array(n)) });
    const result = await readFile({ fid: EF.dg2.fid, channel: () => secureChannel(session, transceive) });
    expect(result.bytes).toEqual(dg2);
    expect(pn532.stats.bytesRead).toBeGreaterThan(dg2.length);
  });

  it('chains a command longer than one frame with the MI bit', async () => {
    const received: Uint8Array[] = [];
    const echo = {
      transceive: (apdu: Uint8Array) => (received.push(apdu), Uint8Array.of(0x90, 0x00)),
      reset: () => {},
    } as unknown as VirtualChip;
    const { pn532 } = rig({ chip: echo });
    await pn532.detect();
    const long = new Uint8Array(600).map((_, i) => i & 0xff);
    expect(Array.from(await pn532.transceive(long))).toEqual([0x90, 0x00]);
    expect(received.map((r) => Array.from(r))).toEqual([Array.from(long)]);
  });

  it('resends after a corrupted ACK and survives line noise', async () => {
    const [host, device] = duplexPair();
    const reader = new VirtualPn532({ chip: new VirtualChip({ files: new Map(), mrzInfo }) });
    // The device's first write (its ACK) arrives with noise before it and a broken LCS.
    let first = true;
    const noisy = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        if (first) {
          first = false;
          const bad = Buffer.from(chunk);
          bad[4] = 0x00;
          device.write(Buffer.concat([Buffer.from([0x12, 0x34]), bad]));
        } else device.write(chunk);
        callback();
      },
    });
    reader.attach(Duplex.from({ readable: device, writable: noisy }));
    const pn532 = new Pn532({ port: host });
    expect((await pn532.firmwareVersion()).ic).toBe(0x32);
    expect(pn532.stats.commands).toBeGreaterThanOrEqual(2);
  });

  it('an APDU whose ACK is lost or garbled runs once: the driver waits for its answer instead of resending it', async () => {
    for (const damage of ['drop', 'garble'] as const) {
      const [host, device] = duplexPair();
      const chip = new VirtualChip({ files: new Map([[EF.dg2.fid, dg2]]), mrzInfo });
      const reader = new VirtualPn532({ chip });
      // The device's ACK of the 3rd command (the first InDataExchange) is lost or corrupted.
      let writes = 0;
      const lossy = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          writes++;
          const isAck = chunk.length === 6 && chunk[3] === 0x00 && chunk[4] === 0xff;
          if (isAck && writes === 5) {
            if (damage === 'garble') device.write(Buffer.from([0x00, 0x00, 0xff, 0x00, 0xfe, 0x00]));
          } else device.write(chunk);
          callback();
        },
      });
      reader.attach(Duplex.from({ readable: device, writable: lossy }));
      const pn532 = new Pn532({ port: host, ackTimeoutMs: 30 });
      await pn532.wakeUp();
      await pn532.detect('A');
      const seen: string[] = [];
      const transceive = chip.transceive.bind(chip);
      chip.transceive = (apdu) => {
        seen.push(Buffer.from(apdu).toString('hex'));
        return transceive(apdu);
      };
      const channel = plainChannel((apdu) => pn532.transceive(apdu));
      await channel.send(selectAid());
      expect(seen).toHaveLength(1); // the chip saw the SELECT once
      expect(pn532.stats.commands).toBe(3); // SAM configuration, InListPassiveTarget, one InDataExchange
    }
  });

  it('an APDU frame lost on the way (no ACK, no answer) is sent again after the answer deadline', async () => {
    const [host, device] = duplexPair();
    const chip = new VirtualChip({ files: new Map(), mrzInfo });
    const reader = new VirtualPn532({ chip });
    // Host → device: the first InDataExchange frame (TFI D4, command 40) never reaches the device.
    let dropped = false;
    const lossyIn = new PassThrough();
    device.on('data', (chunk: Buffer) => {
      if (!dropped && chunk.includes(Buffer.from([0xd4, 0x40]))) dropped = true;
      else lossyIn.write(chunk);
    });
    reader.attach(Duplex.from({ readable: lossyIn, writable: device }));
    const pn532 = new Pn532({ port: host, ackTimeoutMs: 20, responseTimeoutMs: 100 });
    await pn532.wakeUp();
    await pn532.detect('A');
    await plainChannel((apdu) => pn532.transceive(apdu)).send(selectAid());
    expect(dropped).toBe(true);
    expect(pn532.stats.commands).toBe(4); // the InDataExchange went twice (the chip saw it once)
  });

  it('a silent reader: typed timeout after the retries, no hang', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const [host] = duplexPair();
    const pn532 = new Pn532({ port: host, ackTimeoutMs: 100, retries: 2 });
    const pending = pn532.firmwareVersion();
    const settled = expect(pending).rejects.toMatchObject({ code: 'DK_ERR_NFC_READER_TIMEOUT' });
    await vi.advanceTimersByTimeAsync(350);
    await settled;
    expect(pn532.stats.commands).toBe(3);
  });

  it('a closed port fails the pending command with a typed error', async () => {
    const [host] = duplexPair();
    const pn532 = new Pn532({ port: host, ackTimeoutMs: 10_000 });
    const pending = pn532.firmwareVersion();
    host.emit('close'); // what serialport emits when the reader is unplugged
    await expect(pending).rejects.toMatchObject({ code: 'DK_ERR_SERIAL_PORT' });
  });
});
