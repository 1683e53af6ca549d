import { uuidv7, type DomainEvent } from '@dangky/core/events';
import { CONSENT_TEXT_VERSION } from '@dangky/core/reference';

/** Builders of valid events for tests and the benchmark (synthetic people only). */
export function deviceEvents(deviceId: string, firstSeq = 1) {
  let seq = firstSeq - 1;
  const envelope = <T extends DomainEvent['type']>(type: T, payload: Extract<DomainEvent, { type: T }>['payload'], occurredAt: string) =>
    ({ v: 1, id: uuidv7(), deviceId, seq: ++seq, occurredAt, type, payload }) as Extract<DomainEvent, { type: T }>;
  return {
    get seq() {
      return seq;
    },
    submitted(opts: {
      siteId: string;
      ticket: string;
      day: string;
      at: string;
      providerId?: string;
      channel?: 'remote' | 'token';
      eid?: boolean;
      /** Who registers (the demo's one synthetic person when absent). */
      idNumber?: string;
      birthDate?: string;
    }) {
      const registrationId = uuidv7();
      return envelope(
        'registration.submitted',
        {
          registrationId,
          siteId: opts.siteId,
          service: opts.eid
            ? { kind: 'eid-level2' }
            : { kind: 'digital-signature', channel: opts.channel ?? 'token', providerId: opts.providerId ?? 'vnpt' },
          identity: {
            idNumber: opts.idNumber ?? '079190012345',
            fullName: 'Nguyễn Văn Thử',
            birthDate: opts.birthDate ?? '1990-05-17',
            sex: 'M',
            address: '12 Lê Lợi, phường Bến Thành, TP. Hồ Chí Minh',
            source: 'manual',
            assurance: 'declared',
          },
          contact: { phone: '0912345678' },
          consent: { given: true, textVersion: CONSENT_TEXT_VERSION, purposes: ['registration', 'provider-transfer'], at: opts.at },
          ticket: { number: opts.ticket, day: opts.day },
          language: 'vi',
        } as never,
        opts.at,
      );
    },
    called(registrationId: string, operatorId: string, at: string) {
      return envelope('registration.called', { registrationId, operatorId, counterId: deviceId }, at);
    },
    issued(registrationId: string, operatorId: string, at: string, tokenSerial = 'TK-000123') {
      return envelope('token.issued', { registrationId, operatorId, tokenSerial }, at);
    },
    cancelled(registrationId: string, operatorId: string, at: string) {
      return envelope('registration.cancelled', { registrationId, operatorId, reason: 'citizen-left' }, at);
    },
  };
}
