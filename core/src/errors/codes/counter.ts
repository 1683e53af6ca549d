import { defineCodes } from '../define.ts';

/** The counter-app's own failures: pairing the counter PC with the server, using it unpaired. */
export const counterCodes = defineCodes({
  DK_ERR_PAIRING_INVALID: { status: 400, en: 'The pairing link is malformed or incomplete', vi: 'Liên kết ghép nối máy không hợp lệ.' },
  DK_ERR_COUNTER_NOT_PAIRED: {
    status: 409,
    en: 'This browser is not paired as a counter of a site',
    vi: 'Máy này chưa được ghép nối làm quầy của điểm đăng ký.',
  },
});
