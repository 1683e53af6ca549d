import { defaultServiceRules, type ServiceRules } from '@dangky/core/gates';
import { routes } from '@dangky/core/protocol';
import { reference } from '@dangky/core/schemas';
import { requestJson } from '@dangky/web';

/**
 * The server's service rules (ages, the free-certificate rule) from its public reference, so the
 * counter decides with the numbers the server enforces; core's defaults when it cannot be had
 * (offline: the server still checks on push).
 */
export async function fetchServiceRules(server: string, fetchFn?: typeof fetch): Promise<ServiceRules> {
  try {
    const ref = await requestJson(server, routes.reference, reference, fetchFn ? { fetch: fetchFn } : {});
    return ref.rules ?? defaultServiceRules;
  } catch {
    return defaultServiceRules;
  }
}
