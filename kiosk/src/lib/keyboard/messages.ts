/**
 * The keyboards' words, in both languages; added to the catalogues with the flow's texts
 * (flow-messages.ts), so none of it is part of the first screen.
 */
export const viKeyboard = {
  label: 'Bàn phím tiếng Việt',
  numberLabel: 'Bàn phím số',
  telexOn: 'Gõ kiểu Telex: bật',
  telexOff: 'Gõ kiểu Telex: tắt',
  telexHint: 'Telex: aa → â, ow → ơ, dd → đ; s sắc, f huyền, r hỏi, x ngã, j nặng.',
  shift: 'Chữ hoa',
  backspace: 'Xoá',
  space: 'Dấu cách',
  done: 'Xong',
  tones: { sac: 'Dấu sắc', huyen: 'Dấu huyền', hoi: 'Dấu hỏi', nga: 'Dấu ngã', nang: 'Dấu nặng' },
  tonesLabel: 'Dấu thanh',
  shapedLabel: 'Chữ có dấu',
};

export const enKeyboard: typeof viKeyboard = {
  label: 'Vietnamese keyboard',
  numberLabel: 'Number pad',
  telexOn: 'Telex typing: on',
  telexOff: 'Telex typing: off',
  telexHint: 'Telex: aa → â, ow → ơ, dd → đ; s acute, f grave, r hook, x tilde, j dot below.',
  shift: 'Capital letter',
  backspace: 'Delete',
  space: 'Space',
  done: 'Done',
  tones: { sac: 'Acute tone (sắc)', huyen: 'Grave tone (huyền)', hoi: 'Hook tone (hỏi)', nga: 'Tilde tone (ngã)', nang: 'Dot tone (nặng)' },
  tonesLabel: 'Tone marks',
  shapedLabel: 'Vietnamese letters',
};
