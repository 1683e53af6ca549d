import { z } from 'zod';
import { DangkyError } from '@dangky/core/errors';
import { isoDate } from '@dangky/core/schemas';
import { rowKeyHolder, rowKeyId, sealedPairing } from '@dangky/core/agent';
import type { DeviceDb } from './device-db.ts';

/** Typed access to the `settings` table: each key has its schema, and a bad stored row is an error. */
export const settingSchemas = {
  cursor: z.string(),
  deviceSeq: z.number().int().min(0),
  lastSyncedAt: z.string(),
  /** When this device last sent the server its report (outbox, version, hardware). */
  lastReportedAt: z.string(),
  /** The kiosk's ticket sequence of one Ho Chi Minh day. */
  ticketCounter: z.object({ day: isoDate, seq: z.number().int().min(0) }),
  /** This profile's name at the agent's key store (not a secret: it only groups the keys). */
  rowKeyHolder: rowKeyHolder,
  /** Keys of deleted rows the agent has not yet confirmed forgetting (it may have been down). */
  keysToForget: z.array(rowKeyId),
  /**
   * The station's agent this browser was joined to by a station link, before any enrolment: its
   * address and the pairing secret as the agent sealed it (only that agent opens it).
   */
  station: z.object({ agentUrl: z.url({ protocol: /^wss?$/ }), sealedPairing }),
  /**
   * The last wipe of an unenrolled device: when, and how many events its outbox and dead letters
   * held (reported to the server before the wipe). No personal data: the screen says it.
   */
  wiped: z.object({ at: z.string(), deviceId: z.string(), pending: z.number().int().min(0), deadLetters: z.number().int().min(0) }),
} as const;
export type Settings = { [K in keyof typeof settingSchemas]: z.infer<(typeof settingSchemas)[K]> };

export async function readSetting<K extends keyof Settings>(db: DeviceDb, key: K): Promise<Settings[K] | undefined> {
  const row = await db.settings.get(key);
  if (!row) return undefined;
  const parsed = settingSchemas[key].safeParse(row.value);
  if (!parsed.success) throw new DangkyError('DK_ERR_STORED_ROW_INVALID', { detail: { table: 'settings', key } });
  return parsed.data as Settings[K];
}

export const writeSetting = <K extends keyof Settings>(db: DeviceDb, key: K, value: Settings[K]): Promise<string> =>
  db.settings.put({ key, value });
