import type { ChipReader } from '../nfc/chip-reader.ts';
import type { SerialPrinter } from '../printer/serial-printer.ts';
import type { AgentHandlers } from './server.ts';
import type { TokenDevice } from './token-device.ts';

/** The requests the ticket printer answers (queue tickets, and token issuance receipts at a counter). */
export function printerHandlers(printer: Pick<SerialPrinter, 'printTicket' | 'printReceipt'>): AgentHandlers {
  return {
    'printer.print-ticket': async (job) => {
      const { bytes } = await printer.printTicket(job);
      return { printed: true, bytes };
    },
    'printer.print-receipt': async (job) => {
      const { bytes } = await printer.printReceipt(job);
      return { printed: true, bytes };
    },
  };
}

/** The requests the chip reader answers. */
export function nfcHandlers(reader: Pick<ChipReader, 'read'>): AgentHandlers {
  return {
    'nfc.read-card': (params) => reader.read(params),
  };
}

/** The requests the signing-token slot answers. */
export function tokenHandlers(device: Pick<TokenDevice, 'list' | 'issue' | 'unblock' | 'revoke'>): AgentHandlers {
  return {
    'token.list': async () => ({ slots: await device.list() }),
    'token.issue': (params, { signal }) => device.issue(params, signal),
    'token.unblock': (params) => device.unblock(params),
    'token.revoke': (params) => device.revoke(params),
  };
}
