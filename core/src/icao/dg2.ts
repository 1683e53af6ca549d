import { dgMalformed } from './data-group-error.ts';
import { concatBytes } from './bytes.ts';
import { encodeTlv, findTlv, parseTlv, parseTlvList, type Tlv } from './tlv.ts';

/**
 * DG2, the face (ICAO 9303-10 §4.7.2): `75 { 7F61 { 02 <count>, 7F60 { A1 <BHT>, 5F2E|7F2E <BDB> } … } }`,
 * where the biometric data block is an ISO/IEC 19794-5:2005 facial record:
 *
 * | bytes | field |
 * |---|---|
 * | 4 | `FAC\0` |
 * | 4 | version `010\0` |
 * | 4 | record length (header included) |
 * | 2 | number of facial images |
 * | 20 | facial information: block length (4), feature point count (2), gender, eye, hair, mask (3), expression (2), pose (3), uncertainty (3) |
 * | 8 × n | feature points |
 * | 12 | image information: face image type, image data type (0 JPEG, 1 JPEG 2000), width (2), height (2), colour space, source type, device type (2), quality (2) |
 * | … | the image, up to the end of the block |
 *
 * Only the first face of the first template is returned. The chip is not trusted yet (the SOD is
 * checked elsewhere over the raw bytes), so every length is bounded by the bytes that hold it.
 * The image format is taken from the image's magic bytes when they are known, because the
 * header's "image data type" is sometimes wrong on issued documents and a viewer needs the truth.
 */
export interface Dg2Face {
  format: 'jpeg' | 'jpeg2000';
  /** Pixel width and height as the facial record declares them (the image itself may differ). */
  width: number;
  height: number;
  /** The image bytes (a sub-array of the input, not a copy). */
  image: Uint8Array;
}

/** Largest DG2 accepted, in bytes: issued photos are 10–30 KB; 512 KiB leaves room for odd ones. */
export const DG2_MAX_LENGTH = 512 * 1024;

const FACIAL_HEADER = 14;
const FACIAL_INFO = 20;
const FEATURE_POINT = 8;
const IMAGE_INFO = 12;

function fail(reason: string): never {
  throw dgMalformed('DG2', reason);
}

const level = (node: Tlv): Tlv[] => parseTlvList(node.value, { maxLength: DG2_MAX_LENGTH, parseChildren: false });

const u16 = (b: Uint8Array, at: number): number => (b[at] ?? 0) * 0x100 + (b[at + 1] ?? 0);
const u32 = (b: Uint8Array, at: number): number => u16(b, at) * 0x10000 + u16(b, at + 2);

/** `jpeg` / `jpeg2000` by magic bytes (JPEG SOI, JP2 signature box, raw J2K SOC+SIZ), else undefined. */
export function imageFormatOf(image: Uint8Array): Dg2Face['format'] | undefined {
  const starts = (magic: readonly number[]) => magic.every((byte, i) => image[i] === byte);
  if (starts([0xff, 0xd8, 0xff])) return 'jpeg';
  if (starts([0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20])) return 'jpeg2000';
  if (starts([0xff, 0x4f, 0xff, 0x51])) return 'jpeg2000';
  return undefined;
}

/** The first face image of a DG2; malformed input is a `DK_ERR_CHIP_*` DangkyError. */
export function parseDg2(bytes: Uint8Array): Dg2Face {
  const root = parseTlv(bytes, { maxLength: DG2_MAX_LENGTH, parseChildren: false });
  if (root.tag !== 0x75) fail('not a DG2');
  const group = findTlv(level(root), 0x7f61) ?? fail('no biometric information template group (7F61)');
  const templates = level(group);
  const count = findTlv(templates, 0x02) ?? fail('no template count (02)');
  if (count.value.length !== 1 || count.value[0] === 0) fail('template count is not 1–255');
  const template = findTlv(templates, 0x7f60) ?? fail('no biometric information template (7F60)');
  const parts = level(template);
  if (!findTlv(parts, 0xa1)) fail('no biometric header template (A1)');
  const block = (findTlv(parts, 0x5f2e) ?? findTlv(parts, 0x7f2e) ?? fail('no biometric data block (5F2E/7F2E)')).value;
  return parseFacialRecord(block);
}

