/**
 * Large text and high contrast, as attributes on the document root that app.css turns into its
 * token values. Kept with the citizen's session like the language: the flow owns the values and
 * the welcome screen of the next citizen starts from the defaults.
 */
export interface DisplayModes {
  largeText: boolean;
  highContrast: boolean;
}

export const DEFAULT_DISPLAY: DisplayModes = { largeText: false, highContrast: false };

export function applyDisplayModes(modes: DisplayModes, root: HTMLElement = document.documentElement): void {
  if (modes.largeText) root.dataset.text = 'large';
  else delete root.dataset.text;
  if (modes.highContrast) root.dataset.contrast = 'high';
  else delete root.dataset.contrast;
}
