import { z } from 'zod';
import { auditAnchor, auditPage, auditQuery, auditVerification } from '@dangky/core/audit';
import {
  adminProvider,
  adminProvidersResponse,
  adminSite,
  adminSitesResponse,
  addressUnlock,
  adminStaff,
  adminStaffResponse,
  deviceUpdate,
  counterSettingRequest,
  enrolRequest,
  enrolResponse,
  enrolmentCode,
  enrolmentRequest,
  fleetResponse,
  passwordChange,
  passwordReset,
  providerInput,
  routes,
  siteInput,
  siteUpdate,
  signInAddressLocks,
  staffInput,
  staffUpdate,
  stockCheck,
  stockCheckQuery,
  stockLeave,
  stockQuery,
  stockReceive,
  stockReceiveResponse,
  stockResponse,
} from '@dangky/core/protocol';

/**
 * The administration API in the OpenAPI document, from the same zod schemas the routes parse
 * with. Every admin route needs a staff session; which roles and scopes may use it is in its
 * summary and enforced by the server (core `may` / `inScope`): a refusal is 403 DK_ERR_FORBIDDEN.
 */
const schema = (s: z.ZodType, io: 'input' | 'output' = 'output') => z.toJSONSchema(s, { io, unrepresentable: 'any' });
const json = (s: z.ZodType, io: 'input' | 'output' = 'output') => ({ content: { 'application/json': { schema: schema(s, io) } } });
const error = { description: 'Error `{ error: { code, message } }` — codes in components.x-error-codes' };
const staff = [{ staff: [] }];
const device = [{ device: [] }];
const refusals = { 400: error, 401: error, 403: error, 404: error, 409: error };
const path = (name: string) => [{ name, in: 'path', required: true, schema: { type: 'string' } }];
const query = (s: z.ZodObject) =>
  Object.entries(schema(s, 'input').properties ?? {}).map(([name, sch]) => ({ name, in: 'query', schema: sch }));
const openApiPath = (route: string) => route.replace(/:([a-zA-Z]+)/g, '{$1}');

const read = (summary: string, response: z.ZodType, extra: Record<string, unknown> = {}) => ({
  get: { summary, security: staff, ...extra, responses: { 200: { description: 'OK', ...json(response) }, ...refusals } },
});
const write = (summary: string, body: z.ZodType | null, response: z.ZodType | null, status = 200, params: string[] = []) => ({
  post: {
    summary,
    security: staff,
    ...(params.length ? { parameters: params.flatMap(path) } : {}),
    ...(body ? { requestBody: { required: true, ...json(body, 'input') } } : {}),
    responses: { [status]: response ? { description: 'OK', ...json(response) } : { description: 'Done' }, ...refusals },
  },
});

