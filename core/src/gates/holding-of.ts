import type { RegistrationState } from '../events/index.ts';
import type { Holding } from './holding.ts';

/**
 * What a registration adds to its citizen's holdings, from its folded state: a certificate once a
 * token was issued or a remote signature activated (revoked when its token's certificate was), an
 * e-ID level-2 hand-off once the application went to the officer. `null` while it holds nothing.
 * The server's projection rows are made with this, so the look-up and the gate read the same rows.
 */
export function holdingOf(state: RegistrationState): Holding | null {
  if (state.status !== 'completed' || !state.completedAt) return null;
  const { service, siteId } = state.draft;
  const base = { registrationId: state.registrationId, siteId, issuedAt: state.completedAt };
  if (state.outcome === 'eid-level2-handed-over')
    return {
      ...base,
      kind: 'eid-level2',
      channel: null,
      providerId: null,
      tokenSerial: null,
      certificateSerial: null,
      notAfter: null,
      revoked: false,
      eidResult: state.eidResult?.result ?? null,
    };
  if ((state.outcome !== 'token-issued' && state.outcome !== 'remote-activated') || service.kind !== 'digital-signature') return null;
  const lifecycle = state.tokenLifecycle?.state;
  return {
    ...base,
    kind: 'certificate',
    channel: service.channel,
    providerId: service.providerId,
    tokenSerial: state.tokenSerial,
    certificateSerial: state.issuedCertificate?.serial ?? null,
    notAfter: state.issuedCertificate?.notAfter ?? null,
    revoked: lifecycle === 'revoked' || lifecycle === 'replaced',
    eidResult: null,
  };
}
