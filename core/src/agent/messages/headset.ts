import type { DeviceStatus } from '../protocol.ts';

/**
 * The kiosk's headset jack (ADA §707.8: a standard 3.5 mm connector for speech output). The agent
 * reads the sound card's jack sense — an analog headset only switches the output port of the same
 * card, so the browser's list of audio devices does not change and `devicechange` never fires;
 * only the station can tell — and reports it as the `headset-jack` device's status: `ready`, with
 * `detail` `plugged` or `unplugged`. A status is what a page gets on connecting (`welcome`) and on
 * every change (`device.status`), so the kiosk knows the jack from its first frame.
 */
export const HEADSET_JACK_DETAIL = { plugged: 'plugged', unplugged: 'unplugged' } as const;

/** Whether a headset is in the jack, from the station's devices; null when there is no readable jack. */
export function headsetJackReading(devices: readonly DeviceStatus[]): boolean | null {
  const jack = devices.find((d) => d.kind === 'headset-jack');
  if (!jack || jack.state !== 'ready') return null;
  return jack.detail === HEADSET_JACK_DETAIL.plugged ? true : jack.detail === HEADSET_JACK_DETAIL.unplugged ? false : null;
}

/** What a new jack reading means for the audio guidance: null = nothing to do. */
export type HeadsetChange = 'plugged' | 'unplugged' | null;

/**
 * The kiosk's rule, pure: a change between two known readings is news. `previous` is the last
 * known reading — a jack that cannot be read for a moment (null) changes nothing and is not
 * remembered. The first reading only says how things are: a headset left in the jack by the last
 * citizen does not start talking to the next one (they plug it in again or tap "Nghe hướng dẫn").
 */
export function headsetChange(previous: boolean | null, now: boolean | null): HeadsetChange {
  if (previous === null || now === null || previous === now) return null;
  return now ? 'plugged' : 'unplugged';
}
