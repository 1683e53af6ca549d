import { defineCodes } from '../define.ts';

/**
 * Personal data at rest: the keys that seal it on stations (the agent's key store) and on the
 * server (the key-encryption key), retention by destroying those keys, and citizens' requests
 * about their data. Messages speak to the technician or the manager in front of the screen.
 */
export const privacyCodes = defineCodes({
  DK_ERR_KEY_STORE_UNSAFE: {
    status: 500,
    en: 'The key store must be a directory only this account can read (mode 0700) holding well-formed key files',
    vi: 'Thư mục khóa của máy trạm không an toàn. Hãy báo kỹ thuật viên.',
  },
  DK_ERR_KEY_STORE_UNAVAILABLE: {
    status: 503,
    en: 'Personal data cannot be stored or read: this station’s hardware agent with its key store is not reachable',
    vi: 'Không lưu hoặc đọc được dữ liệu vì bộ điều khiển thiết bị của máy chưa chạy. Hãy báo kỹ thuật viên.',
  },
  DK_ERR_ROW_KEY_FORGOTTEN: {
    status: 410,
    en: 'This stored record can no longer be opened: its key was destroyed',
    vi: 'Bản ghi này không còn mở được vì khóa của nó đã bị hủy.',
  },
  DK_ERR_STATION_AGENT_REQUIRED: {
    status: 409,
    en: 'A browser is enrolled only through its station’s hardware agent: open the station link (or a pairing link) on this station first, then the enrolment code',
    vi: 'Máy chưa được nối với bộ điều khiển thiết bị của máy trạm. Hãy mở liên kết máy trạm trước, rồi mới dùng mã đăng ký thiết bị.',
  },
  DK_ERR_ENROL_OUTBOX_PENDING: {
    status: 409,
    en: 'This browser still holds events of its previous device that the server has not received; they must be sent (or that device revoked) before it is enrolled again',
    vi: 'Máy còn dữ liệu chưa gửi của lần ghép nối trước. Hãy để máy gửi xong (hoặc thu hồi thiết bị cũ) rồi mới đăng ký lại.',
  },
  DK_ERR_SERVER_KEY_UNSAFE: {
    status: 500,
    en: 'The server key file is missing, malformed, or readable by others than the server’s account (it must be mode 600)',
    vi: 'Tệp khóa của máy chủ bị thiếu, hỏng hoặc người khác đọc được. Hãy báo quản trị hệ thống.',
  },
  DK_ERR_SERVER_KEY_TOKEN: {
    status: 500,
    en: 'The PKCS#11 token holding the server’s keys cannot be used: check KEK_PKCS11_MODULE, KEK_PKCS11_TOKEN (label or serial), the PIN (KEK_PKCS11_PIN_FILE or KEK_PKCS11_PIN) and that the token holds the two secret keys, not extractable, named by KEK_PKCS11_KEK_LABEL and KEK_PKCS11_LOOKUP_LABEL (made once with `dangky-server keys init-token`)',
    vi: 'Máy chủ không dùng được thiết bị bảo mật (HSM) chứa khóa. Hãy báo quản trị hệ thống.',
  },
  DK_ERR_SERVER_KEY_MISMATCH: {
    status: 500,
    en: 'The database holds data keys wrapped by another key-encryption key than the one this server was given: start it with the key file or token this database was written with (a database moves from a key file to a token only with a re-keying, which does not exist yet)',
    vi: 'Cơ sở dữ liệu được khóa bằng một khóa khác với khóa của máy chủ này. Hãy báo quản trị hệ thống.',
  },
  DK_ERR_ERASURE_LEDGER_DAMAGED: {
    status: 500,
    en: 'The ledger of erasures made on citizens’ requests has a line that is not "<registration id> <ISO time>": the server will not start without knowing what it must keep erased (restore the ledger from its copy with the key file)',
    vi: 'Sổ ghi các lần xóa dữ liệu theo yêu cầu của công dân bị hỏng nên máy chủ không khởi động. Hãy báo quản trị hệ thống.',
  },
  DK_ERR_ERASURE_REGISTRATION_OPEN: {
    status: 409,
    en: 'A registration still waiting or being served cannot be erased on request: it is cancelled first (its data is what the counter serves the citizen with)',
    vi: 'Hồ sơ đang chờ hoặc đang được phục vụ nên chưa xóa được dữ liệu. Nếu công dân không muốn làm tiếp, hãy hủy hồ sơ tại quầy rồi xóa.',
  },
  DK_ERR_PERSONAL_DATA_ERASED: {
    status: 410,
    en: 'This registration’s personal data was erased (its retention period ended, or the citizen asked): it can no longer be read or changed',
    vi: 'Dữ liệu cá nhân của hồ sơ này đã được xóa (hết thời hạn lưu hoặc theo yêu cầu của công dân), không thể xem hay sửa nữa.',
  },
});
