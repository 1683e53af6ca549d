export { base45Decode, base45Encode } from './base45.ts';
export { SEAL_PREFIX, SEAL_VERSION, open as openSealed, seal as sealBytes, type OpeningKey } from './seal.ts';
export {
  fromBase64url,
  generateSiteKey,
  handoffKeysResponse,
  type HandoffKeysResponse,
  importSitePrivateKey,
  keyIdOf,
  siteKeyId,
  sitePrivateKey,
  sitePublicKey,
  toBase64url,
  type SitePrivateKey,
  type SitePublicKey,
} from './site-key.ts';
export { fromTicketContent, ticketContent, toTicketContent, type HandedOffRegistration, type TicketContent } from './ticket-content.ts';
export { openRegistration, sealRegistration, type OpenOptions } from './seal-registration.ts';
export { qrModules, qrVersionAtM, ticketModuleDots } from './qr-version.ts';
