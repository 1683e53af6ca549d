import { eventEnvelope, type DomainEvent } from '../events/envelope.ts';
import type { EventDraft } from '../events/outcome-event.ts';
import { uuidv7 } from '../events/uuidv7.ts';

/**
 * Test builders (not shipped code): one registration's events as devices make them, each
 * parsed by the real envelope schema, so a test cannot fold an event no device could send.
 * Shared by core's, the server's and the counter's tests instead of a hand-written state each.
 */
export type TestService = { kind: 'digital-signature'; channel: 'token' | 'remote'; providerId: string } | { kind: 'eid-level2' };

export const tokenService: TestService = { kind: 'digital-signature', channel: 'token', providerId: 'vnpt' };
export const remoteService: TestService = { kind: 'digital-signature', channel: 'remote', providerId: 'viettel' };
export const eidService: TestService = { kind: 'eid-level2' };

export const testIdentity = {
  idNumber: '079099012345',
  fullName: 'Nguyễn Văn An',
  birthDate: '1999-05-15',
  sex: 'M',
  address: 'Số 1 Ngõ Thử',
  source: 'manual',
  assurance: 'declared',
};

export interface RegistrationEventsOptions {
  /** Default: a UUIDv7 of 2026-11-22 09:00 in Ho Chi Minh City. */
  registrationId?: string;
  /** When every event happens (ISO 8601 with offset); the ticket's day is its date. */
  at?: string;
  deviceId?: string;
}

export function registrationEvents(options: RegistrationEventsOptions = {}) {
  const at = options.at ?? '2026-11-22T09:00:00+07:00';
  const registrationId = options.registrationId ?? uuidv7({ now: Date.UTC(2026, 10, 22, 2) });
  let seq = 0;
  const event = (type: DomainEvent['type'], payload: unknown): DomainEvent =>
    eventEnvelope.parse({ v: 1, id: uuidv7(), deviceId: options.deviceId ?? 'kiosk-test-01', seq: ++seq, occurredAt: at, type, payload });
  const by = { registrationId, operatorId: 'clerk.an' };
  return {
    registrationId,
    by,
    event,
    /** An event a mapping made (`outcomeEvent`, `tokenCareEvent`), as the outbox would store it. */
    fromDraft: (draft: EventDraft) => event(draft.type, draft.payload),
    submitted: (
      service: TestService,
      more: { ticket?: string; identity?: Partial<Record<keyof typeof testIdentity, string>>; priority?: boolean } = {},
    ) =>
      event('registration.submitted', {
        registrationId,
        siteId: 'hcm-ben-thanh',
        service,
        identity: { ...testIdentity, ...more.identity },
        contact: { phone: '0912345678' },
        consent: { given: true, textVersion: 'consent-2026.1', purposes: ['registration'], at },
        ticket: { number: more.ticket ?? 'A-001', day: at.slice(0, 10) },
        language: 'vi',
        ...(more.priority === undefined ? {} : { priority: more.priority }),
      }),
    called: () => event('registration.called', { ...by, counterId: 'counter-1' }),
  };
}
