import type { vi } from './vi.ts';

/** English, one tap away: the welcome screen's texts. Same keys as `vi.ts`; the flow's are in `en-flow.ts`. */
export const en: typeof vi = {
  app: {
    title: 'Digital signature and e-ID registration',
    language: 'Tiếng Việt',
    languageLabel: 'Tiếng Việt — switch to Vietnamese',
    unpaired: 'This kiosk is not paired. Please tell a member of staff.',
    paired: 'This kiosk is now paired with {site}.',
    loading: 'Loading…',
    largeText: 'Large text',
    highContrast: 'High contrast',
    displayLabel: 'Display',
    help: 'Help',
  },
  revoked: {
    heading: 'This kiosk is no longer enrolled.',
    body: 'It takes no registrations for now. Please tell a member of staff.',
    kept: 'It held {count} records not yet sent: their number was reported to the administrator, and the personal data was erased from this kiosk.',
  },
  booth: {
    days: 'This booth is open from {first} to {last}.',
  },
  welcome: {
    heading: 'Welcome!',
    lead: 'Register for a free personal digital signature or a level-2 electronic identity.',
    start: 'Touch to start',
    steps: 'It takes a few minutes. Please have your citizen ID card with you.',
  },
  devices: {
    printer: 'Printer',
    'nfc-reader': 'Chip reader',
    'qr-scanner': 'QR scanner',
    'token-slot': 'Token slot',
    camera: 'Camera',
    'headset-jack': 'Headset jack',
    state: { ready: 'ready', busy: 'busy', offline: 'disconnected', error: 'error' },
  },
  sync: {
    indicator: '{pending} waiting to sync · last synced {time}',
    never: 'never',
    offline: 'Offline',
  },
  errors: {
    heading: 'Something went wrong',
    dismiss: 'Close',
  },
};
