import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { DeviceStatus } from '../protocol.ts';
import { headsetChange, headsetJackReading } from './headset.ts';

const jack = (state: DeviceStatus['state'], detail: string | null): DeviceStatus => ({
  id: 'headset',
  kind: 'headset-jack',
  state,
  simulated: true,
  errorCode: null,
  detail,
});
const printer: DeviceStatus = { id: 'printer', kind: 'printer', state: 'ready', simulated: true, errorCode: null, detail: null };

describe('headsetJackReading', () => {
  it.each([
    ['plugged', [printer, jack('ready', 'plugged')], true],
    ['unplugged', [jack('ready', 'unplugged'), printer], false],
    ['no jack at this station', [printer], null],
    ['a jack that cannot be read', [jack('error', 'jack sense unreadable')], null],
    ['a jack not read yet', [jack('offline', 'starting')], null],
    ['a detail it does not know', [jack('ready', 'maybe')], null],
  ] as const)('%s', (_what, devices, expected) => {
    expect(headsetJackReading(devices)).toBe(expected);
  });
});

describe('headsetChange', () => {
  it.each([
    [null, true, null],
    [null, false, null],
    [false, true, 'plugged'],
    [true, false, 'unplugged'],
    [true, true, null],
    [false, false, null],
    [true, null, null],
    [false, null, null],
  ] as const)('from %s, reading %s: %s', (previous, now, expected) => {
    expect(headsetChange(previous, now)).toBe(expected);
  });

  it('over any run of readings: on after each plug, off after each unplug, never the same twice in a row (a moment unread is forgotten)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(true, false, null), { maxLength: 40 }), (readings) => {
        let previous: boolean | null = null;
        let last: string | null = null;
        for (const now of readings) {
          const change = headsetChange(previous, now);
          if (change) {
            expect(change).toBe(now ? 'plugged' : 'unplugged');
            expect(change).not.toBe(last);
            last = change;
          }
          previous = now ?? previous;
        }
      }),
    );
  });
});
