import { EF, bacKeyInfo, concatBytes, encodeDg13, encodeDg2, encodeTlv, type BacKeyInput } from '@dangky/core/icao';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { buildSod, type SodOptions, type TestPki } from './test-pki.ts';

/**
 * Synthetic card personas for the simulator (BRIEF §1.2/§1.3 example person; no real data).
 * DG2 is a real ICAO face record holding a drawn face (`synthetic-face.ts`, encoded once by
 * `make-face.ts` into the committed `face.jpg` / `face.jp2`), about 13 KB like a real chip's;
 * `withSod` adds an EF.SOD signed by a throwaway test PKI over whichever DG2 the persona has.
 */
export interface Persona {
  key: BacKeyInput;
  /** Offers PACE with this CAN when set (Vietnamese cards: last 6 digits of the ID number). */
  can?: string;
  /** Active Authentication key; DG15 holds its public half. */
  activeAuthKey?: KeyObject;
  files: Map<number, Uint8Array>;
}

export interface PersonaOptions {
  /** How the chip stores the face photo. Default 'jpeg'. */
  photoFormat?: 'jpeg' | 'jpeg2000';
}

const utf8 = new TextEncoder();

/** The synthetic face's pixel size, as `make-face.ts` drew it. */
export const FACE_SIZE = { width: 240, height: 320 } as const;

/** The persona's DG2: the committed synthetic face in an ICAO 9303 / ISO 19794-5 record. */
export function personaDg2(photoFormat: NonNullable<PersonaOptions['photoFormat']> = 'jpeg'): Uint8Array {
  const image = new Uint8Array(readFileSync(new URL(photoFormat === 'jpeg' ? './face.jpg' : './face.jp2', import.meta.url)));
  return encodeDg2({ image, format: photoFormat, ...FACE_SIZE });
}

export function defaultPersona(options: PersonaOptions = {}): Persona {
  const mrz = 'IDVNM0990123459001099012345<<09905153M3905151VNM<<<<<<<<<<<4NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<';
  const key = { documentNumber: '099012345', birthDate: '990515', expiryDate: '390515' };
  const files = new Map<number, Uint8Array>([
    [
      EF.com.fid,
      encodeTlv(
        0x60,
        concatBytes(
          encodeTlv(0x5f01, utf8.encode('0107')),
          encodeTlv(0x5f36, utf8.encode('040000')),
          encodeTlv(0x5c, Uint8Array.of(0x61, 0x75, 0x6d, 0x6f)),
        ),
      ),
    ],
    [EF.dg1.fid, encodeTlv(0x61, encodeTlv(0x5f1f, utf8.encode(mrz)))],
    [EF.dg2.fid, personaDg2(options.photoFormat)],
    [
      EF.dg13.fid,
      encodeDg13({
        idNumber: '001099012345',
        fullName: 'Nguyễn Văn An',
        dateOfBirth: '15/05/1999',
        sex: 'Nam',
        nationality: 'Việt Nam',
        ethnicity: 'Kinh',
        religion: 'Không',
        placeOfOrigin: 'Hà Nội',
        placeOfResidence: 'Số 1 Ngõ Thử, Phường X, Hà Nội',
        identifyingMarks: 'Nốt ruồi cách 2cm trên mày phải',
        issueDate: '20/04/2021',
        expiryDate: '15/05/2039',
        parents: ['Nguyễn Văn Bố', 'Trần Thị Mẹ'],
        spouse: [],
      }),
    ],
  ]);
  const aa = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  files.set(EF.dg15.fid, encodeTlv(0x6f, new Uint8Array(aa.publicKey.export({ format: 'der', type: 'spki' }))));
  return { key, can: '012345', activeAuthKey: aa.privateKey, files };
}

export const personaMrzInfo = (persona: Persona): string => bacKeyInfo(persona.key);

/** The persona with an EF.SOD over DG1, DG2 and DG13 signed by `pki`'s Document Signer. */
export function withSod(persona: Persona, pki: TestPki, sod: SodOptions = {}): Persona {
  const groups = new Map<number, Uint8Array>();
  for (const [n, fid] of [
    [1, EF.dg1.fid],
    [2, EF.dg2.fid],
    [13, EF.dg13.fid],
    [15, EF.dg15.fid],
  ] as const) {
    const bytes = persona.files.get(fid);
    if (bytes) groups.set(n, bytes);
  }
  const files = new Map(persona.files);
  files.set(EF.sod.fid, buildSod(groups, pki, sod));
  return { ...persona, files };
}
