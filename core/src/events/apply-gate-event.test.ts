import { describe, expect, it } from 'vitest';
import { evidenceOf } from '../gates/identity-evidence.ts';
import { identityGate } from '../gates/identity-gate.ts';
import { eventEnvelope, type DomainEvent } from './envelope.ts';
import { foldRegistration } from './fold-registration.ts';
import type { RegistrationState } from './registration-state.ts';
import { uuidv7 } from './uuidv7.ts';

const registrationId = uuidv7({ now: Date.UTC(2026, 10, 22, 2) });
let seq = 0;
const event = (type: DomainEvent['type'], payload: Record<string, unknown>, occurredAt = '2026-11-22T09:00:00+07:00'): DomainEvent =>
  eventEnvelope.parse({
    v: 1,
    id: uuidv7(),
    deviceId: 'counter-test-01',
    seq: ++seq,
    occurredAt,
    type,
    payload: { registrationId, ...payload },
  });
const by = { operatorId: 'clerk.an' };

const submitted = (identity: Record<string, unknown> = {}) =>
  event('registration.submitted', {
    siteId: 'hcm-ben-thanh',
    service: { kind: 'digital-signature', channel: 'token', providerId: 'vnpt' },
    identity: {
      idNumber: '001099012345',
      fullName: 'Nguyễn Văn Ann',
      birthDate: '1999-05-15',
      sex: 'M',
      address: 'Số 1 Ngõ Thử',
      source: 'manual',
      assurance: 'declared',
      ...identity,
    },
    contact: { phone: '0912345678' },
    consent: { given: true, textVersion: 'consent-2026.1', purposes: ['registration'], at: '2026-11-22T09:00:00+07:00' },
    ticket: { number: 'A-001', day: '2026-11-22' },
    language: 'vi',
  });
const called = () => event('registration.called', { ...by, counterId: 'counter-1' });
const chipRead = (verdict = 'verified', fullName = 'mismatch', purpose = 'issuance') =>
  event('identity.chip-read', {
    ...by,
    verdict,
    fields: { idNumber: 'match', fullName, birthDate: 'match', sex: 'match' },
    cardExpiry: 'valid',
    purpose,
  });
const fold = (events: DomainEvent[]): RegistrationState => {
  const r = foldRegistration(events);
  if (!r.ok) throw new Error(r.code);
  return r.state;
};
const code = (events: DomainEvent[]) => {
  const r = foldRegistration(events);
  return r.ok ? null : r.code;
};

describe('the chip read at the counter, in the fold', () => {
  it('becomes the evidence — verdict and per-field outcomes, no value — and a verified disagreement blocks', () => {
    const read = chipRead();
    const state = fold([submitted(), called(), read]);
    expect(state.evidence?.chip).toEqual({
      readId: read.id,
      origin: 'counter',
      verdict: 'verified',
      fields: { idNumber: 'match', fullName: 'mismatch', birthDate: 'match', sex: 'match' },
      cardExpiry: 'valid',
    });
    expect(identityGate(evidenceOf(state))).toMatchObject({ ok: false, code: 'DK_ERR_IDENTITY_CHIP_MISMATCH' });
  });

  it('is refused while the ticket waits, and after a cancellation', () => {
    expect(code([submitted(), chipRead()])).toBe('DK_ERR_ILLEGAL_TRANSITION');
    expect(code([submitted(), called(), event('registration.cancelled', { ...by, reason: 'other' }), chipRead()])).toBe(
      'DK_ERR_ILLEGAL_TRANSITION',
    );
  });

  it('rejects a payload that carries a value instead of an outcome', () => {
    expect(() =>
      event('identity.chip-read', {
        ...by,
        verdict: 'verified',
        fields: { fullName: 'Nguyễn Văn An' },
        cardExpiry: 'valid',
        purpose: 'issuance',
      }),
    ).toThrow();
  });
});

