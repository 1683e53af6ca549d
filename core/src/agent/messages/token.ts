import { z } from 'zod';
import { ID_NUMBER } from '../../schemas/identity.ts';
import { providerId, uuidV7 } from '../../schemas/primitives.ts';
import { keyType } from '../../schemas/service.ts';
import { tokenRevocationReasons } from '../../token/token-lifecycle.ts';

/**
 * The signing-token slot. The agent watches its PKCS#11 module's slots and pushes
 * `token.slots` whenever a token appears, disappears or changes; the counter asks it to issue
 * one token with `token.issue` and follows the steps through `token.progress`.
 *
 * The citizen's new PIN crosses this socket once, inside `token.issue` (loopback, paired page),
 * and is never logged or echoed. The SO PIN never does: the agent reads it from the site's
 * secret store. An issuance that fails in an expected way (token pulled, CA down, …) is a
 * normal reply with `issued: false`, the code, the step it stopped at, and whether the token
 * was wiped — the page needs those to tell the clerk what to do; the bare error reply carries
 * only a code.
 *
 * After issuance the counter can also unblock a citizen's PIN (`token.unblock`: the SO PIN,
 * again from the agent's secret store, resets the user PIN to the one the citizen typed, and
 * the agent logs in with it to prove it works) and revoke a certificate at the provider's CA
 * (`token.revoke`, e.g. for a lost token). Both answer with a plain result or an error code;
 * the audited event (`token.pin-unblocked` / `token.revoked`) is written by the page.
 */

/**
 * How long one `token.issue` may take. Key generation alone takes tens of seconds on a real
 * token (the PKCS#11 worker allows 120 s), and a provider's CA may need its retries (20 s
 * budget), so the generic request deadline (30 s) does not fit: the agent answers within
 * `totalMs`, and between two `token.progress` notifications at most `quietMs` passes (the
 * longest step plus the wipe after a failure). The page's client re-arms its deadline on
 * every `token.progress`.
 */
export const tokenIssueDeadlines = { totalMs: 300_000, quietMs: 150_000 } as const;

/** The steps of one issuance, in order (hardware/src/token/issue.ts runs them). */
export const tokenIssueSteps = ['initialise', 'set-pin', 'generate-key', 'request', 'certify', 'write-certificate', 'verify'] as const;
export const tokenIssueStep = z.enum(tokenIssueSteps);
export type TokenIssueStep = z.infer<typeof tokenIssueStep>;

/** The key types a token can be issued with (the provider's CA must certify it: see its catalogue entry). */
export const tokenKeyType = keyType;
export type TokenKeyType = z.infer<typeof tokenKeyType>;

/** One token as the module reports it (CK_TOKEN_INFO, trimmed). */
export const tokenSlot = z.object({
  /** The slot handle, hex (SoftHSM moves a token to a new slot when it is initialised). */
  slotId: z.string().regex(/^[0-9a-f]{1,32}$/),
  label: z.string().max(32),
  serial: z.string().max(16),
  model: z.string().max(16),
  manufacturer: z.string().max(32),
  initialized: z.boolean(),
  /** A citizen's PIN is set: the token is in use and must not be wiped here. */
  userPinInitialized: z.boolean(),
  userPinLocked: z.boolean(),
  /**
   * Why this station cannot issue on this token though it is present (a model the agent's
   * configuration does not know: no module entry, no SO PIN for it), so the clerk hears it before
   * the citizen types a PIN. Absent or null: nothing against it.
   */
  problem: z
    .string()
    .regex(/^DK_ERR_[A-Z0-9_]+$/)
    .nullable()
    .optional(),
});
export type TokenSlot = z.infer<typeof tokenSlot>;

/** A token the counter may issue: no citizen PIN on it yet (fresh, or wiped after a failure). */
export const isBlankToken = (slot: TokenSlot): boolean => !slot.userPinInitialized;

/** A blank token this station can issue on (nothing against it). */
export const isIssuableToken = (slot: TokenSlot): boolean => isBlankToken(slot) && !slot.problem;

const certificateSerial = z.string().regex(/^[0-9a-f]{2,64}$/);
const isoInstant = z.iso.datetime({ offset: true });

export const tokenIssueParams = z.object({
  slotId: tokenSlot.shape.slotId,
  /** The serial the page saw in that slot; the agent refuses when another token is there now. */
  tokenSerial: tokenSlot.shape.serial,
  fullName: z.string().min(2).max(64),
  idNumber: z.string().regex(ID_NUMBER),
  province: z.string().min(2).max(128),
  keyType: tokenKeyType,
  /** The citizen's new PIN (policy checked again by the agent). */
  userPin: z.string().regex(/^\d{6,8}$/),
  /** The registration's provider (catalogue id, e.g. `vnpt`): the agent enrols with that provider's CA adapter. Absent: the built-in CA. */
  providerId: providerId.optional(),
  /**
   * The registration the token is for. With it the agent journals the issuance and never starts
   * a second one for that registration: a request while one runs gets the running one's answer,
   * and one after it was issued gets that result (`resumed: true`). Absent: the technician's CLI.
   */
  registrationId: uuidV7.optional(),
});
export type TokenIssueParams = z.infer<typeof tokenIssueParams>;

