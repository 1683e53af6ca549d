/** The sync-server's paths, written once for server and clients. */
export const routes = {
  healthz: '/healthz',
  openapi: '/openapi.json',
  reference: '/v1/reference',
  push: '/v1/sync/push',
  pull: '/v1/sync/pull',
  login: '/v1/auth/login',
  logout: '/v1/auth/logout',
  me: '/v1/auth/me',
  dailyCounts: '/v1/reports/daily-counts',
  countsReport: '/v1/reports/counts',
  remoteActivations: '/v1/remote-signing/activations',
  remoteActivation: '/v1/remote-signing/activations/:activationId',
  citizenHoldings: '/v1/citizens/holdings',
  identityApprovals: '/v1/identity/approvals',
  remoteActivationConfirm: '/v1/remote-signing/simulator/activations/:activationId/confirm',
} as const;

export const deviceAuthorization = (deviceId: string, secret: string): string => `Device ${deviceId}:${secret}`;