export function adminPaths(): Record<string, unknown> {
  return {
    [routes.enrol]: {
      post: {
        summary: 'A device redeems a one-time enrolment code (single use, 15 min) and receives its secret, once',
        requestBody: { required: true, ...json(enrolRequest, 'input') },
        responses: { 200: { description: 'Enrolled', ...json(enrolResponse) }, 400: error, 401: error, 409: error },
      },
    },
    [routes.password]: {
      post: {
        summary:
          'Change one’s own password, any role (the only thing a session may do after an administrator reset it): the current password is checked under the sign-in limits (423/429 when locked or throttled), the new one must meet the password rules and differ; the account’s other sessions end',
        security: staff,
        requestBody: { required: true, ...json(passwordChange, 'input') },
        responses: { 204: { description: 'Changed' }, 400: error, 401: error, 423: error, 429: error },
      },
    },
    [routes.tokenStock]: {
      get: {
        summary: 'Counter: is this token serial in the stock of my site (and does the server enforce it)?',
        security: device,
        parameters: query(stockCheckQuery),
        responses: { 200: { description: 'Answer', ...json(stockCheck) }, 400: error, 401: error, 403: error },
      },
    },
    [routes.adminSites]: {
      ...read(
        'Sites and booths of the scope (site manager: own sites; city manager, province admin: province; national roles: all)',
        adminSitesResponse,
      ),
      ...write('Create a site or event booth (admin, inside their province)', siteInput, adminSite, 201),
    },
    [openApiPath(routes.adminSite)]: write('Edit a site (admin, in scope before and after)', siteUpdate, adminSite, 200, ['siteId']),
    [routes.adminDevices]: read('The fleet of the scope with each device’s last report, trouble first (managers, admins)', fleetResponse),
    [routes.adminEnrolments]: write(
      'A one-time enrolment code for a new kiosk or counter at a site (admin)',
      enrolmentRequest,
      enrolmentCode,
      201,
    ),
    [openApiPath(routes.adminDevice)]: write('Rename and/or move a device to another site (admin)', deviceUpdate, null, 204, ['deviceId']),
    [openApiPath(routes.adminDeviceCounter)]: write(
      'A counter’s number and desks ({ counter: { number: 1…999, services: desks } }), or { counter: null } to clear them (site manager, admin; numbers unique per site; judged by core so a bad setting is refused with its own code)',
      counterSettingRequest,
      null,
      204,
      ['deviceId'],
    ),
    [openApiPath(routes.adminDeviceRotate)]: write(
      'Rotate the secret: the old one stops now; the code re-enrols the same device (admin)',
      null,
      enrolmentCode,
      200,
      ['deviceId'],
    ),
    [openApiPath(routes.adminDeviceRevoke)]: write(
      'Revoke a device: its next request gets 401 DK_ERR_DEVICE_REVOKED (admin)',
      null,
      null,
      204,
      ['deviceId'],
    ),
    [routes.adminStaff]: {
      ...read('Staff accounts of the scope (admin)', adminStaffResponse),
      ...write(
        'Create an account; its first password must be changed at first sign-in (admin, within their scope)',
        staffInput,
        adminStaff,
        201,
      ),
    },
    [openApiPath(routes.adminStaffMember)]: write('Edit name, role, sites, province (admin)', staffUpdate, adminStaff, 200, ['staffId']),
    [openApiPath(routes.adminStaffDisable)]: write('Disable an account and end its sessions (admin)', null, adminStaff, 200, ['staffId']),
    [openApiPath(routes.adminStaffEnable)]: write('Enable an account again (admin)', null, adminStaff, 200, ['staffId']),
    [openApiPath(routes.adminStaffResetPassword)]: write(
      'Set a temporary password the person must change at the next sign-in (admin)',
      passwordReset,
      null,
      204,
      ['staffId'],
    ),
    [openApiPath(routes.adminStaffUnlock)]: write(
      'Lift the lock repeated failed sign-ins put on an account, forgetting its failures (admin)',
      null,
      adminStaff,
      200,
      ['staffId'],
    ),
    [routes.adminSignInLocks]: read('Addresses with failed sign-ins still counted, and which are locked (admin)', signInAddressLocks),
    [routes.adminSignInLocksUnlock]: write('Lift the lock on an address, forgetting its failures (admin)', addressUnlock, null, 204),
    [routes.adminProviders]: {
      ...read('Providers, channels, key types per channel and programme terms (all staff)', adminProvidersResponse),
      ...write('Add a provider (national admin)', providerInput, adminProvider, 201),
    },
    [openApiPath(routes.adminProvider)]: write(
      'Change a provider, switch it on or off (national admin)',
      providerInput,
      adminProvider,
      200,
      ['providerId'],
    ),
    [routes.adminStock]: read('Token stock on hand per site and the tokens (managers, admins)', stockResponse, {
      parameters: query(stockQuery),
    }),
    [routes.adminStockReceive]: write(
      'Receive blank tokens into a site’s stock by serial (site manager of the site, admin)',
      stockReceive,
      stockReceiveResponse,
    ),
    [openApiPath(routes.adminStockLeave)]: write('A token leaves the stock as spoiled or returned, with a reason', stockLeave, null, 204, [
      'serial',
    ]),
    [routes.adminAudit]: read(
      'Search the audit log by person, action, site and day, newest first (managers, admins; their scope)',
      auditPage,
      {
        parameters: query(auditQuery),
      },
    ),
    [routes.adminAuditAnchors]: read(
      'The daily anchors (head hash at the end of each Ho Chi Minh day)',
      z.object({ anchors: z.array(auditAnchor) }),
    ),
    [routes.adminAuditVerify]: read('Recompute the whole hash chain: whole, or the first broken entry', auditVerification),
  };
}
