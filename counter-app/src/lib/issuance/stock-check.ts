import type { ErrorCode } from '@dangky/core/errors';
import { deviceAuthorization, routes, stockCheck, type PairingLink } from '@dangky/core/protocol';
import { stockRefusal } from '@dangky/core/token';
import { requestJson } from '@dangky/web';

/**
 * Asks the server whether this counter's site holds the token in its reader (`GET
 * /v1/sync/token-stock`, as the device), after the agent read the serial and before any key is
 * generated; core's `stockRefusal` turns the answer — or no answer — into go or a reason.
 * `enforced` is what the kept catalogue says: off (the demo), nothing is asked; on or never
 * known, an unreachable server means no issuance (see core/src/token/stock-rule.ts for why).
 */
export async function checkTokenStock(
  pairing: PairingLink,
  serial: string,
  enforced: boolean | undefined,
  fetchFn?: typeof fetch,
): Promise<ErrorCode | null> {
  if (enforced === false) return null;
  if (!serial) return stockRefusal({ inStock: false, enforced: true });
  try {
    const answer = await requestJson(pairing.server, routes.tokenStock, stockCheck, {
      authorization: deviceAuthorization(pairing.deviceId, pairing.deviceSecret),
      query: { serial },
      ...(fetchFn ? { fetch: fetchFn } : {}),
    });
    return stockRefusal(answer);
  } catch {
    return stockRefusal({ unreachable: true, enforced });
  }
}
