import { z } from 'zod';
import { boardNoticeNotification, boardPauseNotification, boardRequests } from './messages/board.ts';
import { keyRequests, sealedPairing } from './messages/keys.ts';
import { nfcRequests } from './messages/nfc.ts';
import { printerRequests } from './messages/printer.ts';
import { qrScannedNotification } from './messages/qr.ts';
import { tokenProgressNotification, tokenRequests, tokenSlotsNotification } from './messages/token.ts';

/**
 * The hardware agent's WebSocket protocol (ws://127.0.0.1:<port>), shared by the agent and
 * the pages. Every frame is JSON parsed by these schemas on both sides.
 *
 * 1. The page connects; the agent checks the `Origin` header against its allow-list.
 * 2. The page's first frame is `hello` with the pairing secret — or, once paired, with the
 *    secret as this agent sealed it (`sealedPairing`, see messages/keys.ts: the page keeps no
 *    secret it can read alone); the agent answers `welcome`, with a fresh `sealedPairing` when it
 *    keeps row keys (or closes with 4401 / 4403).
 * 3. Requests `{ id, type, params }` get exactly one reply `{ id, ok, result | error }`.
 * 4. The agent pushes notifications `{ type: '<device>.<event>', … }` at any time.
 *
 * Each device area declares its requests and notifications in `messages/<area>.ts`; this file
 * only merges them.
 */
export const AGENT_PROTOCOL_VERSION = 1;

export const deviceKind = z.enum(['printer', 'qr-scanner', 'nfc-reader', 'token-slot', 'camera', 'headset-jack']);
export type DeviceKind = z.infer<typeof deviceKind>;
export const deviceState = z.enum(['ready', 'busy', 'offline', 'error']);
export const deviceStatus = z.object({
  id: z.string().min(1).max(64),
  kind: deviceKind,
  state: deviceState,
  simulated: z.boolean(),
  /** A registry code when `state` is `error` or `offline`. */
  errorCode: z.string().nullable(),
  detail: z.string().max(200).nullable(),
});
export type DeviceStatus = z.infer<typeof deviceStatus>;

const helloBase = {
  type: z.literal('hello'),
  protocol: z.literal(AGENT_PROTOCOL_VERSION),
  client: z.enum(['kiosk', 'counter', 'display', 'cli', 'test']),
};
export const hello = z.union([
  z.object({ ...helloBase, pairingSecret: z.string().min(16).max(128) }).strict(),
  z.object({ ...helloBase, sealedPairing }).strict(),
]);
export type Hello = z.infer<typeof hello>;

export const welcome = z.object({
  type: z.literal('welcome'),
  agentVersion: z.string(),
  stationId: z.string(),
  devices: z.array(deviceStatus),
  /** The pairing secret sealed by this agent, for the page to keep instead of the secret (agents that keep row keys). */
  sealedPairing: sealedPairing.optional(),
});

const coreRequests = {
  'devices.list': { params: z.object({}), result: z.object({ devices: z.array(deviceStatus) }) },
} as const;

export const agentRequests = {
  ...coreRequests,
  ...printerRequests,
  ...nfcRequests,
  ...tokenRequests,
  ...keyRequests,
  ...boardRequests,
} as const;
export type AgentRequestType = keyof typeof agentRequests;
export type AgentParams<T extends AgentRequestType> = z.input<(typeof agentRequests)[T]['params']>;
export type AgentResult<T extends AgentRequestType> = z.infer<(typeof agentRequests)[T]['result']>;
/** Params as a handler receives them, after the agent parsed them with the request's schema. */
export type AgentParsedParams<T extends AgentRequestType> = z.output<(typeof agentRequests)[T]['params']>;
export const isAgentRequestType = (type: string): type is AgentRequestType => Object.hasOwn(agentRequests, type);

export const agentRequest = z.object({
  id: z.string().min(1).max(64),
  type: z.string().max(64),
  params: z.unknown(),
});

export const agentReply = z.union([
  z.object({ id: z.string(), ok: z.literal(true), result: z.unknown() }),
  z.object({ id: z.string(), ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
]);
export type AgentReply = z.infer<typeof agentReply>;

export const deviceStatusNotification = z.object({ type: z.literal('device.status'), device: deviceStatus });

/** Notifications the agent pushes; device areas add theirs to this union. */
export const agentNotification = z.discriminatedUnion('type', [
  deviceStatusNotification,
  qrScannedNotification,
  tokenSlotsNotification,
  tokenProgressNotification,
  boardNoticeNotification,
  boardPauseNotification,
]);
export type AgentNotification = z.infer<typeof agentNotification>;

/** WebSocket close codes the agent uses. */
export const agentCloseCodes = { pairingFailed: 4401, originRefused: 4403, protocolError: 4400 } as const;
