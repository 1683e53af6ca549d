import { assertStatusOk, encodeApdu, parseResponse, type CommandApdu } from '@dangky/core/icao';
import type { Transceive } from './bac.ts';
import { unwrapResponse, wrapApdu, type SmSession } from './secure-messaging.ts';

/**
 * What the file reader talks to: one command in, the response data out, a typed error for any
 * status other than 9000. Plain before access control, secure messaging after.
 */
export interface ChipChannel {
  send(apdu: CommandApdu): Promise<Uint8Array>;
}

export const plainChannel = (transceive: Transceive): ChipChannel => ({
  async send(apdu) {
    const response = parseResponse(await transceive(encodeApdu(apdu)));
    assertStatusOk(response.sw);
    return response.data;
  },
});

/** Every command wrapped, every response's MAC checked (see secure-messaging.ts). */
export const secureChannel = (session: SmSession, transceive: Transceive): ChipChannel => ({
  async send(apdu) {
    return unwrapResponse(session, await transceive(wrapApdu(session, apdu))).data;
  },
});
