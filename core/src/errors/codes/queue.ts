import { defineCodes } from '../define.ts';

/** The waiting room: calling, recalling, no-shows, transfers and parking tickets; the booth-day planner. */
export const queueCodes = defineCodes({
  DK_ERR_QUEUE_COUNTER_UNKNOWN: { status: 404, en: 'No such counter at this site', vi: 'Không có quầy này tại điểm đăng ký.' },
  DK_ERR_QUEUE_DESK_NOT_SERVED: {
    status: 409,
    en: 'The counter does not serve this ticket’s service',
    vi: 'Quầy này không phục vụ dịch vụ của số này.',
  },
  DK_ERR_QUEUE_RESERVED_ELSEWHERE: {
    status: 409,
    en: 'The ticket was sent to another counter',
    vi: 'Số này đã được chuyển cho quầy khác.',
  },
  DK_ERR_QUEUE_TICKET_CLOSED: { status: 409, en: 'The ticket is already finished or cancelled', vi: 'Số này đã xong hoặc đã huỷ.' },
  DK_ERR_QUEUE_NOT_WAITING: { status: 409, en: 'The ticket is not waiting to be called', vi: 'Số này không còn chờ gọi.' },
  DK_ERR_QUEUE_NOT_CALLED: { status: 409, en: 'The ticket is not being called at a counter', vi: 'Số này chưa được gọi tại quầy.' },
  DK_ERR_QUEUE_NOT_NO_SHOW: { status: 409, en: 'The ticket was not marked absent', vi: 'Số này chưa được ghi là vắng mặt.' },
  DK_ERR_QUEUE_OTHER_COUNTER: {
    status: 409,
    en: 'The ticket is being served at another counter',
    vi: 'Số này đang được phục vụ tại quầy khác.',
  },
  DK_ERR_QUEUE_GRACE_OVER: {
    status: 409,
    en: 'The no-show grace period is over; the ticket has lapsed',
    vi: 'Đã quá thời gian chờ công dân quay lại; số này đã hết hiệu lực.',
  },
  DK_ERR_QUEUE_TRANSFER_TARGET: {
    status: 422,
    en: 'Transfer target is not another counter or service that this site serves',
    vi: 'Chỉ chuyển được sang một quầy hoặc dịch vụ khác đang phục vụ tại điểm này.',
  },
  DK_ERR_QUEUE_TRANSFER_NOTE_TOO_LONG: {
    status: 422,
    en: 'The transfer note is longer than 200 characters',
    vi: 'Ghi chú chuyển quầy dài quá 200 ký tự.',
  },
  DK_ERR_QUEUE_COUNTER_PAUSED: {
    status: 409,
    en: 'The counter is paused: resume it before calling a ticket',
    vi: 'Quầy đang tạm nghỉ: bấm "Tiếp tục phục vụ" trước khi gọi số.',
  },
  DK_ERR_COUNTER_PAUSE_SERVING: {
    status: 409,
    en: 'A counter pauses only when no citizen is being served at it',
    vi: 'Chỉ tạm nghỉ được khi quầy không phục vụ công dân nào: hãy kết thúc, chuyển hoặc giữ số đang phục vụ trước.',
  },
  DK_ERR_COUNTER_ALREADY_PAUSED: { status: 409, en: 'The counter is already paused', vi: 'Quầy đã đang tạm nghỉ.' },
  DK_ERR_COUNTER_NOT_PAUSED: { status: 409, en: 'The counter is not paused', vi: 'Quầy không ở trạng thái tạm nghỉ.' },
  DK_ERR_COUNTER_SETTING_INVALID: {
    status: 422,
    en: 'A counter number is 1 to 999 and a counter serves at least one desk, each once',
    vi: 'Số quầy từ 1 đến 999 và quầy phải phục vụ ít nhất một dịch vụ.',
  },
  DK_ERR_COUNTER_NUMBER_TAKEN: {
    status: 409,
    en: 'Another counter of the site already has this number',
    vi: 'Một quầy khác của điểm đã dùng số quầy này.',
  },
  DK_ERR_NOT_A_COUNTER: {
    status: 422,
    en: 'Only a counter device has a counter number and desks',
    vi: 'Chỉ máy quầy mới có số quầy và dịch vụ.',
  },
  DK_ERR_PLANNER_INPUT_INVALID: {
    status: 422,
    en: 'The planner input is incomplete or out of range',
    vi: 'Thông tin lập kế hoạch chưa đủ hoặc không hợp lệ.',
  },
});
