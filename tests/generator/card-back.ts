import { createCanvas, GlobalFonts, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';
import type { Rng } from './rng.ts';

/**
 * Draws the back of an ID-1 card (85.6 × 54 mm) as a camera would see it: a tinted card with
 * a guilloche, a fingerprint box, a few lines of ordinary text, and the three MRZ lines in OCR-B
 * at ICAO 9303 geometry (10 characters per inch, bottom of the card). Synthetic content only.
 * The OCR-B font is Debian's fonts-ocr-b (scripts/ensure-system.sh installs it).
 */
export const OCR_B_FONT = '/usr/share/fonts/opentype/ocr-b/OCRB.otf';
const CARD_MM = { width: 85.6, height: 54 };
/** OCR-B's advance is 0.723 em; ICAO's pitch is 2.54 mm. */
const OCRB_ADVANCE_EM = 0.723;

let fontsReady = false;
function ensureFonts(): void {
  if (fontsReady) return;
  if (!GlobalFonts.registerFromPath(OCR_B_FONT, 'OCR-B'))
    throw new Error(`OCR-B font missing at ${OCR_B_FONT}: run scripts/ensure-system.sh (fonts-ocr-b)`);
  fontsReady = true;
}

const TEXT_LINES = [
  'Đặc điểm nhân dạng: Nốt ruồi c. 2cm trên mép trái',
  'Ngày, tháng, năm: 01/07/2024',
  'CỤC TRƯỞNG CỤC CẢNH SÁT',
  'QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI',
];

/** The card alone, `width` pixels wide. */
export function drawCardBack(mrz: readonly string[], rng: Rng, width: number): Canvas {
  ensureFonts();
  const mm = width / CARD_MM.width;
  const height = Math.round(CARD_MM.height * mm);
  const canvas = createCanvas(width, height);
  const g = canvas.getContext('2d');
  const tint = rng.int(225, 245);
  g.fillStyle = `rgb(${tint}, ${tint + rng.int(-8, 8)}, ${tint - rng.int(0, 20)})`;
  g.fillRect(0, 0, width, height);
  guilloche(g, rng, width, height);
  // Fingerprint boxes top right, text top left: everything above the MRZ that could distract.
  g.strokeStyle = 'rgba(60, 60, 90, 0.7)';
  g.lineWidth = Math.max(1, mm * 0.2);
  for (let i = 0; i < 2; i++) g.strokeRect(width - mm * (4 + 19 * (2 - i)), mm * 4, mm * 17, mm * 20);
  g.fillStyle = 'rgb(30, 30, 50)';
  g.font = `${(mm * 2.2).toFixed(1)}px "DejaVu Sans"`;
  TEXT_LINES.forEach((line, i) => g.fillText(line, mm * 4, mm * (7 + i * 4.2), mm * 40));
  g.fillRect(mm * 4, mm * 26, mm * 30, mm * 0.3);
  // MRZ: ICAO 9303 places TD1 line 3's baseline ~3 mm above the bottom edge, 10 cpi.
  const pitch = 2.54 * mm;
  g.font = `${(pitch / OCRB_ADVANCE_EM).toFixed(2)}px "OCR-B"`;
  g.fillStyle = `rgb(${rng.int(0, 30)}, ${rng.int(0, 30)}, ${rng.int(0, 40)})`;
  const left = mm * rng.range(4, 5.5);
  mrz.forEach((line, i) => g.fillText(line, left, height - mm * (3.4 + (2 - i) * 4.1)));
  return canvas;
}

function guilloche(g: SKRSContext2D, rng: Rng, width: number, height: number): void {
  g.lineWidth = 1;
  for (let k = 0; k < 14; k++) {
    g.strokeStyle = `rgba(${rng.int(120, 200)}, ${rng.int(120, 200)}, ${rng.int(150, 230)}, 0.25)`;
    g.beginPath();
    const phase = rng.range(0, Math.PI * 2);
    const amp = rng.range(height * 0.03, height * 0.12);
    const y0 = rng.range(0, height);
    for (let x = 0; x <= width; x += 4) g.lineTo(x, y0 + amp * Math.sin(phase + (x / width) * Math.PI * rng.range(2, 2.2)));
    g.stroke();
  }
}
