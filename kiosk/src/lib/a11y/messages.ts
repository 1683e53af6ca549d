/** Words of the accessibility pieces (error summary, audio guidance), in both languages; loaded with the flow. */
export const viA11y = {
  errorSummary: 'Cần sửa lại thông tin',
  audio: {
    /** The toggle in the header, on every screen. */
    toggle: 'Nghe hướng dẫn',
    on: 'Đã bật hướng dẫn bằng giọng nói.',
    /** Said (and shown) when a headset is plugged into the kiosk's jack, and when it is pulled out. */
    headsetIn: 'Đã cắm tai nghe.',
    headsetOut: 'Đã rút tai nghe: tắt hướng dẫn bằng giọng nói.',
    howTo: 'Chạm một lần để nghe, chạm hai lần liền để chọn.',
    ticketNumber: 'Số thứ tự của bạn: {number}',
    provider: 'Nhà cung cấp {name}',
  },
};

export const enA11y: typeof viA11y = {
  errorSummary: 'Please correct the following',
  audio: {
    toggle: 'Audio guide',
    on: 'Audio guidance is on.',
    headsetIn: 'Headset plugged in.',
    headsetOut: 'Headset unplugged: audio guidance is off.',
    howTo: 'Touch once to hear, touch twice quickly to choose.',
    ticketNumber: 'Your ticket number: {number}',
    provider: 'Provider {name}',
  },
};
