import type { PrepareGate } from './gate.ts';
import { deviceKind } from './device-kind.ts';
import { alreadyStored } from './already-stored.ts';
import { sequenceFree } from './sequence-free.ts';
import { inTimeWindow } from './in-time-window.ts';
import { notErased } from './not-erased.ts';
import { ownSite } from './own-site.ts';
import { awaitsSubmission } from './awaits-submission.ts';
import { siteOpen } from './site-open.ts';
import { newRegistration } from './new-registration.ts';
import { ticketFree } from './ticket-free.ts';
import { providerOffered } from './provider-offered.ts';
import { keyTypeCertified } from './key-type-certified.ts';
import { tokenInStock } from './token-in-stock.ts';
import { operatorSignedIn } from './operator-signed-in.ts';
import { identityConfirmed } from './identity-confirmed.ts';
import { managerApproved } from './manager-approved.ts';
import { oldEnough } from './old-enough.ts';
import { cardValid } from './card-valid.ts';
import { oneFreeCertificate } from './one-free-certificate.ts';
import { citizenLeft } from './citizen-left.ts';
import { graceOpen } from './grace-open.ts';
import { queueRule } from './queue-rule.ts';
import { counterOpen } from './counter-open.ts';

/**
 * The per-event checks of a push, in the order they judge an event; the first that speaks
 * decides its answer, and an event all of them pass goes on to the registration fold. A new
 * check is a file of its own here and one line in this list.
 */
export const eventGates: readonly PrepareGate[] = [
  // First: an event this kind of device may not record is refused whatever else it claims, and never held.
  deviceKind,
  alreadyStored,
  sequenceFree,
  // After the replay check: an event stored long ago and sent again is a duplicate, not late.
  inTimeWindow,
  // An erased registration has no state to judge by: before the gates that would hold its events.
  notErased,
  ownSite,
  // Before an event is held: one that names someone not signed in on this device is refused at once, not after the submission.
  operatorSignedIn,
  // Before the gates that read the registration: with no submission yet, they judge at its arrival.
  awaitsSubmission,
  siteOpen,
  newRegistration,
  ticketFree,
  providerOffered,
  keyTypeCertified,
  tokenInStock,
  // The gates that protect citizens (core/src/gates decides, these ask it).
  identityConfirmed,
  managerApproved,
  oldEnough,
  cardValid,
  oneFreeCertificate,
  citizenLeft,
  graceOpen,
  queueRule,
  counterOpen,
];

export type { Batch, EventGate, PrepareGate, Verdict } from './gate.ts';
