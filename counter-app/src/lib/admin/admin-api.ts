import type { z } from 'zod';
import { auditPage, type AuditPage } from '@dangky/core/audit';
import {
  adminProvidersResponse,
  adminSite,
  adminSitesResponse,
  adminStaff,
  adminStaffResponse,
  adminProvider,
  citizenDataReport,
  type CitizenDataReport,
  citizenErasureResult,
  type CitizenErasureResult,
  enrolmentCode,
  fleetResponse,
  routePath,
  routes,
  signInAddressLocks,
  type SignInAddressLocks,
  stockReceiveResponse,
  stockResponse,
  type AdminProvider,
  type AdminSite,
  type AdminStaff,
  type EnrolmentCode,
  type FleetResponse,
  type StockResponse,
} from '@dangky/core/protocol';
import { requestJson, send, type RequestOptions } from '@dangky/web';

/**
 * The administration pages' calls: each one the server's `/v1/admin/*` route with the signed-in
 * person's bearer token, its answer parsed by the same schema the server answers with. The
 * server checks role and scope and writes the audit entry; the pages only show what it says.
 */
export interface StaffAuth {
  server: string;
  token: string;
}

const call = <S extends z.ZodType>(auth: StaffAuth, path: string, schema: S, options: RequestOptions = {}): Promise<z.infer<S>> =>
  requestJson(auth.server, path, schema, { authorization: `Bearer ${auth.token}`, ...options });
const post = <S extends z.ZodType>(auth: StaffAuth, path: string, schema: S, body: unknown = {}): Promise<z.infer<S>> =>
  call(auth, path, schema, { method: 'POST', body });

/** A change the server answers with 204 No Content: `true` once it is done (a failure throws its code). */
const done = async (auth: StaffAuth, path: string, body: unknown = {}): Promise<true> => {
  await send(auth.server, path, { method: 'POST', authorization: `Bearer ${auth.token}`, body });
  return true;
};

export const listSites = async (auth: StaffAuth): Promise<AdminSite[]> => (await call(auth, routes.adminSites, adminSitesResponse)).sites;
export const createSite = (auth: StaffAuth, site: unknown): Promise<AdminSite> => post(auth, routes.adminSites, adminSite, site);
export const updateSite = (auth: StaffAuth, siteId: string, site: unknown): Promise<AdminSite> =>
  post(auth, routePath(routes.adminSite, { siteId }), adminSite, site);

export const listFleet = (auth: StaffAuth): Promise<FleetResponse> => call(auth, routes.adminDevices, fleetResponse);
export const createEnrolment = (auth: StaffAuth, request: unknown): Promise<EnrolmentCode> =>
  post(auth, routes.adminEnrolments, enrolmentCode, request);
export const updateDevice = (auth: StaffAuth, deviceId: string, update: unknown): Promise<true> =>
  done(auth, routePath(routes.adminDevice, { deviceId }), update);
export const setCounter = (auth: StaffAuth, deviceId: string, counter: unknown): Promise<true> =>
  done(auth, routePath(routes.adminDeviceCounter, { deviceId }), { counter });
export const rotateDevice = (auth: StaffAuth, deviceId: string): Promise<EnrolmentCode> =>
  post(auth, routePath(routes.adminDeviceRotate, { deviceId }), enrolmentCode);
export const revokeDevice = (auth: StaffAuth, deviceId: string): Promise<true> =>
  done(auth, routePath(routes.adminDeviceRevoke, { deviceId }));

export const listStaff = async (auth: StaffAuth): Promise<AdminStaff[]> => (await call(auth, routes.adminStaff, adminStaffResponse)).staff;
export const createStaff = (auth: StaffAuth, input: unknown): Promise<AdminStaff> => post(auth, routes.adminStaff, adminStaff, input);
export const updateStaff = (auth: StaffAuth, staffId: string, update: unknown): Promise<AdminStaff> =>
  post(auth, routePath(routes.adminStaffMember, { staffId }), adminStaff, update);
export const setStaffDisabled = (auth: StaffAuth, staffId: string, disabled: boolean): Promise<AdminStaff> =>
  post(auth, routePath(disabled ? routes.adminStaffDisable : routes.adminStaffEnable, { staffId }), adminStaff);
export const resetStaffPassword = (auth: StaffAuth, staffId: string, password: string): Promise<true> =>
  done(auth, routePath(routes.adminStaffResetPassword, { staffId }), { password });

export const unlockStaff = (auth: StaffAuth, staffId: string): Promise<AdminStaff> =>
  post(auth, routePath(routes.adminStaffUnlock, { staffId }), adminStaff);
export const listAddressLocks = async (auth: StaffAuth): Promise<SignInAddressLocks['addresses']> =>
  (await call(auth, routes.adminSignInLocks, signInAddressLocks)).addresses;
export const unlockAddress = (auth: StaffAuth, address: string): Promise<true> => done(auth, routes.adminSignInLocksUnlock, { address });

export const listProviders = async (auth: StaffAuth): Promise<AdminProvider[]> =>
  (await call(auth, routes.adminProviders, adminProvidersResponse)).providers;
export const saveProvider = (auth: StaffAuth, provider: AdminProvider): Promise<AdminProvider> =>
  post(auth, routePath(routes.adminProvider, { providerId: provider.id }), adminProvider, provider);

export const listStock = (auth: StaffAuth, query: { siteId?: string; state?: string }): Promise<StockResponse> =>
  call(auth, routes.adminStock, stockResponse, { query });
export const receiveStock = (auth: StaffAuth, siteId: string, serials: string[], model: string) =>
  post(auth, routes.adminStockReceive, stockReceiveResponse, { siteId, serials, model });
export const stockLeaves = (auth: StaffAuth, serial: string, state: 'spoiled' | 'returned', reason: string): Promise<true> =>
  done(auth, routePath(routes.adminStockLeave, { serial }), { state, reason });

export const searchAudit = (
  auth: StaffAuth,
  query: { actorId?: string; action?: string; siteId?: string; day?: string; before?: number },
): Promise<AuditPage> => call(auth, routes.adminAudit, auditPage, { query });

/** A citizen's data report: the ID number goes in the body, never the URL. */
export const citizenDataReportFor = (auth: StaffAuth, idNumber: string): Promise<CitizenDataReport> =>
  post(auth, routes.citizenDataReport, citizenDataReport, { idNumber });
export const eraseCitizenData = (auth: StaffAuth, idNumber: string, registrationIds: string[]): Promise<CitizenErasureResult> =>
  post(auth, routes.citizenErasure, citizenErasureResult, { idNumber, registrationIds });
