import { z } from 'zod';
import { tokenIssueSteps } from '@dangky/core/agent';
import { errorCode } from '@dangky/core/errors';
import { PIN_MAX_LENGTH } from '@dangky/core/token';
import { remoteActivation } from '@dangky/core/protocol';

/**
 * The messages between the clerk's window and the citizen's window of one counter. Both windows
 * parse every message with these schemas and drop what does not parse: a message comes from
 * another window, so it is outside data like any other.
 *
 * The channel is a BroadcastChannel of the counter-app's origin. A counter is one browser profile
 * on one PC (its pairing lives in that profile's IndexedDB), and a BroadcastChannel reaches
 * exactly the windows of one origin in one profile — so the two monitors of a counter hear each
 * other and no other counter ever does. It needs no window reference (the citizen's window can be
 * started on its own, e.g. by the PC's start-up in app mode on the second monitor, and either
 * window may reload) and keeps everything in memory: storage events would write the PIN's digits
 * to disk, and a shared worker would add a process for two windows that only talk.
 */
export const CITIZEN_SCREEN_CHANNEL = 'dangky.counter.citizen-screen';

/** How often the citizen's window says it is there, and how long after its last word it counts as gone. */
export const CITIZEN_HEARTBEAT_MS = 1_000;
export const CITIZEN_GONE_MS = 3_500;

const windowId = z.string().min(8).max(64);

/** A key on the citizen's keypad: the issuance machine's PIN events, digits only. */
export const pinKey = z.discriminatedUnion('type', [
  z.object({ type: z.literal('pin.digit'), digit: z.string().regex(/^[0-9]$/) }),
  z.object({ type: z.literal('pin.erase') }),
  z.object({ type: z.literal('pin.submit') }),
  z.object({ type: z.literal('pin.cancel') }),
]);
export type PinKey = z.infer<typeof pinKey>;

const step = z.enum(tokenIssueSteps);

/**
 * What the citizen's screen shows. Never a PIN digit: the keypad's state is the stage and how many
 * digits are typed, as the dots show it.
 */
export const citizenView = z.discriminatedUnion('kind', [
  /** Between citizens: a welcome. */
  z.object({ kind: z.literal('welcome') }),
  /** The clerk is getting the token or the provider ready. */
  z.object({ kind: z.literal('preparing'), service: z.enum(['token', 'remote']) }),
  z.object({
    kind: z.literal('pin'),
    stage: z.enum(['first', 'confirm']),
    length: z.number().int().min(0).max(PIN_MAX_LENGTH),
    problem: errorCode.nullable(),
  }),
  z.object({ kind: z.literal('issuing'), doneSteps: z.array(step).max(tokenIssueSteps.length), currentStep: step.nullable() }),
  /** Something went wrong: the citizen waits while the clerk handles it. */
  z.object({ kind: z.literal('problem') }),
  z.object({
    kind: z.literal('activation'),
    qrPayload: remoteActivation.shape.qrPayload,
    code: remoteActivation.shape.code,
    appName: remoteActivation.shape.appName,
    expiresAt: remoteActivation.shape.expiresAt,
  }),
  z.object({
    kind: z.literal('receipt'),
    service: z.enum(['token', 'remote']),
    holder: z.string().max(200),
    provider: z.string().max(200),
    tokenSerial: z.string().max(64).nullable(),
    validUntil: z.iso.datetime({ offset: true }).nullable(),
  }),
]);
export type CitizenView = z.infer<typeof citizenView>;
export type CitizenViewKind = CitizenView['kind'];

export const screenMessage = z.discriminatedUnion('type', [
  /** Clerk → citizen: a clerk's window opened and asks who is there. */
  z.object({ type: z.literal('clerk.hello'), clerkId: windowId }),
  /** Clerk → citizen: what to show now. */
  z.object({ type: z.literal('clerk.view'), clerkId: windowId, view: citizenView }),
  /** Clerk → citizen: the clerk's window closed. */
  z.object({ type: z.literal('clerk.bye'), clerkId: windowId }),
  /** Citizen → clerk: "I am here" (also the heartbeat). */
  z.object({ type: z.literal('citizen.hello'), screenId: windowId }),
  z.object({ type: z.literal('citizen.bye'), screenId: windowId }),
  /** Citizen → clerk: a key of the PIN keypad, for the clerk window that showed it. */
  z.object({ type: z.literal('citizen.pin'), screenId: windowId, clerkId: windowId, key: pinKey }),
]);
export type ScreenMessage = z.infer<typeof screenMessage>;

/** The one parse both windows use: a message that does not parse is dropped (null). */
export function parseScreenMessage(data: unknown): ScreenMessage | null {
  const parsed = screenMessage.safeParse(data);
  return parsed.success ? parsed.data : null;
}

/** The part of a BroadcastChannel the links use (tests pass a pair in memory or a real one). */
export interface ScreenChannel {
  postMessage(message: ScreenMessage): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  close(): void;
}