describe('corrections', () => {
  it('from the chip: the draft takes the chip’s values, the evidence now matches, the submission is not rewritten', () => {
    const sub = submitted();
    const read = chipRead();
    const correction = event('registration.corrected', {
      ...by,
      changes: { fullName: 'Nguyễn Văn An' },
      source: 'chip',
      chipReadId: read.id,
      reason: 'chip-values',
    });
    const state = fold([sub, called(), read, correction]);
    expect(state.draft.identity.fullName).toBe('Nguyễn Văn An');
    expect(identityGate(evidenceOf(state))).toEqual({ ok: true, check: 'chip-matched' });
    expect(state.corrections).toEqual([
      { at: correction.occurredAt, by: 'clerk.an', fields: ['fullName'], source: 'chip', reason: 'chip-values' },
    ]);
    expect((sub.payload as { identity: { fullName: string } }).identity.fullName).toBe('Nguyễn Văn Ann');
  });

  it('typed over a verified chip: refused for the ID number, name and birth date it holds, either way the chip said', () => {
    const typedName = event('registration.corrected', { ...by, changes: { fullName: 'Nguyễn Văn Bình' }, source: 'typed', reason: 'typo' });
    for (const agreed of ['match', 'mismatch'])
      expect(code([submitted({ source: 'chip', assurance: 'chip-verified' }), called(), chipRead('verified', agreed), typedName])).toBe(
        'DK_ERR_CORRECTION_CONTRADICTS_CHIP',
      );
    // An unverified chip does not hold the field: the clerk corrects from the papers, and the chip must be read again.
    const state = fold([submitted(), called(), chipRead('not-verified', 'match'), typedName]);
    expect(state.draft.identity.fullName).toBe('Nguyễn Văn Bình');
    expect(evidenceOf(state).chip?.fields.fullName).toBe('unknown');
  });

  it('typed over a verified chip: a field the gate does not decide on (sex) is the clerk’s to correct', () => {
    const state = fold([
      submitted({ source: 'chip', assurance: 'chip-verified' }),
      called(),
      chipRead('verified', 'match'),
      event('registration.corrected', { ...by, changes: { sex: 'F' }, source: 'typed', reason: 'typo' }),
    ]);
    expect(state.draft.identity).toMatchObject({ sex: 'F', assurance: 'declared' });
    expect(evidenceOf(state).chip?.fields.sex).toBe('unknown');
    expect(identityGate(evidenceOf(state))).toEqual({ ok: true, check: 'chip-matched' });
  });

  it('changes contact fields without touching the identity evidence', () => {
    const state = fold([
      submitted(),
      event('registration.corrected', {
        ...by,
        changes: { phone: '0987 654 321', email: 'an@example.vn' },
        source: 'typed',
        reason: 'typo',
      }),
    ]);
    expect(state.draft.contact).toEqual({ phone: '0987654321', email: 'an@example.vn' });
    expect(state.evidence?.chip ?? null).toBeNull();
  });

  it.each<[string, () => DomainEvent[], string]>([
    [
      'nothing actually changed',
      () => [submitted(), event('registration.corrected', { ...by, changes: { sex: 'M' }, source: 'typed', reason: 'typo' })],
      'DK_ERR_CORRECTION_EMPTY',
    ],
    [
      '"from the chip" without the chip read on screen',
      () => [
        submitted(),
        called(),
        event('registration.corrected', {
          ...by,
          changes: { fullName: 'Nguyễn Văn An' },
          source: 'chip',
          chipReadId: uuidv7(),
          reason: 'chip-values',
        }),
      ],
      'DK_ERR_ILLEGAL_TRANSITION',
    ],
    [
      'after the outcome',
      () => [
        submitted(),
        called(),
        event('token.issued', { ...by, tokenSerial: 'SN-0001' }),
        event('registration.corrected', { ...by, changes: { fullName: 'Nguyễn Văn An' }, source: 'typed', reason: 'typo' }),
      ],
      'DK_ERR_ILLEGAL_TRANSITION',
    ],
  ])('refuses a correction when %s', (_, events, expected) => {
    expect(code(events())).toBe(expected);
  });

  it('refuses an empty correction and an invalid value at the schema', () => {
    expect(() => event('registration.corrected', { ...by, changes: {}, source: 'typed', reason: 'typo' })).toThrow();
    expect(() =>
      event('registration.corrected', { ...by, changes: { birthDate: '1999-02-30' }, source: 'typed', reason: 'typo' }),
    ).toThrow();
  });
});

