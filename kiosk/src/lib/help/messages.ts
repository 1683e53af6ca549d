/**
 * The help pages' own words (the list, back and close), in both languages; added to the
 * catalogues when the help first opens, so none of it is part of the first screen. The pages'
 * content is in src/content/help/.
 */
export const viHelp = {
  heading: 'Hướng dẫn',
  intro: 'Chọn điều bạn muốn biết:',
  back: 'Các hướng dẫn khác',
  close: 'Đóng hướng dẫn',
  language: 'English',
};

export const enHelp: typeof viHelp = {
  heading: 'Help',
  intro: 'Choose what you want to know:',
  back: 'Other help pages',
  close: 'Close help',
  language: 'Tiếng Việt',
};
