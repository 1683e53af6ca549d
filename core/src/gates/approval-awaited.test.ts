import { describe, expect, it } from 'vitest';
import type { RegistrationState } from '../events/registration-state.ts';
import { eidService, registrationEvents, tokenService } from '../testing/registration-events.ts';
import { foldOrThrow } from '../testing/fold-or-throw.ts';
import { approvalAwaited } from './approval-awaited.ts';

const e = registrationEvents();
const fields = (fullName: 'match' | 'mismatch') => ({ idNumber: 'match', fullName, birthDate: 'match', sex: 'match' });
const chipRead = (verdict: 'verified' | 'not-verified' | 'failed', fullName: 'match' | 'mismatch', purpose = 'issuance') =>
  e.event('identity.chip-read', { ...e.by, verdict, fields: fields(fullName), cardExpiry: 'valid', purpose });
const issued = () => e.event('token.issued', { ...e.by, tokenSerial: 'TK-1', identityCheck: 'documents-checked' });

type Case = [string, () => RegistrationState, 'issuance' | 'token-care' | null];

describe('approvalAwaited: what a site manager can approve from their page', () => {
  const unverified = chipRead('not-verified', 'mismatch');
  it.each<Case>([
    ['waiting, nothing read', () => foldOrThrow(e.submitted(tokenService)), null],
    ['at the counter, no chip read', () => foldOrThrow(e.submitted(tokenService), e.called()), null],
    ['at the counter, unverified chip disagrees', () => foldOrThrow(e.submitted(tokenService), e.called(), unverified), 'issuance'],
    ['at the counter, failed chip', () => foldOrThrow(e.submitted(tokenService), e.called(), chipRead('failed', 'match')), 'issuance'],
    [
      'at the counter, genuine chip disagrees (no approval can help)',
      () => foldOrThrow(e.submitted(tokenService), e.called(), chipRead('verified', 'mismatch')),
      null,
    ],
    [
      'at the counter, unverified chip agrees',
      () => foldOrThrow(e.submitted(tokenService), e.called(), chipRead('not-verified', 'match')),
      null,
    ],
    [
      'at the counter, already approved',
      () => {
        const read = chipRead('not-verified', 'mismatch');
        const approval = e.event('identity.mismatch-approved', {
          ...e.by,
          operatorId: 'manager.benthanh',
          approvalId: '019ab000-0000-7000-8000-0000000000aa',
          chipReadId: read.id,
          reason: 'Đã xác minh với công an phường',
        });
        return foldOrThrow(e.submitted(tokenService), e.called(), read, approval);
      },
      null,
    ],
    ['e-ID level 2: no signature gate', () => foldOrThrow(e.submitted(eidService), e.called(), chipRead('not-verified', 'mismatch')), null],
    [
      'token issued, the holder’s unverified chip disagrees',
      () => foldOrThrow(e.submitted(tokenService), e.called(), issued(), chipRead('not-verified', 'mismatch', 'token-care')),
      'token-care',
    ],
    ['token issued, no read since', () => foldOrThrow(e.submitted(tokenService), e.called(), issued()), null],
    [
      'token revoked: nothing left to care for',
      () =>
        foldOrThrow(
          e.submitted(tokenService),
          e.called(),
          issued(),
          e.event('token.revoked', {
            ...e.by,
            tokenSerial: 'TK-1',
            reason: 'lost',
            certificateSerial: '5a1f',
            requestedBy: { kind: 'authority', authority: 'Công an phường', documentRef: '1/CV' },
          }),
          chipRead('not-verified', 'mismatch', 'token-care'),
        ),
      null,
    ],
  ])('%s → %s', (_, state, purpose) => {
    const awaited = approvalAwaited(state());
    expect(awaited?.purpose ?? null).toBe(purpose);
    if (awaited) expect(awaited.fields).toEqual(awaited.verdict === 'failed' ? [] : ['fullName']);
  });

  it('names the chip read the approval is for', () => {
    const read = chipRead('not-verified', 'mismatch');
    expect(approvalAwaited(foldOrThrow(e.submitted(tokenService), e.called(), read))).toEqual({
      purpose: 'issuance',
      chipReadId: read.id,
      verdict: 'not-verified',
      fields: ['fullName'],
    });
  });
});