describe('a manager’s approval', () => {
  const approval = (chipReadId: string | null) =>
    event('identity.mismatch-approved', {
      ...by,
      operatorId: 'manager.benthanh',
      approvalId: uuidv7(),
      chipReadId,
      reason: 'Thẻ cũ, chip chưa có trong danh sách tin cậy',
    });

  it('is taken for the unverified chip read that asks for it, then the papers settle it', () => {
    const read = chipRead('not-verified');
    const state = fold([submitted(), called(), read, approval(read.id)]);
    expect(state.evidence?.approval).toEqual({ chipReadId: read.id, approvedBy: 'manager.benthanh' });
    expect(identityGate(evidenceOf(state), true)).toEqual({ ok: true, check: 'documents-checked' });
  });

  it('is refused where nothing needs approving: a verified mismatch, an agreeing chip, another read', () => {
    const verified = chipRead('verified');
    expect(code([submitted(), called(), verified, approval(verified.id)])).toBe('DK_ERR_APPROVAL_NOT_NEEDED');
    const agreeing = chipRead('not-verified', 'match');
    expect(code([submitted(), called(), agreeing, approval(agreeing.id)])).toBe('DK_ERR_APPROVAL_NOT_NEEDED');
    expect(code([submitted(), called(), chipRead('not-verified'), approval(uuidv7())])).toBe('DK_ERR_APPROVAL_NOT_NEEDED');
  });

  it('does not carry over to a new chip read', () => {
    const read = chipRead('not-verified');
    const state = fold([submitted(), called(), read, approval(read.id), chipRead('not-verified')]);
    expect(identityGate(evidenceOf(state), true)).toMatchObject({ ok: false, code: 'DK_ERR_IDENTITY_APPROVAL_REQUIRED' });
  });

  it('needs a written reason', () => {
    expect(() => event('identity.mismatch-approved', { ...by, approvalId: uuidv7(), chipReadId: null, reason: 'ok' })).toThrow();
  });
});

describe('spending the evidence', () => {
  it('a signature spends it: token care needs a fresh chip read or papers', () => {
    const state = fold([
      submitted(),
      called(),
      chipRead('verified', 'match'),
      event('token.issued', { ...by, tokenSerial: 'SN-0001', identityCheck: 'chip-matched' }),
    ]);
    expect(state.evidence).toEqual({ chip: null, approval: null, registrationChipVerified: false });
    const care = fold([
      ...[submitted(), called(), event('token.issued', { ...by, tokenSerial: 'SN-0001' })],
      chipRead('verified', 'match', 'token-care'),
    ]);
    expect(identityGate(evidenceOf(care))).toEqual({ ok: true, check: 'chip-matched' });
  });
});

describe('no-show, recall, put-back', () => {
  const noShow = () => event('registration.no-show', { ...by, counterId: 'counter-1' }, '2026-11-22T09:05:00+07:00');

  it('keeps the ticket called with the no-show time; a recall clears it', () => {
    const state = fold([submitted(), called(), noShow()]);
    expect([state.status, state.noShow]).toEqual(['called', { at: '2026-11-22T09:05:00+07:00', by: 'clerk.an', counterId: 'counter-1' }]);
    expect(fold([submitted(), called(), noShow(), called()]).noShow).toBeNull();
  });

  it('puts a no-show back in the queue at its place', () => {
    const state = fold([submitted(), called(), noShow(), event('registration.put-back', by)]);
    expect([state.status, state.counterId, state.noShow, state.submittedAt]).toEqual(['waiting', null, null, '2026-11-22T09:00:00+07:00']);
  });

  it.each<[string, () => DomainEvent[]]>([
    ['a no-show of a waiting ticket', () => [submitted(), noShow()]],
    ['a second no-show', () => [submitted(), called(), noShow(), noShow()]],
    ['a put-back of a ticket that was not a no-show', () => [submitted(), called(), event('registration.put-back', by)]],
  ])('refuses %s', (_, events) => {
    expect(code(events())).toBe('DK_ERR_ILLEGAL_TRANSITION');
  });
});

describe('the e-ID level-2 result', () => {
  const eid = () => [
    event('registration.submitted', { ...(submitted().payload as object), service: { kind: 'eid-level2' } }),
    called(),
    event('eid.level2.recorded', { ...by, outcome: 'handed-to-officer' }),
  ];
  const result = (r: string, extra: Record<string, unknown> = {}) =>
    event('eid.level2.result-recorded', { ...by, result: r, officerReference: 'BN-2026/1123', ...extra });

  it('records pending, then approved, with the officer’s reference', () => {
    const state = fold([...eid(), result('pending'), result('approved')]);
    expect(state.eidResult).toMatchObject({ result: 'approved', officerReference: 'BN-2026/1123', by: 'clerk.an' });
  });

  it('needs a reason for a refusal and an officer reference', () => {
    expect(() => result('refused')).toThrow();
    expect(fold([...eid(), result('refused', { reason: 'Ảnh chân dung không khớp' })]).eidResult?.reason).toBe('Ảnh chân dung không khớp');
    expect(() => event('eid.level2.result-recorded', { ...by, result: 'approved', officerReference: '' })).toThrow();
  });

  it('refuses a result before the hand-off, or after a final one', () => {
    expect(code([submitted(), called(), result('approved')])).toBe('DK_ERR_ILLEGAL_TRANSITION');
    expect(code([...eid(), result('approved'), result('refused', { reason: 'x' })])).toBe('DK_ERR_ILLEGAL_TRANSITION');
  });
});