function parseFacialRecord(block: Uint8Array): Dg2Face {
  if (block.length < FACIAL_HEADER + FACIAL_INFO + IMAGE_INFO) fail('facial record shorter than its fixed blocks');
  if (u32(block, 0) !== 0x46414300) fail("facial record does not start with 'FAC\\0'");
  if (u32(block, 4) !== 0x30313000) fail("facial record version is not '010\\0'");
  const recordLength = u32(block, 8);
  if (recordLength > block.length || recordLength < FACIAL_HEADER + FACIAL_INFO + IMAGE_INFO)
    fail('facial record length does not fit the data block');
  if (u16(block, 12) === 0) fail('facial record holds no face');

  const faceStart = FACIAL_HEADER;
  const faceLength = u32(block, faceStart);
  const points = u16(block, faceStart + 4);
  const imageInfo = faceStart + FACIAL_INFO + points * FEATURE_POINT;
  const imageStart = imageInfo + IMAGE_INFO;
  const faceEnd = faceStart + faceLength;
  if (faceEnd > recordLength || imageStart > faceEnd) fail('facial record data length does not fit the record');

  const declared = block[imageInfo + 1];
  const width = u16(block, imageInfo + 2);
  const height = u16(block, imageInfo + 4);
  const image = block.subarray(imageStart, faceEnd);
  if (image.length === 0) fail('face image is empty');
  const format = imageFormatOf(image) ?? fail(`face image is neither JPEG nor JPEG 2000 (declared type ${declared})`);
  return { format, width, height, image };
}

export interface EncodeDg2Options {
  image: Uint8Array;
  /** Written as the record's image data type (0 JPEG, 1 JPEG 2000); not checked against the bytes. */
  format: Dg2Face['format'];
  width: number;
  height: number;
  /** Feature points to write (zero-filled, 8 bytes each). Default 0. */
  featurePoints?: number;
  /** Data block tag. Default 0x5F2E. */
  blockTag?: 0x5f2e | 0x7f2e;
}

/**
 * A DG2 holding one face, for the simulator and tests: the BHT names ISO/IEC JTC 1 SC 37 format 8
 * (face), the record is ISO/IEC 19794-5:2005 with a full-frontal image and no feature points.
 */
export function encodeDg2(options: EncodeDg2Options): Uint8Array {
  const points = options.featurePoints ?? 0;
  const faceLength = FACIAL_INFO + points * FEATURE_POINT + IMAGE_INFO + options.image.length;
  const record = new Uint8Array(FACIAL_HEADER + faceLength);
  const view = new DataView(record.buffer);
  record.set([0x46, 0x41, 0x43, 0x00, 0x30, 0x31, 0x30, 0x00], 0);
  view.setUint32(8, record.length);
  view.setUint16(12, 1);
  view.setUint32(FACIAL_HEADER, faceLength);
  view.setUint16(FACIAL_HEADER + 4, points);
  const info = FACIAL_HEADER + FACIAL_INFO + points * FEATURE_POINT;
  record[info] = 0x01; // full frontal
  record[info + 1] = options.format === 'jpeg' ? 0 : 1;
  view.setUint16(info + 2, options.width);
  view.setUint16(info + 4, options.height);
  record[info + 6] = 0x01; // 24-bit RGB
  record[info + 7] = 0x02; // static photo, digital camera
  record.set(options.image, info + IMAGE_INFO);
  const header = encodeTlv(
    0xa1,
    concatBytes(
      encodeTlv(0x80, Uint8Array.of(1, 1)),
      encodeTlv(0x81, Uint8Array.of(2)),
      encodeTlv(0x82, Uint8Array.of(0)),
      encodeTlv(0x87, Uint8Array.of(1, 1)),
      encodeTlv(0x88, Uint8Array.of(0, 8)),
    ),
  );
  const template = encodeTlv(0x7f60, concatBytes(header, encodeTlv(options.blockTag ?? 0x5f2e, record)));
  return encodeTlv(0x75, encodeTlv(0x7f61, concatBytes(encodeTlv(0x02, Uint8Array.of(1)), template)));
}
