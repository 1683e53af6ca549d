import { toGray, type GrayImage } from '@dangky/core/ocr';
import { DangkyError } from '@dangky/core/errors';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

/** PNG or JPEG bytes (told apart by their signature) → grey pixels for core/ocr. */
export function decodeImage(bytes: Uint8Array): GrayImage {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    if (buffer.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
      const png = PNG.sync.read(buffer);
      return toGray(png.data, png.width, png.height, 4);
    }
    if (buffer[0] === 0xff && buffer[1] === 0xd8) {
      const img = jpeg.decode(buffer, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 256 });
      return toGray(img.data, img.width, img.height, 4);
    }
  } catch (cause) {
    throw new DangkyError('DK_ERR_VALIDATION', { message: 'The image could not be decoded', cause, detail: { reason: 'corrupt image' } });
  }
  throw new DangkyError('DK_ERR_VALIDATION', { message: 'The image is neither PNG nor JPEG', detail: { reason: 'not PNG or JPEG' } });
}
