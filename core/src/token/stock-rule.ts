import type { ErrorCode } from '../errors/registry.ts';

/**
 * Whether a blank token may be issued on, by its serial and the site's stock. The counter asks
 * the server (`GET /v1/sync/token-stock`) after the agent reads the serial and before any key is
 * generated; the server asks its `token_stock` table again when the `token.issued` arrives.
 *
 * The counter that cannot reach the server does not issue while the check is on: a certificate is
 * real the moment the CA signs it, so a `token.issued` the server refused afterwards would leave a
 * citizen holding a certificate that no record, no stock count and no one-free rule knows of —
 * worse than a citizen asked to wait for the network. Where the check is off (the demo) the
 * counter issues offline as before; which one applies it learned from the catalogue it keeps.
 */
export type StockAnswer =
  /** The server's answer about the serial at this counter's site. */
  | { inStock: boolean; enforced: boolean }
  /** No answer (offline, server down); `enforced` as last known, absent when never known. */
  | { unreachable: true; enforced?: boolean | undefined };

/** Null: issue on it; otherwise why not, for the clerk. */
export function stockRefusal(answer: StockAnswer): ErrorCode | null {
  if ('unreachable' in answer) return answer.enforced === false ? null : 'DK_ERR_TOKEN_STOCK_UNCHECKED';
  return answer.inStock || !answer.enforced ? null : 'DK_ERR_TOKEN_NOT_IN_STOCK';
}

/** The server's side: a `token.issued` for a serial its site does not hold in stock (`state` null: never received there). */
export const issuedTokenRefusal = (enforced: boolean, state: string | null): ErrorCode | null =>
  !enforced || state === 'in-stock' ? null : 'DK_ERR_TOKEN_NOT_IN_STOCK';
