import { ROW_KEY_ID_BYTES } from '@dangky/core/agent';
import { base64UrlEncode } from '@dangky/core/protocol';
import type { DeviceDb } from './device-db.ts';
import { readSetting, writeSetting } from './settings.ts';

/** This profile's holder id at the agent's key store (core/src/agent/messages/keys.ts), made once. */
export async function rowKeyHolder(db: DeviceDb): Promise<string> {
  return db.transaction('rw', db.settings, async () => {
    const existing = await readSetting(db, 'rowKeyHolder');
    if (existing) return existing;
    const holder = base64UrlEncode(crypto.getRandomValues(new Uint8Array(ROW_KEY_ID_BYTES)));
    await writeSetting(db, 'rowKeyHolder', holder);
    return holder;
  });
}
