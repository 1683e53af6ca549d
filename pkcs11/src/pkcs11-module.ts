import pkcs11js from 'pkcs11js';

/**
 * The thin Module → Slot → Session wrapper over pkcs11js, in the style of PeculiarVentures'
 * graphene: a module is loaded and initialised once, a slot is chosen by the token it holds,
 * and a session is opened for one piece of work and closed — logged out first — in `finally`,
 * whatever the work threw. Shared by the two sides that talk to tokens: the hardware agent runs
 * it inside its PKCS#11 worker process (hardware/src/token/pkcs11-worker.ts: a citizen's USB
 * token's vendor module that crashes takes the worker down, not the agent), and the sync-server
 * in its own process, where one logged-in session lives as long as the server (its HSM holds the
 * key-encryption key and is asked for every registration; a login per call would cost more than
 * the call).
 */

export type Pkcs11Lib = pkcs11js.PKCS11;
export type Handle = Buffer;

export interface TokenSummary {
  /** The slot handle as hex (slot ids change when SoftHSM re-assigns an initialised token). */
  slotId: string;
  label: string;
  serial: string;
  model: string;
  manufacturer: string;
  flags: {
    initialized: boolean;
    userPinInitialized: boolean;
    loginRequired: boolean;
    writeProtected: boolean;
    userPinLocked: boolean;
    userPinCountLow: boolean;
    soPinLocked: boolean;
    protectedAuthenticationPath: boolean;
  };
  /** Set by the multi-module client: the module that lists the token, and the configuration entry it matches (null: an unknown model). */
  module?: string;
  entry?: string | null;
}

/** How a command picks a token: by slot id, or by label or serial (the technician's `--slot-label`). */
export interface TokenSelector {
  slotId?: string;
  labelOrSerial?: string;
}

export type UserKind = 'so' | 'user';

export class SelectionError extends Error {
  readonly code = 'DK_ERR_TOKEN_NOT_FOUND';
}

const trim = (s: string): string => s.replace(/[\s\0]+$/, '');

/**
 * A module is initialised once per process (a second C_Initialize is refused, and one C_Finalize
 * ends every user's sessions), so the users of one module in a process share it: the last to
 * close finalises it.
 */
const loaded = new Map<string, { lib: Pkcs11Lib; users: number }>();

export class Pkcs11Module {
  readonly lib: Pkcs11Lib;
  private closed = false;

  private constructor(
    lib: Pkcs11Lib,
    private readonly path: string,
  ) {
    this.lib = lib;
  }

  static open(path: string): Pkcs11Module {
    const shared = loaded.get(path);
    if (shared) {
      shared.users += 1;
      return new Pkcs11Module(shared.lib, path);
    }
    const lib = new pkcs11js.PKCS11();
    lib.load(path);
    try {
      lib.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
    } catch (error) {
      lib.close();
      throw error;
    }
    loaded.set(path, { lib, users: 1 });
    return new Pkcs11Module(lib, path);
  }

  tokens(): TokenSummary[] {
    return this.lib.C_GetSlotList(true).map((handle) => {
      const info = this.lib.C_GetTokenInfo(handle);
      const f = info.flags;
      return {
        slotId: handle.toString('hex'),
        label: trim(info.label),
        serial: trim(info.serialNumber),
        model: trim(info.model),
        manufacturer: trim(info.manufacturerID),
        flags: {
          initialized: (f & pkcs11js.CKF_TOKEN_INITIALIZED) !== 0,
          userPinInitialized: (f & pkcs11js.CKF_USER_PIN_INITIALIZED) !== 0,
          loginRequired: (f & pkcs11js.CKF_LOGIN_REQUIRED) !== 0,
          writeProtected: (f & pkcs11js.CKF_WRITE_PROTECTED) !== 0,
          userPinLocked: (f & pkcs11js.CKF_USER_PIN_LOCKED) !== 0,
          userPinCountLow: (f & pkcs11js.CKF_USER_PIN_COUNT_LOW) !== 0,
          soPinLocked: (f & pkcs11js.CKF_SO_PIN_LOCKED) !== 0,
          protectedAuthenticationPath: (f & pkcs11js.CKF_PROTECTED_AUTHENTICATION_PATH) !== 0,
        },
      };
    });
  }

