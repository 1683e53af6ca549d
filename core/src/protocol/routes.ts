/** The sync-server's paths, written once for server and clients. */
export const routes = {
  healthz: '/healthz',
  readyz: '/readyz',
  openapi: '/openapi.json',
  reference: '/v1/reference',
  push: '/v1/sync/push',
  pull: '/v1/sync/pull',
  login: '/v1/auth/login',
  logout: '/v1/auth/logout',
  me: '/v1/auth/me',
  dailyCounts: '/v1/reports/daily-counts',
  countsReport: '/v1/reports/counts',
  queueReport: '/v1/reports/queue',
  remoteActivations: '/v1/remote-signing/activations',
  remoteActivation: '/v1/remote-signing/activations/:activationId',
  citizenHoldings: '/v1/citizens/holdings',
  citizenDataReport: '/v1/citizens/data-report',
  citizenErasure: '/v1/citizens/erase',
  identityApprovals: '/v1/identity/approvals',
  identityApprovalsPending: '/v1/identity/approvals/pending',
  remoteActivationConfirm: '/v1/remote-signing/simulator/activations/:activationId/confirm',
  password: '/v1/auth/password',
  enrol: '/v1/enrol',
  board: '/v1/board',
  counterPauses: '/v1/counter/pauses',
  handoffKeys: '/v1/handoff/keys',
  tokenStock: '/v1/sync/token-stock',
  adminSites: '/v1/admin/sites',
  adminSite: '/v1/admin/sites/:siteId',
  adminDevices: '/v1/admin/devices',
  adminEnrolments: '/v1/admin/enrolments',
  adminDevice: '/v1/admin/devices/:deviceId',
  adminDeviceRotate: '/v1/admin/devices/:deviceId/rotate',
  adminDeviceRevoke: '/v1/admin/devices/:deviceId/revoke',
  adminDeviceCounter: '/v1/admin/devices/:deviceId/counter',
  adminStaff: '/v1/admin/staff',
  adminStaffMember: '/v1/admin/staff/:staffId',
  adminStaffDisable: '/v1/admin/staff/:staffId/disable',
  adminStaffEnable: '/v1/admin/staff/:staffId/enable',
  adminStaffResetPassword: '/v1/admin/staff/:staffId/reset-password',
  adminStaffUnlock: '/v1/admin/staff/:staffId/unlock',
  adminSignInLocks: '/v1/admin/sign-in-locks',
  adminSignInLocksUnlock: '/v1/admin/sign-in-locks/unlock',
  adminProviders: '/v1/admin/providers',
  adminProvider: '/v1/admin/providers/:providerId',
  adminStock: '/v1/admin/stock',
  adminStockReceive: '/v1/admin/stock/receive',
  adminStockLeave: '/v1/admin/stock/:serial/leave',
  adminAudit: '/v1/admin/audit',
  adminAuditAnchors: '/v1/admin/audit/anchors',
  adminAuditVerify: '/v1/admin/audit/verify',
} as const;

/** A route with its `:params` filled in (encoded). */
export const routePath = (route: string, params: Record<string, string>): string =>
  route.replace(/:([a-zA-Z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new RangeError(`routePath: missing ${name}`);
    return encodeURIComponent(value);
  });

export const deviceAuthorization = (deviceId: string, secret: string): string => `Device ${deviceId}:${secret}`;

/**
 * The header a counter's pull carries its staff session in, beside its own `Authorization: Device …`:
 * the queue comes only while someone who serves at the site is signed in on that counter.
 */
export const STAFF_SESSION_HEADER = 'x-staff-session';
