/**
 * MRZ OCR in Node: decode an image, run core/ocr's preparation and a warm tesseract.js
 * worker with local traineddata, driven by core/ocr's readMrzImage (which the kiosk runs too).
 */
export { decodeImage } from './decode-image.ts';
export { createMrzRecogniser, toPgm, type MrzEngine, type MrzRecogniser, type MrzRecogniserOptions } from './mrz-recogniser.ts';
// The pipeline itself is core's (the kiosk runs the same one in the browser).
export { readMrzImage, type MrzImageReading, type ReadMrzImageOptions } from '@dangky/core/ocr';
