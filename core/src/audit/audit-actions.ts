/**
 * The actions the system appends today, for the managers' search filter and the i18n labels.
 * The log accepts any well-formed action (`auditAction`), so a new kind of staff action can be
 * audited before the filter learns its name; add it here when it ships.
 */
export const knownAuditActions = [
  'auth.signed-in',
  'auth.sign-in-failed',
  'auth.signed-out',
  'auth.password-changed',
  'admin.bootstrapped',
  'site.created',
  'site.updated',
  'device.enrolment-created',
  'device.enrolled',
  'device.renamed',
  'device.moved',
  'device.secret-rotated',
  'device.revoked',
  'staff.created',
  'staff.updated',
  'staff.disabled',
  'staff.enabled',
  'staff.password-reset',
  'staff.unlocked',
  'sign-in.address-unlocked',
  'provider.created',
  'provider.updated',
  'stock.received',
  'stock.spoiled',
  'stock.returned',
  'report.exported',
  'registration.called',
  'token.issued',
  'remote.activated',
  'eid.level2.recorded',
  'registration.cancelled',
  'token.pin-unblocked',
  'token.revoked',
  'citizen.holdings-looked-up',
  'citizen.data-reported',
  'citizen.data-erased',
] as const;
export type KnownAuditAction = (typeof knownAuditActions)[number];
