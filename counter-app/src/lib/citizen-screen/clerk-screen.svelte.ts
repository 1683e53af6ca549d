import { createClerkLink, type ClerkLink } from './links.ts';
import { CITIZEN_SCREEN_CHANNEL, type ScreenChannel } from './protocol.ts';

/**
 * The clerk's end of the citizen screen as a rune: `connected` follows the citizen's window, so
 * the panels hand the PIN keypad and the QR to it while it is there and keep them otherwise.
 * Null where the browser has no BroadcastChannel: the counter then works on one screen.
 */
export type CitizenScreen = Omit<ClerkLink, 'sweep'>;

export function openCitizenScreen(): CitizenScreen | null {
  if (typeof BroadcastChannel === 'undefined') return null;
  let connected = $state(false);
  const link = createClerkLink({
    channel: new BroadcastChannel(CITIZEN_SCREEN_CHANNEL) as unknown as ScreenChannel,
    onConnected: (c) => (connected = c),
  });
  return {
    get connected() {
      return connected;
    },
    show: link.show,
    onPin: link.onPin,
    stop: link.stop,
  };
}
