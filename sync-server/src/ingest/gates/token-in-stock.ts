import { issuedTokenRefusal } from '@dangky/core/token';
import { refuse, type PrepareGate } from './gate.ts';

/**
 * A `token.issued` names a blank token its site holds in stock (core's `issuedTokenRefusal`), when
 * the server runs with the check (`TOKEN_STOCK_CHECK`, on unless the demo). One read per batch;
 * a serial issued earlier in the same batch is no longer on hand. The accepted ones leave the
 * stock as issued with the clerks' actions (`admin/stock.ts` `markIssuedTokens`).
 */
export const tokenInStock: PrepareGate = async (tx, { device, events, tokenStockCheck }) => {
  const serials = events.flatMap((e) => (e.type === 'token.issued' ? [e.payload.tokenSerial.toUpperCase()] : []));
  if (!tokenStockCheck || serials.length === 0) return { check: () => null };
  const rows = await tx.query<{ serial: string; state: string }>(
    'SELECT serial, state FROM token_stock WHERE site_id = $1 AND serial = ANY($2::text[])',
    [device.siteId, serials],
  );
  const state = new Map(rows.map((r) => [r.serial, r.state]));
  return {
    check(event) {
      if (event.type !== 'token.issued') return null;
      const code = issuedTokenRefusal(true, state.get(event.payload.tokenSerial.toUpperCase()) ?? null);
      return code ? refuse(code) : null;
    },
    accepted(event) {
      if (event.type === 'token.issued') state.set(event.payload.tokenSerial.toUpperCase(), 'issued');
    },
  };
};
