import { DangkyError } from '../errors/dangky-error.ts';
import { hcmDay } from '../time/hcm-day.ts';
import { deflateRaw, inflateRaw } from './deflate.ts';
import { open, seal, type OpeningKey } from './seal.ts';
import type { SitePublicKey } from './site-key.ts';
import { fromTicketContent, ticketContent, toTicketContent, type HandedOffRegistration } from './ticket-content.ts';

const utf8 = (text: string) => new Uint8Array(new TextEncoder().encode(text));

/** The text a ticket's QR carries: the registration sealed to its site's key. */
export async function sealRegistration(reg: HandedOffRegistration, site: SitePublicKey): Promise<string> {
  return seal(await deflateRaw(utf8(JSON.stringify(toTicketContent(reg)))), site);
}

/** A registration's array is well under 2 KB even with every field at its longest. */
const MAX_CONTENT_BYTES = 4096;

export interface OpenOptions {
  /** The counter's site: a ticket opened with a key it holds must still be for this site. */
  siteId: string;
  /** The keys the counter holds (current and, for a while after a rotation, the previous one). */
  keys: readonly OpeningKey[];
  /** The counter's clock: a ticket is valid on the Ho Chi Minh day it was issued for, no later. */
  now: Date;
}

/**
 * Opens a scanned ticket text into the registration it carries, or throws a `DangkyError` with a
 * hand-off code: malformed, unknown version, another site's (or a retired key's), tampered, or
 * from an earlier day. Never throws anything else, whatever the text.
 */
export async function openRegistration(text: string, { siteId, keys, now }: OpenOptions): Promise<HandedOffRegistration> {
  if (keys.length === 0) throw new DangkyError('DK_ERR_HANDOFF_NO_KEY');
  const plain = await open(text, keys);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(await inflateRaw(plain, MAX_CONTENT_BYTES)));
  } catch {
    // Authenticated bytes that are not our deflated JSON: sealed by something that is not a kiosk of ours.
    throw new DangkyError('DK_ERR_HANDOFF_MALFORMED');
  }
  const content = ticketContent.safeParse(json);
  const reg = content.success ? fromTicketContent(content.data) : null;
  if (!reg) throw new DangkyError('DK_ERR_HANDOFF_MALFORMED');
  if (reg.draft.siteId !== siteId) throw new DangkyError('DK_ERR_HANDOFF_OTHER_SITE');
  if (hcmDay(now) > reg.draft.ticket.day) throw new DangkyError('DK_ERR_HANDOFF_EXPIRED', { detail: { day: reg.draft.ticket.day } });
  return reg;
}
