import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIdentityProvenance, parseQr } from '@dangky/core/id';
import { pullResponse, pushResponse } from '@dangky/core/protocol';
import { harness, dbKind, type Harness } from './harness.ts';
import { deviceEvents } from './events.ts';

/**
 * The identity's provenance (where each field came from, what the checks said) travels
 * kiosk → server → counter inside `registration.submitted`; registrations from kiosks that do not
 * send it still ingest. Synthetic people only.
 */

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h.close());

const KIOSK = 'kiosk-hcm-ben-thanh-1';
const COUNTER = 'counter-hcm-ben-thanh-1';
const at = '2026-11-24T03:00:00.000Z';
const day = '2026-11-24';

const qr = parseQr('079190012345||Nguyễn Thị Thử|17051990|Nữ|12 Lê Lợi, phường Bến Thành, TP. Hồ Chí Minh|20042021');
const provenance = buildIdentityProvenance({
  qr,
  submitted: {
    idNumber: qr.idNumber,
    fullName: qr.fullName,
    birthDate: qr.birthDate,
    sex: qr.sex,
    address: 'Số 3 Đường Khác, TP. Hồ Chí Minh',
  },
  today: day,
});

async function push(events: unknown[]) {
  const res = await h.app.inject({
    method: 'POST',
    url: '/v1/sync/push',
    headers: { authorization: h.device(KIOSK).auth },
    payload: { deviceId: KIOSK, events },
  });
  return pushResponse.parse(res.json()).results.map((r) => (r.status === 'rejected' ? r.code : r.status));
}

async function pulledIdentity(registrationId: string) {
  const res = await h.app.inject({ method: 'GET', url: '/v1/sync/pull?limit=500', headers: await h.pullHeaders(COUNTER) });
  return pullResponse.parse(res.json()).registrations.find((r) => r.registrationId === registrationId)?.draft.identity;
}

const withIdentity = <E extends { payload: { identity: object } }>(event: E, extra: object): E => ({
  ...event,
  payload: { ...event.payload, identity: { ...event.payload.identity, ...extra } },
});

describe(`identity provenance on ${dbKind}`, () => {
  it('a registration with provenance round-trips to the counter unchanged; one without still ingests', async () => {
    const k = deviceEvents(KIOSK, 500);
    const withIt = withIdentity(k.submitted({ siteId: 'hcm-ben-thanh', ticket: 'A-501', day, at, eid: true }), {
      source: 'manual',
      provenance,
    });
    const without = k.submitted({ siteId: 'hcm-ben-thanh', ticket: 'A-502', day, at, eid: true });
    expect(await push([withIt, without])).toEqual(['accepted', 'accepted']);

    const pulled = await pulledIdentity(withIt.payload.registrationId);
    expect(pulled?.provenance).toEqual(provenance);
    expect(pulled?.provenance?.fields).toMatchObject({
      idNumber: { source: 'qr', edited: false },
      address: { source: 'manual', edited: true, editedFrom: 'qr' },
    });
    expect(pulled?.provenance?.checks).toContainEqual({ check: 'id-number-structure', outcome: 'passed', detail: { source: 'qr' } });
    const [stored] = await h.db.query<{ payload: unknown }>('SELECT payload FROM events WHERE id = $1', [withIt.id]);
    const payload = (await h.open(withIt.payload.registrationId, stored!.payload)) as { identity: { provenance: unknown } };
    expect(payload.identity.provenance).toEqual(provenance);

    const plain = await pulledIdentity(without.payload.registrationId);
    expect(plain).toBeDefined();
    expect(plain).not.toHaveProperty('provenance');
  });

  it('refuses a provenance that would carry a value (an ID number where a field name goes)', async () => {
    const k = deviceEvents(KIOSK, 600);
    const smuggled = withIdentity(k.submitted({ siteId: 'hcm-ben-thanh', ticket: 'A-601', day, at, eid: true }), {
      provenance: {
        fields: {},
        checks: [{ check: 'sources-agree', outcome: 'error', code: 'DK_ERR_ID_SOURCES_DISAGREE', detail: { field: '079190012345' } }],
      },
    });
    expect(await push([smuggled])).toEqual(['DK_ERR_EVENT_INVALID']);
  });
});
