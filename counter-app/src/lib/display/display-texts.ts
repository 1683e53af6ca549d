import type { BoardWait, DeskService } from '@dangky/core/queue';

/**
 * What the call display writes, Vietnamese first with the English under it: the waiting room is
 * read by everyone at once, so the screen does not switch language — both are always there.
 */
export interface Bilingual {
  vi: string;
  en: string;
}

export const displayTexts = {
  title: { vi: 'Mời số', en: 'Now calling' },
  serving: { vi: 'Đang phục vụ', en: 'Now serving' },
  recent: { vi: 'Vừa gọi', en: 'Last calls' },
  waiting: { vi: 'Đang chờ', en: 'Waiting' },
  noCalls: { vi: 'Chưa gọi số nào hôm nay', en: 'No number called yet today' },
  noneWaiting: { vi: 'Không ai đang chờ', en: 'Nobody is waiting' },
  counter: { vi: 'Quầy', en: 'Counter' },
  noCounter: { vi: 'Chưa có quầy phục vụ', en: 'No counter serving now' },
  recall: { vi: 'gọi lại', en: 'called again' },
  paused: { vi: 'Quầy tạm nghỉ', en: 'Counters on a break' },
  pausedSince: { vi: 'tạm nghỉ từ', en: 'on a break since' },
  soundOn: { vi: 'Bật âm thanh', en: 'Turn sound on' },
  offline: {
    vi: 'Mất kết nối máy chủ: số vẫn hiện khi các quầy gọi trong điểm này',
    en: 'Server unreachable: numbers called at this site still show',
  },
  unpaired: {
    vi: 'Màn hình chưa được ghép nối: mở liên kết ghép nối do quản trị viên cấp trên trình duyệt này',
    en: 'This display is not enrolled: open the enrolment link an administrator gave, in this browser',
  },
} satisfies Record<string, Bilingual>;

export const deskTexts: Record<DeskService, Bilingual> = {
  token: { vi: 'Chữ ký số trên USB token', en: 'Signature on a USB token' },
  remote: { vi: 'Chữ ký số từ xa', en: 'Remote signature' },
  'eid-level2': { vi: 'Định danh điện tử mức 2', en: 'e-ID level 2' },
};

/** "Quầy 2" — the counter's number, or its name when the site gave it none. */
export const counterLabel = (call: { counterNumber: number | null; counterName: string }): string =>
  call.counterNumber !== null ? `${displayTexts.counter.vi} ${call.counterNumber}` : call.counterName;

/**
 * About how long a ticket taken now waits at a desk, as the kiosk's ticket says it ("khoảng 10–20
 * phút"); that no counter serves the desk now; or nothing, from a server too old to say.
 */
export const waitLine = (wait: BoardWait | null | undefined): Bilingual | null =>
  wait === undefined
    ? null
    : wait === null
      ? displayTexts.noCounter
      : { vi: `khoảng ${wait.lowMinutes}–${wait.highMinutes} phút`, en: `about ${wait.lowMinutes}–${wait.highMinutes} minutes` };
