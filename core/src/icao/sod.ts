import { decodeOid } from './card-access.ts';
import { asDgError, dgMalformed } from './data-group-error.ts';
import { concatBytes } from './bytes.ts';
import { findTlv, parseTlv, type Tlv } from './tlv.ts';

/**
 * EF.SOD (ICAO 9303-10 §4.6.2): `77 { ContentInfo { signedData, SignedData { …, encapContentInfo
 * { ldsSecurityObject, [0] OCTET STRING LDSSecurityObject }, [0] certificates, SignerInfos } } }`.
 * This only takes it apart — the raw pieces a verifier needs, exactly as read: the
 * LDSSecurityObject bytes and the DG hashes in it, the signed attributes re-tagged as the SET
 * that was signed, the messageDigest attribute, the signature and the certificates (DER). The
 * signature and the chain to a CSCA are checked in hardware/ with node:crypto.
 */

export interface Sod {
  /** Dotted OID of the hash algorithm of the DG hashes (e.g. 2.16.840.1.101.3.4.2.1 = SHA-256). */
  hashAlgorithm: string;
  /** Data-group number → hash. */
  dataGroupHashes: Map<number, Uint8Array>;
  /** The LDSSecurityObject bytes (what messageDigest is taken over). */
  securityObject: Uint8Array;
  /** Signed attributes with their [0] tag replaced by SET (31): the bytes the signature covers. */
  signedAttributes: Uint8Array | undefined;
  messageDigest: Uint8Array | undefined;
  digestAlgorithm: string;
  signatureAlgorithm: string;
  signature: Uint8Array;
  /** Certificates carried in the SOD (the Document Signer), DER. */
  certificates: Uint8Array[];
  /** Which certificate signed (CMS SignerInfo `sid`, RFC 5652 §5.3): the verifier must pick it by this. */
  signerIdentifier: SignerIdentifier;
}

/**
 * RFC 5652 SignerIdentifier: `issuerAndSerialNumber` (SignerInfo version 1) — the issuer Name as
 * DER and the serial number's INTEGER content bytes, exactly as in the SOD — or `[0]
 * subjectKeyIdentifier` (version 3).
 */
export type SignerIdentifier =
  | { type: 'issuerAndSerialNumber'; issuer: Uint8Array; serialNumber: Uint8Array }
  | { type: 'subjectKeyIdentifier'; keyIdentifier: Uint8Array };

const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
const OID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';

const need = (node: Tlv | undefined, tag: number, what: string): Tlv => {
  if (!node || node.tag !== tag) throw dgMalformed('SOD', `expected ${what}`);
  return node;
};

export function parseSod(bytes: Uint8Array): Sod {
  return asDgError('SOD', () => {
    const root = parseTlv(bytes, { maxDepth: 24, maxLength: 65_536 });
    if (root.tag !== 0x77) throw dgMalformed('SOD', 'not an EF.SOD');
    const contentInfo = need(root.children?.[0], 0x30, 'ContentInfo');
    if (decodeOid(need(contentInfo.children?.[0], 0x06, 'content type').value) !== OID_SIGNED_DATA)
      throw dgMalformed('SOD', 'not SignedData');
    const signedData = need(need(contentInfo.children?.[1], 0xa0, '[0] content').children?.[0], 0x30, 'SignedData');
    const parts = signedData.children ?? [];
    const encap = need(parts[2], 0x30, 'encapContentInfo');
    const eContent = need(need(encap.children?.[1], 0xa0, '[0] eContent').children?.[0], 0x04, 'eContent OCTET STRING');
    const certificates = (findTlv(parts, 0xa0)?.children ?? []).filter((c) => c.tag === 0x30).map((c) => c.raw.slice());
    const signerInfos = need(parts[parts.length - 1], 0x31, 'SignerInfos');
    const signer = need(signerInfos.children?.[0], 0x30, 'SignerInfo');
    const s = signer.children ?? [];
    const sid = s[1];
    let signerIdentifier: SignerIdentifier;
    if (sid?.tag === 0x30) {
      const [issuer, serial] = sid.children ?? [];
      signerIdentifier = {
        type: 'issuerAndSerialNumber',
        issuer: need(issuer, 0x30, 'sid issuer Name').raw.slice(),
        serialNumber: need(serial, 0x02, 'sid serialNumber').value.slice(),
      };
    } else if (sid?.tag === 0x80 && sid.value.length > 0) {
      signerIdentifier = { type: 'subjectKeyIdentifier', keyIdentifier: sid.value.slice() };
    } else {
      throw dgMalformed('SOD', 'expected SignerIdentifier');
    }
    const digestAlgorithm = decodeOid(need(need(s[2], 0x30, 'digestAlgorithm').children?.[0], 0x06, 'digest OID').value);
    const attrs = s[3]?.tag === 0xa0 ? s[3] : undefined;
    const rest = attrs ? s.slice(4) : s.slice(3);
    const signatureAlgorithm = decodeOid(need(need(rest[0], 0x30, 'signatureAlgorithm').children?.[0], 0x06, 'signature OID').value);
    const signature = need(rest[1], 0x04, 'signature').value.slice();
    let messageDigest: Uint8Array | undefined;
    for (const attr of attrs?.children ?? []) {
      const [type, values] = attr.children ?? [];
      if (type?.tag === 0x06 && decodeOid(type.value) === OID_MESSAGE_DIGEST) messageDigest = values?.children?.[0]?.value.slice();
    }
    const lds = parseTlv(eContent.value, { maxDepth: 6 });
    const [, hashAlg, hashes] = need(lds, 0x30, 'LDSSecurityObject').children ?? [];
    const hashAlgorithm = decodeOid(need(need(hashAlg, 0x30, 'hash AlgorithmIdentifier').children?.[0], 0x06, 'hash OID').value);
    const dataGroupHashes = new Map<number, Uint8Array>();
    for (const entry of need(hashes, 0x30, 'DataGroupHashes').children ?? []) {
      const [n, hash] = entry.children ?? [];
      const number = need(n, 0x02, 'DG number').value;
      if (number.length !== 1) throw dgMalformed('SOD', 'DG number');
      dataGroupHashes.set(number[0] ?? 0, need(hash, 0x04, 'DG hash').value.slice());
    }
    return {
      hashAlgorithm,
      dataGroupHashes,
      securityObject: eContent.value.slice(),
      signedAttributes: attrs ? concatBytes(Uint8Array.of(0x31), attrs.raw.subarray(1)) : undefined,
      messageDigest,
      digestAlgorithm,
      signatureAlgorithm,
      signature,
      certificates,
      signerIdentifier,
    };
  });
}
