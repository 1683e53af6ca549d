/**
 * What a citizen is told when a device or a card lets them down: the card reader, the chip, the
 * QR scanner, the camera reading the back of the card, the printer, the network. Many of the
 * people at a kiosk are elderly and there for the first time, so each message comes in two
 * parts — what happened, in plain words, and what to do now — and never names the technology
 * (frames, APDUs, signatures). The registry's Vietnamese text for these codes is made from this
 * table, and the kiosk shows the English here instead of the registry's English, which is for
 * technicians' logs.
 */
export interface PlainMessage {
  /** What happened, in words a first-time user knows. */
  readonly what: string;
  /** What to do now: an action the citizen can take on the spot. */
  readonly next: string;
}

type Words = { readonly vi: PlainMessage; readonly en: PlainMessage };

const vi = (what: string, next: string): PlainMessage => ({ what, next });
const en = vi;

// Steps said more than once, so they read the same everywhere.
const PLACE_AGAIN = {
  vi: 'Nhấc thẻ ra, đặt lại lên đầu đọc và giữ yên 3 giây.',
  en: 'Lift the card, put it back on the reader and hold it still for 3 seconds.',
};
const TYPE_OR_ASK = {
  vi: 'Mời bạn nhập tay thông tin hoặc nhờ cán bộ giúp.',
  en: 'Please type your details by hand, or ask a staff member for help.',
};
const PLACE_THEN_TYPE = {
  vi: `${PLACE_AGAIN.vi} Nếu vẫn không được, mời bạn nhập tay hoặc nhờ cán bộ.`,
  en: `${PLACE_AGAIN.en} If it still fails, type your details by hand or ask a staff member.`,
};
const CHIP_UNREAD: Words = {
  vi: vi('Máy chưa đọc được chip trên thẻ.', PLACE_THEN_TYPE.vi),
  en: en('The chip on your card could not be read.', PLACE_THEN_TYPE.en),
};
const CHIP_DATA: Words = {
  vi: vi('Chip trên thẻ có thông tin mà máy không đọc được.', `${TYPE_OR_ASK.vi} Cán bộ sẽ xem thẻ tại quầy.`),
  en: en('The chip holds information this machine cannot read.', `${TYPE_OR_ASK.en} The staff will look at your card at the counter.`),
};
const CHIP_UNCHECKED: Words = {
  vi: vi('Máy chưa kiểm tra được chip trên thẻ.', 'Mời bạn nhập tay thông tin; cán bộ sẽ xem thẻ tại quầy.'),
  en: en(
    'This machine could not check the chip on your card.',
    'Please type your details by hand; the staff will look at your card at the counter.',
  ),
};
const READING_BROKEN: Words = {
  vi: vi('Việc đọc thẻ bị gián đoạn.', PLACE_AGAIN.vi),
  en: en('Reading the card was interrupted.', PLACE_AGAIN.en),
};
const PHOTO: Words = {
  vi: vi('Máy không hiện được ảnh chân dung trong chip.', 'Bạn cứ tiếp tục, không cần làm gì thêm.'),
  en: en('The photo in the chip cannot be shown.', 'Carry on; you need not do anything.'),
};
const NOT_SET_UP: Words = {
  vi: vi('Máy này chưa dùng được đầu đọc thẻ và máy in vé.', TYPE_OR_ASK.vi),
  en: en('This machine cannot use its card reader and printer yet.', TYPE_OR_ASK.en),
};
const PRINTER_DOWN: Words = {
  vi: vi('Máy in vé đang không in được.', 'Hãy ghi lại số thứ tự trên màn hình và đưa cho cán bộ xem.'),
  en: en('The ticket printer is not printing.', 'Write down the ticket number on the screen and show it to a staff member.'),
};
const BACK_UNREAD: Words = {
  vi: vi('Máy chưa đọc rõ ba dòng chữ ở mặt sau thẻ.', 'Giữ thẻ thẳng và yên trước camera, tránh chỗ bị lóa đèn; hoặc mời bạn nhập tay.'),
  en: en(
    'The three lines of text on the back of the card were not read clearly.',
    'Hold the card straight and still in front of the camera, away from glare; or type your details by hand.',
  ),
};
const KEPT_FOR_LATER = {
  vi: 'Bạn không cần làm gì: thông tin đã được giữ lại trên máy và sẽ tự gửi đi sau.',
  en: 'You need not do anything: your details are kept on this machine and will be sent later by themselves.',
};

