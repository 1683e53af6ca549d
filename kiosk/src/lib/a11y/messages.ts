/** Words of the accessibility pieces (error summary, display modes), in both languages; loaded with the flow. */
export const viA11y = {
  errorSummary: 'Cần sửa lại thông tin',
};

export const enA11y: typeof viA11y = {
  errorSummary: 'Please correct the following',
};
