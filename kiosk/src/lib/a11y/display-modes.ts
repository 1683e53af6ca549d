import type { DisplayModes } from '@dangky/core/machines';

/**
 * Large text and high contrast, as attributes on the document root that app.css turns into its
 * token values. The kiosk's statechart holds the modes with the language (the next citizen
 * starts from the defaults); this only shows them. Type-only import: no machine code in the
 * first screen.
 */
export type { DisplayModes };

export function applyDisplayModes(modes: DisplayModes, root: HTMLElement = document.documentElement): void {
  if (modes.largeText) root.dataset.text = 'large';
  else delete root.dataset.text;
  if (modes.highContrast) root.dataset.contrast = 'high';
  else delete root.dataset.contrast;
}
