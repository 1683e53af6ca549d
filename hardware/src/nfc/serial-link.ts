import { SerialPort } from 'serialport';
import { DangkyError } from '@dangky/core/errors';
import type { Pn532Port } from './pn532.ts';
import { SerialFdPort, type FdPoller } from './serial-fd-port.ts';

/**
 * Opens the reader's serial port (or the simulator's pty) for the PN532 driver. serialport opens
 * and configures it (baud rate, raw 8N1, exclusive) and closes it; on Linux and macOS the bytes
 * then go through `SerialFdPort` on the fd serialport opened (see there for why), elsewhere
 * (Windows, or a binding without an fd) through serialport's own stream.
 */

export interface SerialLink {
  port: Pn532Port;
  /** `fd`: read and written on the event-loop thread; `serialport`: through serialport's stream. */
  io: 'fd' | 'serialport';
  close(): Promise<void>;
}

export interface SerialLinkOptions {
  path: string;
  baudRate?: number;
  /** Force serialport's own stream (the bench compares the two). */
  io?: 'fd' | 'serialport';
}

function fdAndPoller(port: SerialPort): { fd: number; poller: FdPoller } | undefined {
  // LinuxPortBinding / DarwinPortBinding carry `fd` and `poller`; the binding interface type does not.
  const binding = port.port as unknown as { fd?: unknown; poller?: { on?: unknown; poll?: unknown } } | undefined;
  if (typeof binding?.fd !== 'number' || typeof binding.poller?.on !== 'function' || typeof binding.poller.poll !== 'function')
    return undefined;
  return { fd: binding.fd, poller: binding.poller as FdPoller };
}

export async function openSerialLink(options: SerialLinkOptions): Promise<SerialLink> {
  const serial = new SerialPort({ path: options.path, baudRate: options.baudRate ?? 115_200, autoOpen: false });
  await new Promise<void>((resolve, reject) =>
    serial.open((error) => (error ? reject(new DangkyError('DK_ERR_SERIAL_PORT', { cause: error })) : resolve())),
  );
  const direct = options.io === 'serialport' ? undefined : fdAndPoller(serial);
  const port = direct ? new SerialFdPort(direct.fd, direct.poller) : serial;
  return {
    port,
    io: direct ? 'fd' : 'serialport',
    close: async () => {
      // Stop reading first; closing the port then stops its poller and closes the fd.
      if (port instanceof SerialFdPort) port.destroy();
      await new Promise<void>((resolve) => (serial.isOpen ? serial.close(() => resolve()) : resolve()));
    },
  };
}