export const tokenIssued = z.object({
  issued: z.literal(true),
  tokenSerial: z.string().min(1).max(16),
  keyType: tokenKeyType,
  /** Absent in an earlier run's answer: the journal keeps no personal data, and the certificate names the citizen (it is on the token). */
  certificatePem: z.string().max(8_000).optional(),
  certificateSerial,
  notBefore: isoInstant,
  notAfter: isoInstant,
  verification: z.object({ verified: z.literal(true), algorithm: z.string().max(64) }),
  ms: z.number().nonnegative(),
  /** This is the answer of an issuance for the same registration that ran before (or was already running): nothing new was made. */
  resumed: z.boolean().optional(),
});
export type TokenIssued = z.infer<typeof tokenIssued>;

export const tokenIssueFailed = z.object({
  issued: z.literal(false),
  /** A registry code (DK_ERR_TOKEN_*, DK_ERR_CA_*). */
  code: z.string().regex(/^DK_ERR_[A-Z0-9_]+$/),
  /** The step that failed; null when nothing was started (wrong token, policy). */
  step: tokenIssueStep.nullable(),
  /** The token was re-initialised (erased) after the failure; false = set it aside for re-issue; null = nothing was written to it. */
  wiped: z.boolean().nullable(),
  /** A certificate already issued was revoked at the CA (null: none was issued). */
  certificateRevoked: z.boolean().nullable(),
});
export type TokenIssueFailed = z.infer<typeof tokenIssueFailed>;

export const tokenIssueResult = z.union([tokenIssued, tokenIssueFailed]);
export type TokenIssueResult = z.infer<typeof tokenIssueResult>;

/**
 * Where the issuance for one registration stands in the agent's journal: the counter asks on
 * resume (after a reload or a browser restart) before it offers to issue. `wait`: when one is
 * running, answer when it ends (the same deadline as `token.issue`; progress comes as
 * `token.progress` with the registration id meanwhile).
 */
export const tokenIssuanceParams = z.object({ registrationId: uuidV7, wait: z.boolean().optional() });
export type TokenIssuanceParams = z.infer<typeof tokenIssuanceParams>;

export const tokenIssuanceState = z.discriminatedUnion('state', [
  z.object({ state: z.literal('none') }),
  z.object({
    state: z.literal('running'),
    tokenSerial: z.string().max(16),
    /** Steps finished so far, in order, and the one running. */
    doneSteps: z.array(tokenIssueStep),
    currentStep: tokenIssueStep.nullable(),
  }),
  z.object({ state: z.literal('finished'), result: tokenIssueResult }),
]);
export type TokenIssuanceState = z.infer<typeof tokenIssuanceState>;

export const tokenUnblockParams = z.object({
  slotId: tokenSlot.shape.slotId,
  /** The issued token's serial; the agent refuses when another token is in that slot. */
  tokenSerial: tokenSlot.shape.serial.min(1),
  /** The citizen's new PIN (policy checked again by the agent; never logged or echoed). */
  newUserPin: z.string().regex(/^\d{6,8}$/),
});
export type TokenUnblockParams = z.infer<typeof tokenUnblockParams>;

export const tokenUnblocked = z.object({
  unblocked: z.literal(true),
  tokenSerial: tokenSlot.shape.serial,
  /** The agent logged in with the new PIN after setting it. */
  verified: z.literal(true),
});
export type TokenUnblocked = z.infer<typeof tokenUnblocked>;

export const tokenRevokeParams = z.object({
  tokenSerial: z.string().min(1).max(32),
  /** As printed on the issuance receipt (hex, case and colons ignored by the agent). */
  certificateSerial: z.string().regex(/^[0-9a-fA-F:]{2,96}$/),
  reason: z.enum(tokenRevocationReasons),
  /** The provider whose CA issued the certificate (as in token.issue). Absent: the built-in CA. */
  providerId: providerId.optional(),
});
export type TokenRevokeParams = z.infer<typeof tokenRevokeParams>;

export const tokenRevoked = z.object({
  revoked: z.literal(true),
  /** Normalised: lowercase hex, as in the `token.revoked` event. */
  certificateSerial,
  revokedAt: isoInstant,
  /** The CA's CRL now lists the certificate (read back after the revocation). */
  inCrl: z.boolean(),
});
export type TokenRevoked = z.infer<typeof tokenRevoked>;

export const tokenRequests = {
  'token.list': { params: z.object({}), result: z.object({ slots: z.array(tokenSlot) }) },
  'token.issue': { params: tokenIssueParams, result: tokenIssueResult },
  'token.issuance': { params: tokenIssuanceParams, result: tokenIssuanceState },
  'token.unblock': { params: tokenUnblockParams, result: tokenUnblocked },
  'token.revoke': { params: tokenRevokeParams, result: tokenRevoked },
} as const;

export const tokenSlotsNotification = z.object({
  type: z.literal('token.slots'),
  slots: z.array(tokenSlot),
  /** Set when the module cannot be read (not loaded, crashed): the slots are then unknown. */
  errorCode: z.string().nullable(),
});
export const tokenProgressNotification = z.object({
  type: z.literal('token.progress'),
  step: tokenIssueStep,
  state: z.enum(['started', 'done']),
  ms: z.number().nonnegative().optional(),
  /** The registration being issued, when the request named one (a resumed page follows only its own). */
  registrationId: uuidV7.optional(),
});
export type TokenProgress = z.infer<typeof tokenProgressNotification>;
