import { z } from 'zod';
import { errorRegistry } from '@dangky/core/errors';
import { adminPaths } from './openapi-admin.ts';
import { handoffKeysResponse } from '@dangky/core/handoff';
import { callBoard, counterPausesRequest } from '@dangky/core/queue';
import {
  countsReportQuery,
  counterPausesResponse,
  countsReportResponse,
  queueReportQuery,
  queueReportResponse,
  citizenHoldingsRequest,
  citizenDataReport,
  citizenDataReportRequest,
  citizenErasureRequest,
  citizenErasureResult,
  citizenHoldingsResponse,
  dailyCountsQuery,
  identityApproval,
  identityApprovalRequest,
  identityApprovalsQuery,
  identityApprovalsResponse,
  pendingApprovalsResponse,
  dailyCountsResponse,
  loginRequest,
  loginResponse,
  pullQuery,
  pullResponse,
  pushRequest,
  pushResponse,
  remoteActivation,
  remoteActivationRequest,
  routes,
  STAFF_SESSION_HEADER,
  staffUser,
} from '@dangky/core/protocol';

// JSON Schemas come from the same zod schemas the server parses with, so the document
// cannot drift from the behaviour.
const schema = (s: z.ZodType, io: 'input' | 'output' = 'output') => z.toJSONSchema(s, { io, unrepresentable: 'any' });
const json = (s: z.ZodType, io: 'input' | 'output' = 'output') => ({ content: { 'application/json': { schema: schema(s, io) } } });
const errorResponse = { description: 'Error `{ error: { code, message } }` — codes in components.x-error-codes' };
const device = [{ device: [] }];
const staff = [{ staff: [] }];
const query = (s: z.ZodObject) =>
  Object.entries(schema(s, 'input').properties ?? {}).map(([name, sch]) => ({ name, in: 'query', schema: sch }));

