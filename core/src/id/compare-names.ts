/**
 * Names as the MRZ writes them (BRIEF §1.3): no diacritics, `Đ` → `D`, upper case. Used to
 * compare a QR or typed name (with diacritics) with an MRZ name: case, spacing, apostrophes and
 * hyphens do not count.
 */
export function comparableName(name: string): string {
  return name
    .normalize('NFC')
    .replace(/[Đđ]/g, 'D')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim();
}

/** Same name? When `truncatedB`, `b` (an MRZ name cut to fit line 3) need only be a prefix of `a`. */
export function sameName(a: string, b: string, options: { truncatedB?: boolean } = {}): boolean {
  const [x, y] = [comparableName(a), comparableName(b)];
  if (x === y) return true;
  return options.truncatedB === true && y.length > 0 && x.replace(/ /g, '').startsWith(y.replace(/ /g, ''));
}
