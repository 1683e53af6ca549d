/**
 * The MRZ OCR pipeline's pure half: pixels in, a binarised, straightened, scaled MRZ
 * band out; recognised text to three 30-character lines; multi-frame voting. No I/O and no
 * recogniser here, so a Node CLI and a browser worker share it. hardware/src/ocr runs
 * tesseract.js on what this prepares.
 */
export { toGray, crop, resize, rotate, grayImage, type GrayImage, type Rect } from './gray-image.ts';
export { binariseAdaptive, binariseOtsu, otsuThreshold, type AdaptiveOptions } from './binarise.ts';
export { estimateSkew, type SkewOptions } from './deskew.ts';
export { locateMrzBand, type MrzBand } from './locate-mrz-band.ts';
export { BAND_MARGIN, prepareMrzBand, type PrepareOptions, type PreparedBand } from './prepare-mrz-band.ts';
export { fitMrzLine, mrzLinesFromText } from './mrz-text.ts';
export { applyLayoutFixes } from './layout-fixes.ts';
export { ambiguousTwinPlaces, hasAmbiguousTwin, needsConfirmation, TWIN_HOLES, uncoveredPlacesAgree } from './confirm-reading.ts';
export { countHoles } from './count-holes.ts';
export { isVietnameseMrzName } from './vietnamese-name.ts';
export { checkDigitsPass, createMrzVoter, type MrzVoteOptions, type MrzVoter } from './vote.ts';
export { GLYPH_GRID, glyphShape, shapeDistance, type GlyphShape } from './glyph-shape.ts';
export { closestGlyph, type GlyphMatch } from './glyph-match.ts';
export {
  MRZ_ALPHABET,
  recognisedTextOf,
  type MrzRecogniser,
  type RecognisedLine,
  type RecognisedText,
  type TesseractBlock,
} from './recogniser.ts';
export { settleGlyphs, type SettledGlyph, type SettledText } from './settle-glyphs.ts';
export { readMrzImage, type MrzImageReading, type ReadMrzImageOptions } from './read-mrz-image.ts';
export { resolveRoundPairs } from './round-pairs.ts';
