/**
 * MRZ OCR in Node (issue 3): decode an image, run core/ocr's preparation and a warm tesseract.js
 * worker with local traineddata, then core/id's correction and parser.
 */
export { decodeImage } from './decode-image.ts';
export { createMrzRecogniser, MRZ_ALPHABET, toPgm, type MrzEngine, type MrzRecogniser, type MrzRecogniserOptions, type RecognisedText } from './mrz-recogniser.ts';
export { readMrzImage, type MrzImageReading, type ReadMrzImageOptions } from './read-mrz-image.ts';
