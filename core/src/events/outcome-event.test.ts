import { describe, expect, it } from 'vitest';
import { foldRegistration } from './fold-registration.ts';
import { outcomeEvent, tokenCareEvent, type CounterOutcome, type TokenCareRecord } from './outcome-event.ts';
import { eidService, registrationEvents, remoteService, tokenService, type TestService } from '../testing/registration-events.ts';

/**
 * The round trip: what the clerk records → the event that records it → the fold → the same
 * outcome in the registration's state. A field the counter records and the fold drops (or the
 * reverse) fails here.
 */
const certificate = { serial: '5a1f0c', notAfter: '2027-11-22T02:00:00.000Z', providerId: 'vnpt' };

describe('outcomeEvent, folded back', () => {
  it.each<{ name: string; service: TestService; outcome: CounterOutcome; state: Record<string, unknown> }>([
    {
      name: 'a token issued with its certificate',
      service: tokenService,
      outcome: { kind: 'token-issued', tokenSerial: ' SN-0001 ', identityCheck: 'chip-matched', certificate },
      state: { status: 'completed', outcome: 'token-issued', tokenSerial: 'SN-0001', issuedCertificate: certificate, cancelReason: null },
    },
    {
      name: 'a token issued by hand (no certificate)',
      service: tokenService,
      outcome: { kind: 'token-issued', tokenSerial: 'SN-0002' },
      state: { status: 'completed', outcome: 'token-issued', tokenSerial: 'SN-0002' },
    },
    {
      name: 'a remote signature activated',
      service: remoteService,
      outcome: { kind: 'remote-activated', identityCheck: 'documents-checked' },
      state: { status: 'completed', outcome: 'remote-activated', tokenSerial: null },
    },
    {
      name: 'an e-ID level 2 application handed over',
      service: eidService,
      outcome: { kind: 'eid-level2-handed-over' },
      state: { status: 'completed', outcome: 'eid-level2-handed-over' },
    },
    {
      name: 'a cancellation with its reason and note',
      service: eidService,
      outcome: { kind: 'cancelled', reason: 'citizen-left', note: 'left before the call' },
      state: { status: 'cancelled', outcome: 'cancelled', cancelReason: 'citizen-left' },
    },
  ])('$name', ({ service, outcome, state }) => {
    const { by, called, fromDraft, submitted } = registrationEvents();
    const recorded = fromDraft(outcomeEvent(outcome, by));
    const r = foldRegistration([submitted(service), called(), recorded]);
    if (!r.ok) throw new Error(r.code);
    expect(r.state).toMatchObject({ ...state, operatorId: by.operatorId, completedAt: recorded.occurredAt });
    expect(r.state.outcome).toBe(outcome.kind);
    if (outcome.kind === 'token-issued') expect(r.state.issuedCertificate).toEqual(outcome.certificate);
  });

  it('carries what the fold does not keep in the event itself (identity check, note)', () => {
    const { by } = registrationEvents();
    expect(outcomeEvent({ kind: 'remote-activated', identityCheck: 'chip-verified' }, by).payload).toEqual({
      ...by,
      identityCheck: 'chip-verified',
    });
    expect(outcomeEvent({ kind: 'cancelled', reason: 'other', note: 'x' }, by).payload).toEqual({ ...by, reason: 'other', note: 'x' });
    expect(outcomeEvent({ kind: 'cancelled', reason: 'other' }, by).payload).toEqual({ ...by, reason: 'other' });
    // The server's citizen-left gate reads the clerk's explicit confirmation from the event.
    expect(outcomeEvent({ kind: 'cancelled', reason: 'citizen-left', confirmed: true }, by).payload).toEqual({
      ...by,
      reason: 'citizen-left',
      confirmed: true,
    });
  });

  it('records an outcome the service does not allow as an event the fold refuses', () => {
    const { by, called, fromDraft, submitted } = registrationEvents();
    const r = foldRegistration([submitted(eidService), called(), fromDraft(outcomeEvent({ kind: 'remote-activated' }, by))]);
    expect(r).toEqual({ ok: false, code: 'DK_ERR_ILLEGAL_TRANSITION' });
  });
});

describe('tokenCareEvent, folded back', () => {
  it.each<{ name: string; records: TokenCareRecord[]; lifecycle: unknown }>([
    { name: 'a PIN unblock', records: [{ kind: 'pin-unblocked', reason: 'pin-forgotten' }], lifecycle: { state: 'issued', reason: null } },
    {
      name: 'a revocation after an unblock',
      records: [
        { kind: 'pin-unblocked', reason: 'pin-blocked' },
        { kind: 'revoked', reason: 'key-compromise', certificateSerial: '005A1F0C' },
      ],
      lifecycle: { state: 'revoked', reason: 'key-compromise' },
    },
  ])('$name', ({ records, lifecycle }) => {
    const { by, called, fromDraft, submitted } = registrationEvents();
    const issued = fromDraft(outcomeEvent({ kind: 'token-issued', tokenSerial: 'SN-0001', certificate }, by));
    const care = records.map((record) => fromDraft(tokenCareEvent(record, { ...by, tokenSerial: ' SN-0001' })));
    const r = foldRegistration([submitted(tokenService), called(), issued, ...care]);
    if (!r.ok) throw new Error(r.code);
    expect(r.state.tokenLifecycle).toEqual(lifecycle);
    expect(r.state.version).toBe(3 + records.length);
  });
});
