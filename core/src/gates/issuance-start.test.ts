import { describe, expect, it } from 'vitest';
import { issuanceStart, type IssuanceRecordFacts } from './issuance-start.ts';

const record = (over: Partial<IssuanceRecordFacts>): IssuanceRecordFacts => ({
  state: 'failed',
  live: false,
  certifySent: false,
  certificateSerial: null,
  certificateRevoked: null,
  caFoundNone: false,
  ...over,
});

describe('issuanceStart: one issuance per registration', () => {
  it.each<[string, IssuanceRecordFacts | null, string]>([
    ['nothing recorded', null, 'start'],
    ['running in this agent now', record({ state: 'running', live: true, certifySent: true }), 'join'],
    ['issued', record({ state: 'issued', certifySent: true, certificateSerial: 'ab', certificateRevoked: false }), 'answer'],
    ['failed before the CA was asked', record({}), 'start'],
    ['failed, its certificate revoked', record({ certifySent: true, certificateSerial: 'ab', certificateRevoked: true }), 'start'],
    ['failed, its certificate not revoked', record({ certifySent: true, certificateSerial: 'ab', certificateRevoked: false }), 'refuse'],
    ['failed at the CA, no answer and not looked up', record({ certifySent: true }), 'refuse'],
    ['failed at the CA, the CA says it issued nothing', record({ certifySent: true, caFoundNone: true }), 'start'],
    ['interrupted before the CA', record({ state: 'running' }), 'start'],
    ['interrupted after the CA answered, not revoked', record({ state: 'running', certifySent: true, certificateSerial: 'ab' }), 'refuse'],
    [
      'interrupted, its certificate revoked since',
      record({ state: 'running', certifySent: true, certificateSerial: 'ab', certificateRevoked: true }),
      'start',
    ],
  ])('%s → %s', (_name, facts, action) => {
    const decision = issuanceStart(facts);
    expect(decision.action).toBe(action);
    if (decision.action === 'refuse') expect(decision.code).toBe('DK_ERR_TOKEN_ISSUANCE_UNSETTLED');
  });
});
