import { describe, expect, it, vi } from 'vitest';
import { startPtyPair } from '../serial/pty-pair.ts';
import { Pn532 } from './pn532.ts';
import { openSerialLink } from './serial-link.ts';
import { SerialFdPort } from './serial-fd-port.ts';
import { VirtualPn532 } from './sim/virtual-pn532.ts';

describe('serial link (fd read and written on the event-loop thread)', () => {
  it('carries the PN532 protocol over a real pty in both directions, and closes cleanly', async () => {
    const pair = await startPtyPair();
    const device = await openSerialLink({ path: pair.a });
    const host = await openSerialLink({ path: pair.b });
    try {
      expect(host.io).toBe('fd');
      expect(host.port).toBeInstanceOf(SerialFdPort);
      new VirtualPn532().attach(device.port as never);
      const pn532 = new Pn532({ port: host.port });
      await pn532.wakeUp();
      expect((await pn532.firmwareVersion()).version).toBe(1);
      expect(pn532.stats.bytesRead).toBeGreaterThan(0);
    } finally {
      await host.close();
      await device.close();
      await pair.close();
    }
    expect((host.port as SerialFdPort).closed).toBe(true);
  });

  it('the other end going away fails the waiting command with a serial-port code instead of hanging', async () => {
    const pair = await startPtyPair();
    const host = await openSerialLink({ path: pair.b });
    try {
      const pn532 = new Pn532({ port: host.port, ackTimeoutMs: 5_000 });
      const outcome = pn532.firmwareVersion().then(
        () => 'answered',
        (error: unknown) => error,
      );
      // The command is out, its ACK awaited.
      await vi.waitFor(() => expect(pn532.stats.bytesWritten).toBeGreaterThan(0));
      const t0 = performance.now();
      await pair.close(); // socat exits: the pty hangs up
      expect(await outcome).toMatchObject({ code: 'DK_ERR_SERIAL_PORT' });
      expect(performance.now() - t0).toBeLessThan(1_000); // not the 5 s ACK deadline
    } finally {
      await host.close();
    }
  });

  it('can still go through serialport’s own stream', async () => {
    const pair = await startPtyPair();
    const device = await openSerialLink({ path: pair.a });
    const host = await openSerialLink({ path: pair.b, io: 'serialport' });
    try {
      expect(host.io).toBe('serialport');
      new VirtualPn532().attach(device.port as never);
      const pn532 = new Pn532({ port: host.port });
      expect((await pn532.firmwareVersion()).ic).toBe(0x32);
    } finally {
      await host.close();
      await device.close();
      await pair.close();
    }
  });
});
