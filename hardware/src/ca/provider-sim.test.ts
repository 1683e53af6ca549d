import { describe, expect, it } from 'vitest';
import { DangkyError } from '@dangky/core/errors';
import type { CaAdapter, IssuedCertificate } from './ca-adapter.ts';
import { createProviderSim } from './provider-sim.ts';

/**
 * The simulator's Idempotency-Key behaviour on its own, with a CA whose signing the test holds:
 * a client that gives up on a slow attempt retries with the same request id while the CA is
 * still signing, and must get the certificate that one signing produces — never a second
 * signing, which a real CA would refuse or, worse, carry out.
 */
function heldCa() {
  const signings: { requestId?: string; finish: (c: IssuedCertificate) => void; fail: (e: unknown) => void }[] = [];
  const ca = {
    submitCsr: (_csr: string, request?: { requestId: string }) =>
      new Promise<IssuedCertificate>((finish, fail) => signings.push({ requestId: request?.requestId, finish, fail })),
    close: async () => {},
  } as unknown as CaAdapter;
  return { ca, signings };
}

const certificate = (serial: string): IssuedCertificate => ({
  certificatePem: `-----BEGIN CERTIFICATE-----\n${serial}\n-----END CERTIFICATE-----`,
  serial,
  notBefore: new Date('2026-12-07T00:00:00Z'),
  notAfter: new Date('2027-12-07T00:00:00Z'),
});
const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('provider simulator: a retry while the CA is still signing', () => {
  it('joins the signing under way and gets the same certificate; the CA signs once', async () => {
    const { ca, signings } = heldCa();
    const sim = createProviderSim({ id: 'viettel', backing: async () => ca, sleep: async () => {} });
    const gaveUp = new AbortController();
    const first = sim.submitCsr('csr', { requestId: 'req-1', signal: gaveUp.signal });
    await settled();
    expect(signings).toHaveLength(1);
    gaveUp.abort();
    const retry = sim.submitCsr('csr', { requestId: 'req-1', signal: new AbortController().signal });
    await settled();
    expect(signings).toHaveLength(1);
    signings[0]!.finish(certificate('5a01'));
    expect(await retry).toEqual(certificate('5a01'));
    expect(await first).toEqual(certificate('5a01'));
    expect(signings.map((s) => s.requestId)).toEqual(['req-1']);
  });

  it('forgets a signing that failed, so the same request may be sent again', async () => {
    const { ca, signings } = heldCa();
    const sim = createProviderSim({ id: 'viettel', backing: async () => ca, sleep: async () => {} });
    const call = () => sim.submitCsr('csr', { requestId: 'req-2', signal: new AbortController().signal });
    const failed = call();
    await settled();
    signings[0]!.fail(new DangkyError('DK_ERR_CA_UNAVAILABLE'));
    await expect(failed).rejects.toMatchObject({ kind: 'server-error' });
    const again = call();
    await settled();
    expect(signings).toHaveLength(2);
    signings[1]!.finish(certificate('5a02'));
    expect(await again).toEqual(certificate('5a02'));
  });
});
