import { describe, expect, it } from 'vitest';
import { registrationState } from './registration-state.ts';
import { foldRegistration } from './fold-registration.ts';
import { eidService, registrationEvents, remoteService, tokenService } from '../testing/registration-events.ts';

const { by, called, event, submitted } = registrationEvents();

describe('foldRegistration', () => {
  it('walks waiting → called → completed for a token registration', () => {
    const r = foldRegistration([submitted(tokenService), called(), event('token.issued', { ...by, tokenSerial: 'SN-0001' })]);
    expect(r.ok && r.state).toMatchObject({ status: 'completed', outcome: 'token-issued', tokenSerial: 'SN-0001', version: 3 });
  });

  it('refuses an outcome that does not fit the service', () => {
    const r = foldRegistration([submitted(eidService), called(), event('token.issued', { ...by, tokenSerial: 'SN-0001' })]);
    expect(r).toEqual({ ok: false, code: 'DK_ERR_ILLEGAL_TRANSITION' });
  });

  it('refuses completion before the ticket is called, but allows cancelling a waiting one', () => {
    const remote = remoteService;
    expect(foldRegistration([submitted(remote), event('remote.activated', by)])).toEqual({ ok: false, code: 'DK_ERR_ILLEGAL_TRANSITION' });
    const r = foldRegistration([submitted(remote), event('registration.cancelled', { ...by, reason: 'citizen-left' })]);
    expect(r.ok && r.state.status).toBe('cancelled');
  });

  it('ends exactly once', () => {
    const r = foldRegistration([
      submitted(eidService),
      called(),
      event('eid.level2.recorded', { ...by, outcome: 'handed-to-officer' }),
      event('registration.cancelled', { ...by, reason: 'other' }),
    ]);
    expect(r).toEqual({ ok: false, code: 'DK_ERR_ILLEGAL_TRANSITION' });
  });

  it('reaches only states its schema accepts: what the server stores and sends is read back by the same schema', () => {
    const certificate = { serial: '5a1f0c', notAfter: '2027-11-22T02:00:00.000Z', providerId: 'vnpt' };
    const events = [
      submitted(tokenService),
      called(),
      event('token.issued', { ...by, tokenSerial: 'SN-0001', certificate }),
      event('token.pin-unblocked', { ...by, tokenSerial: 'SN-0001', reason: 'pin-forgotten' }),
      event('token.revoked', { ...by, tokenSerial: 'SN-0001', reason: 'lost', certificateSerial: '5a1f0c' }),
    ];
    for (let n = 1; n <= events.length; n++) {
      const r = foldRegistration(events.slice(0, n));
      if (!r.ok) throw new Error(r.code);
      expect(registrationState.parse(r.state)).toEqual(r.state);
    }
  });

  it('needs a submission first', () => {
    expect(foldRegistration([called()])).toEqual({ ok: false, code: 'DK_ERR_UNKNOWN_REGISTRATION' });
  });
});

describe('foldRegistration — token changes after issuance', () => {
  const issuedToken = () => [submitted(tokenService), called(), event('token.issued', { ...by, tokenSerial: 'SN-0001' })];
  const unblocked = (tokenSerial = 'SN-0001') => event('token.pin-unblocked', { ...by, tokenSerial, reason: 'pin-blocked' });
  const revoked = (reason = 'lost') => event('token.revoked', { ...by, tokenSerial: 'SN-0001', reason, certificateSerial: '5a1f0c' });

  it('unblocks the PIN (again and again), then revokes with a reason', () => {
    const r = foldRegistration([...issuedToken(), unblocked(), unblocked(), revoked()]);
    expect(r.ok && r.state).toMatchObject({ status: 'completed', tokenLifecycle: { state: 'revoked', reason: 'lost' }, version: 6 });
  });

  it.each([
    ['an unblock after revocation', () => [...issuedToken(), revoked(), unblocked()]],
    ['a second revocation', () => [...issuedToken(), revoked(), revoked('key-compromise')]],
  ])('refuses %s with the token statechart code', (_, events) => {
    expect(foldRegistration(events())).toEqual({ ok: false, code: 'DK_ERR_TOKEN_TRANSITION_ILLEGAL' });
  });

  it('refuses a change for another token, or for a registration that issued none', () => {
    expect(foldRegistration([...issuedToken(), unblocked('SN-9999')])).toEqual({ ok: false, code: 'DK_ERR_ILLEGAL_TRANSITION' });
    expect(foldRegistration([submitted(tokenService), called(), unblocked()])).toEqual({ ok: false, code: 'DK_ERR_ILLEGAL_TRANSITION' });
  });

  it('refuses a reason outside the codes', () => {
    expect(() => revoked('because')).toThrow();
  });
});

describe('foldRegistration — the certificate recorded with the issuance', () => {
  const certificate = { serial: '005A1F0C', notAfter: '2027-11-22T02:00:00.000Z', providerId: 'vnpt' };
  const issued = (c: unknown = certificate) => [
    submitted(tokenService),
    called(),
    event('token.issued', { ...by, tokenSerial: 'SN-0001', certificate: c }),
  ];
  const revoked = (certificateSerial: string) =>
    event('token.revoked', { ...by, tokenSerial: 'SN-0001', reason: 'lost', certificateSerial });

  it('keeps the certificate (serial as the agent writes it) with the registration', () => {
    const r = foldRegistration(issued({ ...certificate, serial: '5a1f0c' }));
    expect(r.ok && r.state.issuedCertificate).toEqual({ serial: '5a1f0c', notAfter: certificate.notAfter, providerId: 'vnpt' });
  });

  it('refuses a certificate from another provider than the registration chose', () => {
    expect(foldRegistration(issued({ ...certificate, serial: '5a1f0c', providerId: 'viettel' }))).toEqual({
      ok: false,
      code: 'DK_ERR_ILLEGAL_TRANSITION',
    });
  });

  it('refuses a malformed certificate in the event', () => {
    expect(() => issued({ ...certificate, serial: 'zz' })).toThrow();
    expect(() => issued({ ...certificate, notAfter: 'next year' })).toThrow();
  });

  it('revokes the recorded certificate however its serial is written, and refuses another one', () => {
    const ok = foldRegistration([...issued({ ...certificate, serial: '5a1f0c' }), revoked('005A1F0C')]);
    expect(ok.ok && ok.state.tokenLifecycle).toEqual({ state: 'revoked', reason: 'lost' });
    expect(foldRegistration([...issued({ ...certificate, serial: '5a1f0c' }), revoked('7b2e1d')])).toEqual({
      ok: false,
      code: 'DK_ERR_ILLEGAL_TRANSITION',
    });
  });
});
