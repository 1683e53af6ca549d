import { z } from 'zod';
import { tokenKeyType } from '@dangky/core/agent';
import { providerId } from '@dangky/core/schemas';

/**
 * What the agent knows of each provider's CA for the USB-token channel: the catalogue id (as in
 * core's provider catalogue and a registration's `providerId`), the name shown, the key types
 * its CA certifies (the first is the one to generate), and — for the simulator — the CA's
 * subject and a latency distribution. The figures are the simulator's, chosen to look like a
 * remote enrolment API (hundreds of ms, a long tail of seconds), not measurements of the
 * providers; the subjects end in "SIM" so no certificate is mistaken for a real provider's.
 */

export const providerProfile = z.object({
  id: providerId,
  name: z.string().min(1).max(80),
  /** Common name of the simulated CA's certificate. */
  caName: z.string().min(1).max(64),
  keyTypes: z.array(tokenKeyType).min(1),
  /** Log-normal latency of one API call: median and 95th percentile, ms. */
  latency: z.object({ medianMs: z.number().nonnegative(), p95Ms: z.number().nonnegative() }),
});
export type ProviderProfile = z.infer<typeof providerProfile>;

export const simulatedProviderProfiles: readonly ProviderProfile[] = z.array(providerProfile).parse([
  { id: 'vnpt', name: 'VNPT SmartCA', caName: 'VNPT-CA SIM', keyTypes: ['rsa2048'], latency: { medianMs: 900, p95Ms: 2_500 } },
  { id: 'viettel', name: 'Viettel MySign', caName: 'Viettel-CA SIM', keyTypes: ['rsa2048'], latency: { medianMs: 700, p95Ms: 2_000 } },
  { id: 'misa', name: 'MISA eSign', caName: 'MISA-CA SIM', keyTypes: ['p256', 'rsa2048'], latency: { medianMs: 600, p95Ms: 1_800 } },
  { id: 'bkav', name: 'BKAV-CA', caName: 'BKAV-CA SIM', keyTypes: ['rsa2048'], latency: { medianMs: 1_100, p95Ms: 3_500 } },
  { id: 'fpt', name: 'FPT-CA', caName: 'FPT-CA SIM', keyTypes: ['p256', 'rsa2048'], latency: { medianMs: 500, p95Ms: 1_500 } },
]);
