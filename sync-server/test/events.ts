import { uuidv7, type DomainEvent } from '@dangky/core/events';
import { CONSENT_TEXT_VERSION } from '@dangky/core/reference';

/**
 * A synthetic ID number per registration, so the one-free-certificate rule sees a different
 * citizen each time unless a test names one (`idNumber`).
 */
let citizens = 0;
export const nextIdNumber = (): string => `079190${String(++citizens % 1_000_000).padStart(6, '0')}`;

/** Builders of valid events for tests and the benchmark (synthetic people only). */
export function deviceEvents(deviceId: string, firstSeq = 1) {
  let seq = firstSeq - 1;
  const envelope = <T extends DomainEvent['type']>(type: T, payload: Extract<DomainEvent, { type: T }>['payload'], occurredAt: string) =>
    ({ v: 1, id: uuidv7(), deviceId, seq: ++seq, occurredAt, type, payload }) as Extract<DomainEvent, { type: T }>;
  return {
    get seq() {
      return seq;
    },
    /** Any event of this device, next in its sequence. */
    event: envelope,
    submitted(opts: {
      siteId: string;
      ticket: string;
      day: string;
      at: string;
      providerId?: string;
      channel?: 'remote' | 'token';
      eid?: boolean;
      /** Expiry of the card, as read at the kiosk. */
      expiryDate?: string;
      /** Who registers (the demo's one synthetic person when absent). */
      idNumber?: string;
      birthDate?: string;
      /** Asked for priority at the kiosk (absent: the field is left out, as before it existed). */
      priority?: boolean;
      /** Seconds the citizen took at the kiosk (absent: left out, as before it existed). */
      kioskSeconds?: number;
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
            idNumber: opts.idNumber ?? nextIdNumber(),
            fullName: 'Nguyễn Văn Thử',
            birthDate: opts.birthDate ?? '1990-05-17',
            ...(opts.expiryDate ? { expiryDate: opts.expiryDate } : {}),
            sex: 'M',
            address: '12 Lê Lợi, phường Bến Thành, TP. Hồ Chí Minh',
            source: 'manual',
            assurance: 'declared',
          },
          contact: { phone: '0912345678' },
          consent: { given: true, textVersion: CONSENT_TEXT_VERSION, purposes: ['registration', 'provider-transfer'], at: opts.at },
          ticket: { number: opts.ticket, day: opts.day },
          language: 'vi',
          ...(opts.priority === undefined ? {} : { priority: opts.priority }),
          ...(opts.kioskSeconds === undefined ? {} : { kioskSeconds: opts.kioskSeconds }),
        } as never,
        opts.at,
      );
    },
    called(registrationId: string, operatorId: string, at: string) {
      return envelope('registration.called', { registrationId, operatorId, counterId: deviceId }, at);
    },
    issued(registrationId: string, operatorId: string, at: string, tokenSerial = 'TK-000123') {
      // The clerk compared the papers: the identity gate's minimum for a typed registration.
      return envelope('token.issued', { registrationId, operatorId, tokenSerial, identityCheck: 'documents-checked' }, at);
    },
    cancelled(registrationId: string, operatorId: string, at: string) {
      // Explicitly confirmed: a "citizen left" cancellation is otherwise held until the no-show grace ran out.
      return envelope('registration.cancelled', { registrationId, operatorId, reason: 'citizen-left', confirmed: true }, at);
    },
  };
}
