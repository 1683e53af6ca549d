/**
 * Numbers read aloud, the way people say them. Vietnamese: 1 after "mươi" is "mốt", 5 after a
 * ten is "lăm", 4 after "mươi" is "tư", a zero ten inside a hundred is "linh" (105 = "một trăm
 * linh năm"), an empty hundred inside a thousand is "không trăm" (1 005 = "một nghìn không trăm
 * linh năm"). The words are the announcement's audio segments, so every number has a voice.
 */
const viDigits = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'] as const;

/** Vietnamese words for 0 … 999 999. */
export function readNumberVi(n: number): string[] {
  if (!Number.isInteger(n) || n < 0 || n > 999_999) throw new RangeError('readNumberVi: 0 … 999 999');
  if (n < 1000) return readHundredsVi(n, false);
  const thousands = Math.floor(n / 1000);
  const rest = n % 1000;
  return [...readHundredsVi(thousands, false), 'nghìn', ...(rest === 0 ? [] : readHundredsVi(rest, true))];
}

/** 0 … 999; `inside` = after a higher group, where an empty hundred is said ("không trăm"). */
function readHundredsVi(n: number, inside: boolean): string[] {
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  if (hundreds === 0 && !inside) return readTensVi(rest);
  const head = [viDigits[hundreds]!, 'trăm'];
  if (rest === 0) return head;
  if (rest < 10) return [...head, 'linh', viDigits[rest]!];
  return [...head, ...readTensVi(rest)];
}

function readTensVi(n: number): string[] {
  const tens = Math.floor(n / 10);
  const unit = n % 10;
  if (tens === 0) return [viDigits[unit]!];
  const head = tens === 1 ? ['mười'] : [viDigits[tens]!, 'mươi'];
  if (unit === 0) return head;
  if (unit === 5) return [...head, 'lăm'];
  if (unit === 1 && tens > 1) return [...head, 'mốt'];
  if (unit === 4 && tens > 1) return [...head, 'tư'];
  return [...head, viDigits[unit]!];
}

/** Each digit on its own, as a ticket number is read ("không một hai"). */
export const readDigitsVi = (digits: string): string[] => [...digits].map((d) => viDigits[Number(d)]!);

const enOnes = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
] as const;
const enTens = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'] as const;

/** English words for 0 … 999 ("two hundred and five" without the "and": "two hundred five"). */
export function readNumberEn(n: number): string[] {
  if (!Number.isInteger(n) || n < 0 || n > 999) throw new RangeError('readNumberEn: 0 … 999');
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  const head = hundreds ? [enOnes[hundreds]!, 'hundred'] : [];
  if (rest === 0) return hundreds ? head : ['zero'];
  if (rest < 20) return [...head, enOnes[rest]!];
  return [...head, enTens[Math.floor(rest / 10)]!, ...(rest % 10 ? [enOnes[rest % 10]!] : [])];
}

export const readDigitsEn = (digits: string): string[] => [...digits].map((d) => enOnes[Number(d)]!);

/** The Vietnamese names of the letters, as a ticket prefix is spelled ("A" = "a", "B" = "bê"). */
export const viLetters: Readonly<Record<string, string>> = {
  A: 'a',
  B: 'bê',
  C: 'xê',
  D: 'dê',
  E: 'e',
  F: 'ép',
  G: 'giê',
  H: 'hát',
  I: 'i',
  J: 'gi',
  K: 'ca',
  L: 'e lờ',
  M: 'em mờ',
  N: 'en nờ',
  O: 'o',
  P: 'pê',
  Q: 'quy',
  R: 'e rờ',
  S: 'ét xì',
  T: 'tê',
  U: 'u',
  V: 'vê',
  W: 'vê kép',
  X: 'ích xì',
  Y: 'i dài',
  Z: 'dét',
};
