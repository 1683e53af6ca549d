import { asDgError, dgMalformed } from './data-group-error.ts';
import { parseTlv, type Tlv } from './tlv.ts';

/**
 * EF.CardAccess (ICAO 9303-11 §9.2.1): a SET OF SecurityInfo; the PACEInfo entries name the
 * PACE variant (key agreement, mapping, cipher) and the standardised domain parameters. The
 * reader chooses PACE from here; entries it does not know are kept by OID for the report.
 */

export interface PaceInfo {
  protocol: string;
  keyAgreement: 'DH' | 'ECDH';
  mapping: 'GM' | 'IM' | 'CAM';
  cipher: '3DES' | 'AES-128' | 'AES-192' | 'AES-256';
  version: number;
  parameterId: number | undefined;
  /** The standardised domain parameters' name, when `parameterId` is one of ICAO 9303-11 Table 4. */
  parameters: string | undefined;
}

export interface CardAccess {
  pace: PaceInfo[];
  /** OIDs of the other SecurityInfos (Chip Authentication, Terminal Authentication …). */
  other: string[];
}

const ID_PACE = '0.4.0.127.0.7.2.2.4';
const VARIANTS: Record<string, Pick<PaceInfo, 'keyAgreement' | 'mapping'>> = {
  '1': { keyAgreement: 'DH', mapping: 'GM' },
  '2': { keyAgreement: 'ECDH', mapping: 'GM' },
  '3': { keyAgreement: 'DH', mapping: 'IM' },
  '4': { keyAgreement: 'ECDH', mapping: 'IM' },
  '6': { keyAgreement: 'ECDH', mapping: 'CAM' },
};
const CIPHERS: Record<string, PaceInfo['cipher']> = { '1': '3DES', '2': 'AES-128', '3': 'AES-192', '4': 'AES-256' };
export const STANDARD_DOMAIN_PARAMETERS: Readonly<Record<number, string>> = {
  0: 'MODP-1024-160',
  1: 'MODP-2048-224',
  2: 'MODP-2048-256',
  8: 'P-192',
  9: 'brainpoolP192r1',
  10: 'P-224',
  11: 'brainpoolP224r1',
  12: 'P-256',
  13: 'brainpoolP256r1',
  14: 'brainpoolP320r1',
  15: 'P-384',
  16: 'brainpoolP384r1',
  17: 'brainpoolP512r1',
  18: 'P-521',
};

/** DER OBJECT IDENTIFIER content → dotted string. */
export function decodeOid(bytes: Uint8Array): string {
  if (bytes.length === 0 || bytes.length > 64) throw dgMalformed('CardAccess', 'bad OID length');
  const arcs: number[] = [];
  let value = 0;
  for (const [i, b] of bytes.entries()) {
    value = value * 128 + (b & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 128) throw dgMalformed('CardAccess', 'OID arc too large');
    if (b & 0x80) {
      if (i === bytes.length - 1) throw dgMalformed('CardAccess', 'truncated OID');
      continue;
    }
    if (arcs.length === 0) arcs.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
    else arcs.push(value);
    value = 0;
  }
  return arcs.join('.');
}

const integer = (node: Tlv | undefined): number | undefined =>
  node?.tag === 0x02 && node.value.length > 0 && node.value.length <= 4 ? node.value.reduce((n, b) => n * 256 + b, 0) : undefined;

export function parseCardAccess(bytes: Uint8Array): CardAccess {
  return asDgError('CardAccess', () => {
    const root = parseTlv(bytes, { maxDepth: 6, maxLength: 4096 });
    if (root.tag !== 0x31 || !root.children) throw dgMalformed('CardAccess', 'not a SET OF SecurityInfo');
    const result: CardAccess = { pace: [], other: [] };
    for (const info of root.children) {
      const [oidNode, ...rest] = info.children ?? [];
      if (info.tag !== 0x30 || oidNode?.tag !== 0x06) throw dgMalformed('CardAccess', 'SecurityInfo without an OID');
      const oid = decodeOid(oidNode.value);
      const arcs = oid.startsWith(`${ID_PACE}.`) ? oid.slice(ID_PACE.length + 1).split('.') : [];
      const variant = VARIANTS[arcs[0] ?? ''];
      const cipher = CIPHERS[arcs[1] ?? ''];
      const version = integer(rest[0]);
      if (arcs.length !== 2 || !variant || !cipher || version === undefined) {
        result.other.push(oid);
        continue;
      }
      const parameterId = integer(rest[1]);
      result.pace.push({
        protocol: oid,
        ...variant,
        cipher,
        version,
        parameterId,
        parameters: parameterId === undefined ? undefined : STANDARD_DOMAIN_PARAMETERS[parameterId],
      });
    }
    return result;
  });
}