export function openApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'dangky sync-server',
      version: '1',
      description: 'Device sync, staff sign-in and daily counts. Times are ISO 8601; days are Asia/Ho_Chi_Minh.',
    },
    components: {
      securitySchemes: {
        device: { type: 'apiKey', in: 'header', name: 'Authorization', description: '`Device <deviceId>:<secret>`' },
        staff: { type: 'http', scheme: 'bearer' },
      },
      'x-error-codes': Object.fromEntries(Object.entries(errorRegistry).map(([k, v]) => [k, { status: v.status, en: v.en }])),
    },
    paths: {
      [routes.healthz]: {
        get: {
          summary: 'Liveness: the process answers (the database is not asked, so a full disk never gets a recovering process killed)',
          responses: { 200: { description: '`{"status":"ok","db":"pglite"|"postgres"}`' } },
        },
      },
      [routes.readyz]: {
        get: {
          summary:
            'Readiness: the database takes a write (a row written and rolled back), its identity is the one checked at start, and the disk is not full — what a balancer routes on',
          responses: {
            200: { description: '`{"status":"ready","db":"pglite"|"postgres","databaseId":"<uuid>"}`' },
            503: {
              description:
                'Not ready: `DK_ERR_STORAGE_FULL` (with retry-after; writes resume by themselves when space is back) or `DK_ERR_STORAGE_NOT_READY` (read-only, unreachable, or another database than at start)',
            },
          },
        },
      },
      [routes.push]: {
        post: {
          summary: 'Push a batch of events (idempotent per event id); answered per event',
          security: device,
          requestBody: { required: true, ...json(pushRequest, 'input') },
          responses: {
            200: { description: 'Per-event results', ...json(pushResponse) },
            400: errorResponse,
            401: errorResponse,
            413: errorResponse,
            503: {
              description: '`DK_ERR_SERVER_BUSY` or `DK_ERR_STORAGE_FULL`, with retry-after: nothing was stored, send the batch again then',
            },
          },
        },
      },
      [routes.pull]: {
        get: {
          summary:
            "Registrations of the device's site changed since an opaque cursor — counters only, and only with the live session of someone serving at the site, made by signing in through this counter (else 403 DK_ERR_PULL_NEEDS_STAFF; a kiosk: 403 DK_ERR_DEVICE_KIND_FORBIDDEN)",
          security: device,
          parameters: [
            ...query(pullQuery),
            {
              name: STAFF_SESSION_HEADER,
              in: 'header',
              required: true,
              description: 'The bearer token of the staff member signed in on this counter',
              schema: { type: 'string' },
            },
          ],
          responses: { 200: { description: 'A page', ...json(pullResponse) }, 400: errorResponse, 401: errorResponse, 403: errorResponse },
        },
      },
      [routes.reference]: {
        get: {
          summary: 'Provider catalogue, sites, consent text version (+ the calling device)',
          responses: { 200: { description: 'Reference data' } },
        },
      },
      [routes.handoffKeys]: {
        get: {
          summary: "The site's hand-off keys (docs/handoff-ticket.md): the public half for a kiosk, the private halves too for a counter",
          security: device,
          responses: { 200: { description: 'Keys (never cached)', ...json(handoffKeysResponse) }, 401: errorResponse },
        },
      },
      [routes.board]: {
        get: {
          summary:
            "The call board of the display's own site, today: tickets being served with their counter, the latest calls, tickets waiting per desk, the counters on a break and those whose break ended (each with its change's id and time) — no personal data; call displays only (else 403 DK_ERR_DEVICE_KIND_FORBIDDEN)",
          security: device,
          responses: { 200: { description: 'The board (never cached)', ...json(callBoard) }, 401: errorResponse, 403: errorResponse },
        },
      },
      [routes.counterPauses]: {
        post: {
          summary:
            "A counter's breaks (Tạm nghỉ / Tiếp tục phục vụ), oldest first, posted before its push: each change answered like a pushed event, recorded with the clerk and audited; counters only (else 403 DK_ERR_DEVICE_KIND_FORBIDDEN)",
          security: device,
          requestBody: { required: true, ...json(counterPausesRequest, 'input') },
          responses: {
            200: {
              description: 'Per change: accepted, duplicate or rejected; the break as the server holds it',
              ...json(counterPausesResponse),
            },
            401: errorResponse,
            403: errorResponse,
          },
        },
      },
      [`${routes.reference}/admin-units`]: {
        get: {
          summary: 'Communes and wards of a province (2025 units)',
          parameters: [{ name: 'province', in: 'query', required: true, schema: { type: 'string', pattern: '^\\d{2}$' } }],
          responses: { 200: { description: '`{ province, units: [{ code, name }] }`' }, 400: errorResponse },
        },
      },
      [routes.login]: {
        post: {
          summary:
            'Staff sign-in (scrypt-hashed passwords); returns a bearer token. Made on a counter with its `Authorization: Device <id>:<secret>`, the session is bound to that counter: its pull may carry it, and its events may name this person while it lasts (a kiosk: 403 DK_ERR_DEVICE_KIND_FORBIDDEN). Repeated failures per account and per address make the next try wait (429 DK_ERR_SIGN_IN_THROTTLED, retry-after), then lock (423 DK_ERR_ACCOUNT_LOCKED until an administrator unlocks; 429 DK_ERR_ADDRESS_LOCKED for 15 minutes); too many sign-ins being checked at once: 429 DK_ERR_SIGN_IN_BUSY, retry-after',
          requestBody: { required: true, ...json(loginRequest, 'input') },
          responses: {
            200: { description: 'Session', ...json(loginResponse) },
            401: errorResponse,
            403: errorResponse,
            423: errorResponse,
            429: errorResponse,
          },
        },
      },
      [routes.me]: {
        get: {
          summary: 'The signed-in staff member',
          security: staff,
          responses: { 200: { description: 'User', ...json(z.object({ user: staffUser })) }, 401: errorResponse },
        },
      },
      [routes.logout]: { post: { summary: 'End the session', security: staff, responses: { 204: { description: 'Signed out' } } } },
      [routes.citizenHoldings]: {
        post: {
          summary:
            "What the citizen of a registration of the clerk's site already holds (certificates, e-ID hand-offs); staff only, audited",
          security: staff,
          requestBody: { required: true, ...json(citizenHoldingsRequest, 'input') },
          responses: {
            200: { description: 'Holdings', ...json(citizenHoldingsResponse) },
            400: errorResponse,
            401: errorResponse,
            403: errorResponse,
          },
        },
      },
      [routes.citizenDataReport]: {
        post: {
          summary:
            "A citizen's data report: every registration held for an ID number in the manager's scope — fields, provider, erasure date; managers only, audited",
          security: staff,
          requestBody: { required: true, ...json(citizenDataReportRequest, 'input') },
          responses: {
            200: { description: 'Report', ...json(citizenDataReport) },
            400: errorResponse,
            401: errorResponse,
            403: errorResponse,
          },
        },
      },
      [routes.citizenErasure]: {
        post: {
          summary:
            "A citizen's request to erase their data now: each named registration of that ID number in the manager's scope, once finished, has its data key destroyed (written first to the erasure ledger outside the database); managers only, audited",
          security: staff,
          requestBody: { required: true, ...json(citizenErasureRequest, 'input') },
          responses: {
            200: {
              description: 'What became of each registration: erased, already erased, or refused with its code',
              ...json(citizenErasureResult),
            },
            400: errorResponse,
            401: errorResponse,
            403: errorResponse,
          },
        },
      },
      [routes.identityApprovalsPending]: {
        get: {
          summary:
            "What waits for a manager's approval in their scope: registrations whose unverified chip disagrees (at a counter now, or a token's holder lately), not yet approved; managers only",
          security: staff,
          responses: {
            200: { description: 'Pending approvals', ...json(pendingApprovalsResponse) },
            401: errorResponse,
            403: errorResponse,
          },
        },
      },
      [routes.identityApprovals]: {
        get: {
          summary: "The approvals made for one registration of the staff member's site (the clerk's counter waiting on a manager)",
          security: staff,
          parameters: query(identityApprovalsQuery),
          responses: {
            200: { description: 'Approvals', ...json(identityApprovalsResponse) },
            400: errorResponse,
            401: errorResponse,
            403: errorResponse,
          },
        },
        post: {
          summary: 'A site manager approves serving despite an unverified chip that disagrees, with a written reason',
          security: staff,
          requestBody: { required: true, ...json(identityApprovalRequest, 'input') },
          responses: {
            200: { description: 'The approval', ...json(identityApproval) },
            400: errorResponse,
            401: errorResponse,
            403: errorResponse,
          },
        },
      },
      [routes.remoteActivations]: {
        post: {
          summary:
            "Register a 'remote' registration with its provider; answers the activation (code and what the citizen's phone app needs)",
          security: staff,
          requestBody: { required: true, ...json(remoteActivationRequest, 'input') },
          responses: {
            200: { description: 'Activation', ...json(remoteActivation) },
            400: errorResponse,
            401: errorResponse,
            403: errorResponse,
            409: errorResponse,
            503: errorResponse,
          },
        },
      },
      ['/v1/remote-signing/activations/{activationId}']: {
        get: {
          summary: 'Follow an activation until the citizen confirms it on the phone (or it expires)',
          security: staff,
          parameters: [{ name: 'activationId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            200: { description: 'Activation', ...json(remoteActivation) },
            401: errorResponse,
            404: errorResponse,
            503: errorResponse,
          },
        },
      },
      ['/v1/remote-signing/simulator/activations/{activationId}/confirm']: {
        post: {
          summary: "Simulator only (absent with REMOTE_SIGNING=off): stands in for the citizen's confirmation in the provider's phone app",
          security: staff,
          parameters: [{ name: 'activationId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { 200: { description: 'Activation', ...json(remoteActivation) }, 401: errorResponse, 404: errorResponse },
        },
      },
      [routes.dailyCounts]: {
        get: {
          summary: 'Daily counts for a date range (site manager: own site; city manager: sites of the city); `format=csv` for CSV',
          security: staff,
          parameters: query(dailyCountsQuery as unknown as z.ZodObject),
          responses: {
            200: { description: 'Counts', ...json(dailyCountsResponse) },
            400: errorResponse,
            401: errorResponse,
            403: errorResponse,
          },
        },
      },
      [routes.countsReport]: {
        get: {
          summary:
            'Counts by day or month per province (national), per site of a province, or for one site, read from the rollups kept at ingest (site manager: own site; city manager: own province and its sites)',
          security: staff,
          parameters: query(countsReportQuery as unknown as z.ZodObject),
          responses: {
            200: { description: 'Counts', ...json(countsReportResponse) },
            400: errorResponse,
            401: errorResponse,
            403: errorResponse,
          },
        },
      },
      [routes.queueReport]: {
        get: {
          summary:
            'Waiting and service times by day, week or month, the hourly profile, per counter and clerk, and the live queue, read from the projections kept at ingest; `format=csv` (the periods table) or `format=xlsx` (every table) for a Vietnamese spreadsheet',
          security: staff,
          parameters: query(queueReportQuery as unknown as z.ZodObject),
          responses: {
            200: { description: 'Waiting room', ...json(queueReportResponse) },
            400: errorResponse,
            401: errorResponse,
            403: errorResponse,
          },
        },
      },
      ...adminPaths(),
    },
  };
}
