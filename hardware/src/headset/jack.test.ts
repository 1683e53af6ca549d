import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeviceStatus } from '@dangky/core/agent';
import { createHeadsetJack, parseJackControl, parseSimulatedJack, simulatedJack, type HeadsetJack } from './jack.ts';

// What `amixer -c 0 cget iface=CARD,name='Headphone Jack'` prints on an Intel HDA codec.
const amixer = (value: string) =>
  `numid=18,iface=CARD,name='Headphone Jack'\n  ; type=BOOLEAN,access=r-------,values=1\n  : values=${value}\n`;

describe('the jack sense', () => {
  it('reads amixer: on is plugged, off is not, anything else says nothing', () => {
    expect(parseJackControl(amixer('on'))).toBe(true);
    expect(parseJackControl(amixer('off'))).toBe(false);
    expect(parseJackControl('amixer: Cannot find the given element from control hw:0\n')).toBeNull();
    expect(parseJackControl('')).toBeNull();
  });

  it("reads the simulator's file", () => {
    expect(parseSimulatedJack('plugged\n')).toBe(true);
    expect(parseSimulatedJack('unplugged')).toBe(false);
    expect(parseSimulatedJack(null)).toBe(false);
    expect(parseSimulatedJack('maybe')).toBeNull();
  });
});

describe('the headset jack device', () => {
  let jack: HeadsetJack | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await jack?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reports the jack as its status on each change — ready, plugged or unplugged — and an error while it cannot read it', async () => {
    dir = await mkdtemp(join(tmpdir(), 'jack-'));
    const file = join(dir, 'headset');
    jack = createHeadsetJack({ id: 'headset', read: simulatedJack(file), simulated: true, pollMs: 20 });
    const seen: DeviceStatus[] = [];
    jack.onStatus((s) => seen.push(s));
    await expect.poll(() => jack!.status()).toMatchObject({ kind: 'headset-jack', state: 'ready', detail: 'unplugged', simulated: true });
    await writeFile(file, 'plugged');
    await expect.poll(() => jack!.status().detail).toBe('plugged');
    expect(jack.plugged()).toBe(true);
    await writeFile(file, 'unplugged');
    await expect.poll(() => jack!.status().detail).toBe('unplugged');
    await writeFile(file, 'maybe');
    await expect.poll(() => jack!.status().state).toBe('error');
    // Each change once: the polls in between that read the same are not news.
    expect(seen.map((s) => s.detail)).toEqual(['unplugged', 'plugged', 'unplugged', 'jack sense unreadable']);
  });
});