/**
 * Keyed by code: every code of the chip and agent areas, the card readings (QR, the back of the
 * card, the camera) and the network — device-problems.test.ts checks none is missing. (The keys
 * are not typed from the areas: their Vietnamese is made from this table.)
 */
export const deviceProblems = {
  DK_ERR_NFC_FRAME_MALFORMED: READING_BROKEN,
  DK_ERR_NFC_FRAME_CHECKSUM: READING_BROKEN,
  DK_ERR_NFC_READER_ERROR: {
    vi: vi('Đầu đọc thẻ đang trục trặc.', PLACE_THEN_TYPE.vi),
    en: en('The card reader is having trouble.', PLACE_THEN_TYPE.en),
  },
  DK_ERR_NFC_READER_TIMEOUT: {
    vi: vi('Đầu đọc thẻ không trả lời.', TYPE_OR_ASK.vi),
    en: en('The card reader does not answer.', TYPE_OR_ASK.en),
  },
  DK_ERR_NFC_NO_CARD: {
    vi: vi('Máy chưa thấy thẻ của bạn.', 'Đặt thẻ lên đầu đọc và giữ yên 3 giây.'),
    en: en('The machine does not see your card yet.', 'Put the card on the reader and hold it still for 3 seconds.'),
  },
  DK_ERR_NFC_CARD_REMOVED: {
    vi: vi('Thẻ bị nhấc ra khi máy đang đọc.', 'Đặt thẻ lại lên đầu đọc và giữ yên cho đến khi máy báo xong.'),
    en: en(
      'The card was lifted while it was being read.',
      'Put the card back on the reader and hold it still until the screen says it is done.',
    ),
  },
  DK_ERR_CHIP_STATUS: CHIP_UNREAD,
  DK_ERR_CHIP_END_OF_FILE: CHIP_UNREAD,
  DK_ERR_CHIP_WRONG_LENGTH: CHIP_UNREAD,
  DK_ERR_CHIP_SECURITY_STATUS: CHIP_UNREAD,
  DK_ERR_CHIP_SM_OBJECTS: CHIP_UNREAD,
  DK_ERR_CHIP_WRONG_OFFSET: CHIP_UNREAD,
  DK_ERR_CHIP_WRONG_LE: CHIP_UNREAD,
  DK_ERR_CHIP_APDU_INVALID: CHIP_UNREAD,
  DK_ERR_CHIP_FILE_NOT_FOUND: CHIP_DATA,
  DK_ERR_CHIP_ACCESS_DENIED: {
    vi: vi(
      'Số định danh bạn nhập không khớp với thẻ trên đầu đọc, nên máy không mở được chip.',
      'So 12 chữ số với số in trên thẻ, sửa chỗ sai rồi bấm Đọc chip lần nữa.',
    ),
    en: en(
      'The ID number you typed does not match the card on the reader, so the chip could not be opened.',
      'Compare the 12 digits with the number printed on the card, correct them, then press Read chip again.',
    ),
  },
  DK_ERR_CHIP_MAC_INVALID: READING_BROKEN,
  DK_ERR_CHIP_SM_MALFORMED: READING_BROKEN,
  DK_ERR_CHIP_TLV_MALFORMED: CHIP_DATA,
  DK_ERR_CHIP_TLV_TOO_LARGE: CHIP_DATA,
  DK_ERR_CHIP_TLV_TOO_DEEP: CHIP_DATA,
  DK_ERR_CHIP_DG_MALFORMED: CHIP_DATA,
  DK_ERR_CHIP_SOD_SIGNER_MISMATCH: CHIP_UNCHECKED,
  DK_ERR_CHIP_DS_REVOKED: CHIP_UNCHECKED,
  DK_ERR_CHIP_CRL_INVALID: CHIP_UNCHECKED,
  DK_ERR_CHIP_PHOTO_UNSUPPORTED: PHOTO,
  DK_ERR_CHIP_PHOTO_TIMEOUT: PHOTO,
  DK_ERR_AGENT_ORIGIN: NOT_SET_UP,
  DK_ERR_AGENT_PAIRING: NOT_SET_UP,
  DK_ERR_AGENT_MESSAGE_INVALID: NOT_SET_UP,
  DK_ERR_AGENT_NO_DEVICE: NOT_SET_UP,
  DK_ERR_AGENT_UNREACHABLE: {
    vi: vi('Máy đang không liên lạc được với đầu đọc thẻ và máy in.', TYPE_OR_ASK.vi),
    en: en('The machine cannot reach its card reader and printer.', TYPE_OR_ASK.en),
  },
  DK_ERR_AGENT_TIMEOUT: {
    vi: vi('Thiết bị không trả lời kịp.', 'Thử lại một lần nữa; nếu vẫn không được, mời bạn nhập tay hoặc nhờ cán bộ.'),
    en: en('The device did not answer in time.', 'Try once more; if it still fails, type your details by hand or ask a staff member.'),
  },
  DK_ERR_SERIAL_PORT: {
    vi: vi('Máy bị mất liên lạc với thiết bị.', TYPE_OR_ASK.vi),
    en: en('The machine lost touch with a device.', TYPE_OR_ASK.en),
  },
  DK_ERR_PRINTER_OFFLINE: PRINTER_DOWN,
  DK_ERR_PRINTER_TIMEOUT: PRINTER_DOWN,
  DK_ERR_PRINTER_UNENCODABLE: {
    vi: vi('Máy in không in được một vài chữ trên vé.', 'Số thứ tự trên màn hình là số đúng; hãy đưa số đó cho cán bộ nếu vé khó đọc.'),
    en: en(
      'The printer could not print a few letters on the ticket.',
      'The number on the screen is your ticket; show it to a staff member if the paper is hard to read.',
    ),
  },
  DK_ERR_ID_INPUT_TOO_LONG: {
    vi: vi('Mã vừa quét quá dài, không phải mã trên thẻ căn cước.', 'Quét lại mã QR in trên mặt trước thẻ, hoặc mời bạn nhập tay.'),
    en: en(
      'The code just scanned is too long to be from an ID card.',
      'Scan the QR code printed on the front of the card again, or type your details by hand.',
    ),
  },
  DK_ERR_QR_FORMAT: {
    vi: vi(
      'Mã QR không phải mã QR trên thẻ căn cước.',
      'Đưa mã QR in trên mặt trước thẻ căn cước vào máy quét và giữ yên 3 giây, hoặc mời bạn nhập tay.',
    ),
    en: en(
      'This QR code is not the one on a citizen ID card.',
      'Hold the QR code printed on the front of your ID card to the scanner for 3 seconds, or type your details by hand.',
    ),
  },
  DK_ERR_MRZ_FORMAT: BACK_UNREAD,
  DK_ERR_MRZ_CHECK_DIGIT: BACK_UNREAD,
  DK_ERR_MRZ_FIELD_INVALID: BACK_UNREAD,
  DK_ERR_MRZ_NOT_CITIZEN_CARD: {
    vi: vi(
      'Mặt thẻ vừa quét không phải mặt sau thẻ căn cước Việt Nam.',
      'Lật đúng mặt sau thẻ căn cước rồi quét lại, hoặc mời bạn nhập tay.',
    ),
    en: en(
      'The card just scanned is not the back of a Vietnamese citizen ID card.',
      'Turn your ID card to its back and scan again, or type your details by hand.',
    ),
  },
  DK_ERR_CAMERA_UNAVAILABLE: {
    vi: vi('Camera của máy đang không dùng được.', 'Mời bạn chọn cách khác: đọc chip trên thẻ, nhập tay, hoặc nhờ cán bộ.'),
    en: en(
      'The camera of this machine cannot be used now.',
      'Please choose another way: read the chip on the card, type by hand, or ask a staff member.',
    ),
  },
  DK_ERR_NETWORK: {
    vi: vi('Máy đang mất mạng.', KEPT_FOR_LATER.vi),
    en: en('This machine has lost its network connection.', KEPT_FOR_LATER.en),
  },
  DK_ERR_SERVER_BUSY: {
    vi: vi('Hệ thống đang bận.', KEPT_FOR_LATER.vi),
    en: en('The system is busy.', KEPT_FOR_LATER.en),
  },
} as const satisfies Record<`DK_ERR_${string}`, Words>;

export type DeviceProblemCode = keyof typeof deviceProblems;

export const isDeviceProblem = (code: string): code is DeviceProblemCode => Object.hasOwn(deviceProblems, code);

/** The two parts as one line, what happened first. */
export const saidInFull = (message: PlainMessage): string => `${message.what} ${message.next}`;

/** The registry's Vietnamese for a device problem: both parts, from the table above. */
export const plainVi = (code: DeviceProblemCode): string => saidInFull(deviceProblems[code].vi);