  slot(selector: TokenSelector): Pkcs11Slot {
    const match = this.tokens().filter((t) =>
      selector.slotId !== undefined
        ? t.slotId === selector.slotId
        : selector.labelOrSerial !== undefined && (t.label === selector.labelOrSerial || t.serial === selector.labelOrSerial),
    );
    if (match.length !== 1)
      throw new SelectionError(match.length === 0 ? 'No token matches the selector' : 'More than one token matches the selector');
    return new Pkcs11Slot(this.lib, Buffer.from(match[0]!.slotId, 'hex'), match[0]!);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    const shared = loaded.get(this.path);
    if (shared && --shared.users > 0) return;
    loaded.delete(this.path);
    try {
      this.lib.C_Finalize();
    } finally {
      this.lib.close();
    }
  }
}

export class Pkcs11Slot {
  constructor(
    readonly lib: Pkcs11Lib,
    readonly handle: Handle,
    readonly token: TokenSummary,
  ) {}

  /** Erases the token and sets the SO PIN and label (the SO PIN must match if one is set). */
  initToken(soPin: string, label: string): void {
    this.lib.C_InitToken(this.handle, soPin, label);
  }

  /** Opens a session (logged in when `login` is given), runs `work`, and always logs out and closes. */
  withSession<T>(options: SessionOptions, work: (session: Pkcs11Session) => T): T {
    const session = this.openSession(options);
    try {
      return work(session);
    } finally {
      session.close();
    }
  }

  /** A session kept open by the caller (logged in when `login` is given), which must `close()` it. */
  openSession(options: SessionOptions): Pkcs11Session {
    const handle = this.lib.C_OpenSession(this.handle, pkcs11js.CKF_SERIAL_SESSION | (options.write ? pkcs11js.CKF_RW_SESSION : 0));
    let loggedIn = false;
    try {
      if (options.login) {
        this.lib.C_Login(handle, options.login.user === 'so' ? pkcs11js.CKU_SO : pkcs11js.CKU_USER, options.login.pin);
        loggedIn = true;
      }
    } catch (error) {
      // A login is the whole process's (PKCS#11 logs in the application): another session of this
      // process logged in already, so this one is too — and leaves the log-out to that one.
      if (!(error instanceof Error && error.message.includes('CKR_USER_ALREADY_LOGGED_IN'))) {
        this.lib.C_CloseSession(handle);
        throw error;
      }
    }
    return new Pkcs11Session(this.lib, handle, loggedIn);
  }
}

export interface SessionOptions {
  write: boolean;
  login?: { user: UserKind; pin: string };
}

export class Pkcs11Session {
  constructor(
    readonly lib: Pkcs11Lib,
    readonly handle: Handle,
    private readonly loggedIn = false,
  ) {}

  /** Logs out (when logged in) and closes, even when the log-out fails. */
  close(): void {
    try {
      if (this.loggedIn) this.lib.C_Logout(this.handle);
    } finally {
      this.lib.C_CloseSession(this.handle);
    }
  }

  find(template: pkcs11js.Template): Handle[] {
    this.lib.C_FindObjectsInit(this.handle, template);
    try {
      const found: Handle[] = [];
      for (let batch = this.lib.C_FindObjects(this.handle, 64); batch.length > 0; batch = this.lib.C_FindObjects(this.handle, 64))
        found.push(...batch);
      return found;
    } finally {
      this.lib.C_FindObjectsFinal(this.handle);
    }
  }

  attributes(object: Handle, types: number[]): pkcs11js.Attribute[] {
    return this.lib.C_GetAttributeValue(
      this.handle,
      object,
      types.map((type) => ({ type })),
    );
  }
}
