import type { ChipReader } from '../nfc/chip-reader.ts';
import type { SerialPrinter } from '../printer/serial-printer.ts';
import type { AgentHandlers } from './server.ts';
import type { TokenDevice } from './token-device.ts';
import type { RowKey, RowKeyFile } from '../keys/row-key-file.ts';

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
export function tokenHandlers(device: Pick<TokenDevice, 'list' | 'issue' | 'issuance' | 'unblock' | 'revoke'>): AgentHandlers {
  return {
    'token.list': async () => ({ slots: await device.list() }),
    // An issuance for a registration is journaled: it goes on when the page reloads, which asks for it again.
    'token.issue': (params, { signal, deadline }) => device.issue(params, params.registrationId ? deadline : signal),
    'token.issuance': (params) => device.issuance(params),
    'token.unblock': (params) => device.unblock(params),
    'token.revoke': (params) => device.revoke(params),
  };
}

/** The row keys the page's sealed rows use (core/src/agent/messages/keys.ts), kept in the agent's key store. */
export function keyHandlers(rows: RowKeyFile): AgentHandlers {
  const bytes = (text: string) => Buffer.from(text, 'base64url');
  const out = (keys: RowKey[]) => ({ keys: keys.map((k) => ({ keyId: k.keyId.toString('base64url'), key: k.key.toString('base64url') })) });
  return {
    'keys.create': async ({ holder, count }) => out(await rows.create(bytes(holder), count)),
    'keys.get': async ({ holder, keyIds }) => out(rows.get(bytes(holder), keyIds.map(bytes))),
    'keys.forget': async ({ holder, keyIds }) => ({ forgotten: await rows.forget(bytes(holder), keyIds.map(bytes)) }),
    'keys.forget-all': async ({ holder }) => ({ forgotten: await rows.forgetAll(bytes(holder)) }),
    'keys.list': async ({ holder, createdBefore, limit }) => ({
      keyIds: rows.list(bytes(holder), Date.parse(createdBefore), limit).map((id) => id.toString('base64url')),
    }),
  };
}
