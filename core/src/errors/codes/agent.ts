import { defineCodes } from '../define.ts';
import { plainVi } from '../device-problems.ts';

/** Hardware agent and device errors (printer; later readers, tokens). */
export const agentCodes = defineCodes({
  DK_ERR_AGENT_ORIGIN: {
    status: 403,
    en: 'The page origin is not on the agent allow-list',
    vi: plainVi('DK_ERR_AGENT_ORIGIN'),
  },
  DK_ERR_AGENT_PAIRING: { status: 401, en: 'Wrong or missing pairing secret', vi: plainVi('DK_ERR_AGENT_PAIRING') },
  DK_ERR_AGENT_UNREACHABLE: {
    status: 503,
    en: 'The hardware agent is not running or not reachable',
    vi: plainVi('DK_ERR_AGENT_UNREACHABLE'),
  },
  DK_ERR_AGENT_MESSAGE_INVALID: {
    status: 400,
    en: 'The agent message does not match the protocol',
    vi: plainVi('DK_ERR_AGENT_MESSAGE_INVALID'),
  },
  DK_ERR_AGENT_TIMEOUT: { status: 504, en: 'The agent did not answer in time', vi: plainVi('DK_ERR_AGENT_TIMEOUT') },
  DK_ERR_AGENT_NO_DEVICE: {
    status: 404,
    en: 'This agent serves no device for that request',
    vi: plainVi('DK_ERR_AGENT_NO_DEVICE'),
  },
  DK_ERR_PRINTER_OFFLINE: { status: 503, en: 'The printer is not connected', vi: plainVi('DK_ERR_PRINTER_OFFLINE') },
  DK_ERR_PRINTER_TIMEOUT: {
    status: 504,
    en: 'The printer did not accept the job in time',
    vi: plainVi('DK_ERR_PRINTER_TIMEOUT'),
  },
  DK_ERR_PRINTER_UNENCODABLE: {
    status: 422,
    en: 'Text contains characters the printer code page cannot print',
    vi: plainVi('DK_ERR_PRINTER_UNENCODABLE'),
  },
  DK_ERR_SERIAL_PORT: { status: 503, en: 'The serial port could not be opened or was lost', vi: plainVi('DK_ERR_SERIAL_PORT') },
});
