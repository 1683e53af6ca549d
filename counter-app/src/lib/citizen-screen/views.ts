import type { PinEntryContext, RemoteActivationSnapshot, TokenIssuanceSnapshot } from '@dangky/core/machines';
import type { CitizenView } from './protocol.ts';

/**
 * What the citizen's screen shows for the clerk's flows: pure functions of the two machines'
 * snapshots (the panels publish them on every change). The keypad's view carries the number of
 * digits typed and never a digit.
 */

type IssuanceLike = Pick<TokenIssuanceSnapshot, 'matches' | 'context'>;
type RemoteLike = Pick<RemoteActivationSnapshot, 'matches' | 'context'>;

/** The keypad as the citizen's screen shows it, from a machine's PIN entry (issuance or unblock): the count only. */
export const keypadView = (confirming: boolean, pin: Pick<PinEntryContext, 'entry' | 'pinProblem'>): CitizenView => ({
  kind: 'pin',
  stage: confirming ? 'confirm' : 'first',
  length: pin.entry.length,
  problem: pin.pinProblem,
});

export function issuanceView(s: IssuanceLike, receipt: { holder: string; provider: string }): CitizenView {
  if (s.matches('pin')) return keypadView(s.matches({ pin: 'confirm' }), s.context);
  if (s.matches('issuing') || s.matches('following'))
    return { kind: 'issuing', doneSteps: [...s.context.doneSteps], currentStep: s.context.currentStep };
  if (s.matches('issued') && s.context.receipt)
    return {
      kind: 'receipt',
      service: 'token',
      ...receipt,
      tokenSerial: s.context.receipt.tokenSerial,
      validUntil: s.context.receipt.notAfter,
    };
  if (s.matches('failed')) return { kind: 'problem' };
  return { kind: 'preparing', service: 'token' };
}

export function remoteView(s: RemoteLike, receipt: { holder: string; provider: string }): CitizenView {
  const activation = s.context.activation;
  if (activation && (s.matches('pending') || s.matches('checking')))
    return {
      kind: 'activation',
      qrPayload: activation.qrPayload,
      code: activation.code,
      appName: activation.appName,
      expiresAt: activation.expiresAt,
    };
  if (s.matches('confirmed'))
    return {
      kind: 'receipt',
      service: 'remote',
      holder: receipt.holder,
      provider: activation?.appName ?? receipt.provider,
      tokenSerial: null,
      validUntil: null,
    };
  if (s.matches('expired') || s.matches('failed')) return { kind: 'problem' };
  return { kind: 'preparing', service: 'remote' };
}
