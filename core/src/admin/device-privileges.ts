import type { ErrorCode } from '../errors/registry.ts';
import type { EventType } from '../events/event-types.ts';
import type { Role } from '../protocol/staff.ts';
import { inScope, scopeOf } from './permissions.ts';

/**
 * What each kind of device may do, decided in one table keyed by event type: which kinds may
 * record the event, and — for an event that names an operator — which roles that person needs and
 * how the server knows they were there. A kiosk records only the citizen's submission; everything
 * a clerk does is recorded by a counter. A kind that appears in no row records nothing: the
 * waiting-room display (`display`) pushes no event; it only reads its site's call board
 * (`boardReaders`).
 *
 * `proof` says how the operator is bound to the device: `session` — the operator was signed in on
 * the sending device when the event was recorded; `approval` — the event names an approval the
 * operator made on the server with their own sign-in (a manager approving at a clerk's counter
 * signs in for that one request, so no session stays on the device; the approval is the stronger
 * proof, checked by the push's approval gate).
 */
export const deviceKinds = ['kiosk', 'counter', 'display'] as const;
export type DeviceKind = (typeof deviceKinds)[number];

export interface EventPrivilege {
  devices: readonly DeviceKind[];
  operator: { roles: readonly Role[]; proof: 'session' | 'approval' } | null;
}

/** The roles that serve citizens at a counter. */
export const servingRoles: readonly Role[] = ['clerk', 'site-manager', 'city-manager'];
const serving = servingRoles;
const atCounter = { devices: ['counter'], operator: { roles: serving, proof: 'session' } } as const satisfies EventPrivilege;

export const eventPrivileges: Readonly<Record<EventType, EventPrivilege>> = {
  'registration.submitted': { devices: ['kiosk'], operator: null },
  'registration.called': atCounter,
  'registration.no-show': atCounter,
  'registration.put-back': atCounter,
  'registration.transferred': atCounter,
  'registration.parked': atCounter,
  'registration.corrected': atCounter,
  'registration.cancelled': atCounter,
  'identity.chip-read': atCounter,
  'identity.mismatch-approved': { devices: ['counter'], operator: { roles: ['site-manager', 'city-manager'], proof: 'approval' } },
  'token.issued': atCounter,
  'token.pin-unblocked': atCounter,
  'token.revoked': atCounter,
  'remote.activated': atCounter,
  'eid.level2.recorded': atCounter,
  'eid.level2.result-recorded': atCounter,
};

/** Whether a device of this kind may record (push) an event of this type. */
export const mayRecord = (kind: DeviceKind, type: EventType): boolean => eventPrivileges[type].devices.includes(kind);

/**
 * The device kinds that pull a site's queue — the citizens' personal data. A kiosk pulls none: it
 * needs only its own counters and the reference data (`GET /v1/reference`).
 */
export const queuePullers: readonly DeviceKind[] = ['counter'];

/**
 * The device kinds that read their site's call board (`GET /v1/board`): numbers, counters and
 * counts, no personal data. A call display only: a kiosk or counter has its own views.
 */
export const boardReaders: readonly DeviceKind[] = ['display'];

/** The device kinds a staff member signs in on (a sign-in made through one is bound to it). */
export const staffDevices: readonly DeviceKind[] = ['counter'];

type Person = { role: Role; siteIds: readonly string[]; provinceCode: string | null };
type Site = { id: string; provinceCode: string };

/** Whether this person serves citizens at this site (a counter pulls its queue only while such a person is signed in on it). */
export const servesAt = (person: Person, site: Site): boolean =>
  serving.includes(person.role) && inScope(scopeOf(person), { provinceCode: site.provinceCode, siteId: site.id });

/**
 * Why the person an event names may not be its operator at this site, or null: not an enabled
 * account working there (`DK_ERR_UNKNOWN_OPERATOR`), or not in a role that records this event
 * (`DK_ERR_OPERATOR_ROLE`). Whether they were signed in on the device is `wasSignedIn`.
 */
export function operatorProblem(type: EventType, person: Person | undefined, site: Site): ErrorCode | null {
  const needs = eventPrivileges[type].operator;
  if (!needs) return null;
  if (!person || !inScope(scopeOf(person), { provinceCode: site.provinceCode, siteId: site.id })) return 'DK_ERR_UNKNOWN_OPERATOR';
  return needs.roles.includes(person.role) ? null : 'DK_ERR_OPERATOR_ROLE';
}

/**
 * Why this device may not pull its site's queue now, or null. A kiosk never does; a counter only
 * while the session it pulls with belongs to someone serving citizens at its site and was made
 * by signing in on this very counter (`person` is null when there is no such live session) — so
 * a counter's secret alone, copied or left behind, opens no citizen's data.
 */
export function pullProblem(kind: DeviceKind, person: Person | null, site: Site): ErrorCode | null {
  if (!queuePullers.includes(kind)) return 'DK_ERR_DEVICE_KIND_FORBIDDEN';
  return person && servesAt(person, site) ? null : 'DK_ERR_PULL_NEEDS_STAFF';
}

/**
 * How far a device's clock may stand from the server's when an event is matched to a sign-in: the
 * sign-in is stamped by the server, the event by the device, and a counter PC a few minutes off
 * must not lose the clerk's first or last action of a shift.
 */
export const SIGN_IN_CLOCK_SLACK_MS = 5 * 60_000;

/**
 * Whether an event recorded at `occurredAt` falls inside one of the operator's sign-ins on the
 * sending device. Judged by the time of recording, not of the push: a counter keeps its outbox
 * while offline and may deliver after the clerk signed out (or the session expired) — what the
 * clerk did while signed in is theirs. The limit is the push's own window on `occurredAt`.
 */
export function wasSignedIn(signIns: readonly { from: string; to: string }[], occurredAt: string): boolean {
  const at = Date.parse(occurredAt);
  return signIns.some((s) => Date.parse(s.from) - SIGN_IN_CLOCK_SLACK_MS <= at && at <= Date.parse(s.to) + SIGN_IN_CLOCK_SLACK_MS);
}

/**
 * Why an event may not name its operator, or null: the person is not someone who works at the
 * site in a role that records it (`operatorProblem`), or — when the table's proof is a session —
 * was not signed in on the sending device when it was recorded (`DK_ERR_OPERATOR_NOT_SIGNED_IN`).
 * `signIns` are the operator's sign-ins on that device, as the server recorded them; an event
 * proven by an approval leaves the proof to the approval's own check.
 */
export function operatorRefusal(
  type: EventType,
  person: Person | undefined,
  site: Site,
  signIns: readonly { from: string; to: string }[],
  occurredAt: string,
): ErrorCode | null {
  const problem = operatorProblem(type, person, site);
  if (problem) return problem;
  const needs = eventPrivileges[type].operator;
  return needs?.proof === 'session' && !wasSignedIn(signIns, occurredAt) ? 'DK_ERR_OPERATOR_NOT_SIGNED_IN' : null;
}

/**
 * Why the person a counter's break names may not have made it, or null: a break is a clerk's
 * action at the counter like a call (`counter-pause.ts`), so it is judged as a call is — someone
 * who serves at the site, signed in on that very counter when the break began or ended.
 */
export const pauseOperatorRefusal = (
  person: Person | undefined,
  site: Site,
  signIns: readonly { from: string; to: string }[],
  at: string,
): ErrorCode | null => operatorRefusal('registration.called', person, site, signIns, at);
