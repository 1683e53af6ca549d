import { defineCodes } from '../define.ts';

/** Hardware agent and device errors (printer; later readers, tokens). */
export const agentCodes = defineCodes({
  DK_ERR_AGENT_ORIGIN: {
    status: 403,
    en: 'The page origin is not on the agent allow-list',
    vi: 'Trang này không được phép dùng thiết bị.',
  },
  DK_ERR_AGENT_PAIRING: { status: 401, en: 'Wrong or missing pairing secret', vi: 'Máy chưa được ghép nối với thiết bị.' },
  DK_ERR_AGENT_UNREACHABLE: {
    status: 503,
    en: 'The hardware agent is not running or not reachable',
    vi: 'Không kết nối được bộ điều khiển thiết bị.',
  },
  DK_ERR_AGENT_MESSAGE_INVALID: {
    status: 400,
    en: 'The agent message does not match the protocol',
    vi: 'Yêu cầu tới thiết bị không hợp lệ.',
  },
  DK_ERR_AGENT_TIMEOUT: { status: 504, en: 'The agent did not answer in time', vi: 'Thiết bị không phản hồi.' },
  DK_ERR_AGENT_NO_DEVICE: {
    status: 404,
    en: 'This agent serves no device for that request',
    vi: 'Máy này không có thiết bị cho yêu cầu đó.',
  },
  DK_ERR_PRINTER_OFFLINE: { status: 503, en: 'The printer is not connected', vi: 'Máy in chưa được kết nối. Vui lòng báo cán bộ.' },
  DK_ERR_PRINTER_TIMEOUT: {
    status: 504,
    en: 'The printer did not accept the job in time',
    vi: 'Máy in không phản hồi. Vui lòng báo cán bộ.',
  },
  DK_ERR_PRINTER_UNENCODABLE: {
    status: 422,
    en: 'Text contains characters the printer code page cannot print',
    vi: 'Máy in không in được một số ký tự.',
  },
  DK_ERR_SERIAL_PORT: { status: 503, en: 'The serial port could not be opened or was lost', vi: 'Mất kết nối với thiết bị.' },
});
