import { callBoard, type CallBoard } from '@dangky/core/queue';
import { deviceAuthorization, routes } from '@dangky/core/protocol';
import { DeviceDb, requestJson } from '@dangky/web';
import { openDevice, type Device } from '@dangky/web/shell';

/**
 * This browser as the waiting room's call display: the shell's device (pairing by one-time code
 * or link, its secret sealed under a key the station's hardware agent keeps) in a database of its
 * own — a display opened on a counter's PC must not touch that counter's queue. It records
 * nothing; the sync machine's "pull" is the read of its site's call board (every few seconds,
 * with backoff while the server is out of reach, and again by itself when it is back).
 */
export class DisplayDb extends DeviceDb {
  constructor() {
    super('dangky-display');
  }
}

export type DisplayDevice = Device<DisplayDb>;

export function openDisplayDevice(onBoard: (board: CallBoard) => void): Promise<DisplayDevice> {
  return openDevice({
    db: new DisplayDb(),
    client: 'display',
    // Nothing to adopt from the reference data: a display has no counters, tickets or catalogue.
    beforeFirstPush: async () => undefined,
    pullPage: async ({ pairing }) => {
      const board = await requestJson(pairing.server, routes.board, callBoard, {
        authorization: deviceAuthorization(pairing.deviceId, pairing.deviceSecret),
      });
      onBoard(board);
      return { received: 1, hasMore: false, at: board.at };
    },
  });
}
