import { defineCodes } from '../define.ts';

/**
 * The server's own storage: the database it remembers is gone, damaged or another one, the disk
 * is full, or the database does not take writes. Each English message names the operator's next
 * step, because the one who reads it is the person who must act (in the log, at the refused start
 * or on /readyz); the Vietnamese one is what a device shows while it waits.
 */
export const storageCodes = defineCodes({
  DK_ERR_STORAGE_MISSING: {
    status: 503,
    en: 'The database this server wrote to is gone (its identity marker says it held data, the data folder or database is empty or new): restore the data from a backup, or start once with STORAGE_INIT=new to begin a new empty database (the old folder is kept aside)',
    vi: 'Máy chủ không tìm thấy dữ liệu đã lưu. Hãy báo quản trị hệ thống để khôi phục từ bản sao lưu.',
  },
  DK_ERR_STORAGE_DAMAGED: {
    status: 503,
    en: 'The database is damaged (files missing or cut short, unreadable pages, or projections that disagree with the events): restore the data from a backup, or start once with STORAGE_INIT=new to begin a new empty database (the damaged folder is kept aside)',
    vi: 'Dữ liệu trên máy chủ bị hỏng. Hãy báo quản trị hệ thống để khôi phục từ bản sao lưu.',
  },
  DK_ERR_STORAGE_MARKER_MISMATCH: {
    status: 503,
    en: 'The database is not the one this server last used (another database id, or an older schema than it last saw): point DATA_DIR or DATABASE_URL at the right one, or, if this database was restored from a backup on purpose, start once with STORAGE_INIT=adopt',
    vi: 'Máy chủ đang nối với một cơ sở dữ liệu khác với lần trước. Hãy báo quản trị hệ thống.',
  },
  DK_ERR_BACKUP_REFUSED: {
    status: 409,
    en: 'The backup or restore was not made: a restore goes into an empty DATA_DIR of a stopped server only, from a readable backup file; PostgreSQL is backed up with its own tools (pg_dump, pgBackRest — docs/deploy.md)',
    vi: 'Không sao lưu hoặc khôi phục được dữ liệu. Hãy báo quản trị hệ thống.',
  },
  DK_ERR_STORAGE_FULL: {
    status: 503,
    en: 'The disk holding the database is full (or below its reserve): nothing is stored until space is freed; the server resumes by itself when it is, and devices keep their outbox meanwhile',
    vi: 'Ổ đĩa của máy chủ đã đầy. Dữ liệu được giữ lại trên máy và sẽ tự gửi khi máy chủ có chỗ trống.',
  },
  DK_ERR_STORAGE_NOT_READY: {
    status: 503,
    en: 'The database does not take writes right now (read-only, unreachable, or the identity marker changed since start)',
    vi: 'Máy chủ tạm thời chưa lưu được dữ liệu. Dữ liệu được giữ lại và sẽ tự gửi sau.',
  },
  DK_ERR_DATA_DIR_UNUSABLE: {
    status: 500,
    en: 'DATA_DIR cannot be created or written by the server’s account: create it, give it to that account (mode 0700), or set DATA_DIR to another folder',
    vi: 'Máy chủ không tạo hoặc ghi được thư mục dữ liệu. Hãy báo quản trị hệ thống.',
  },
});
