import { randomBytes, X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { debuglog } from 'node:util';
import type { ChipIdentity, ChipReadResult } from '@dangky/core/agent';
import { errorCodeOf } from '@dangky/core/errors';
import { chipDateToIso, type RedactedDg13 } from '@dangky/core/icao';
import type { AgentDevice } from '../agent/device.ts';
import { createStatusCell } from '../serial/status-cell.ts';
import { mrzKeysFrom } from './bac-keys.ts';
import { Pn532 } from './pn532.ts';
import { readCard } from './read-card.ts';
import { openSerialLink } from './serial-link.ts';

/**
 * The station's chip reader (a PN532 on a serial port, or the simulator's pty) as an agent
 * device. Each read opens the port, reads and closes it again: an unplugged reader costs one
 * failed read, and the next read after it is plugged back in simply works. Reads go one at a
 * time. Status follows the device path (present → ready, gone → offline), polled every 2 s.
 *
 * What leaves here is the redacted identity (no ethnicity, religion, parents or spouse), the
 * passive-authentication verdict and, when asked, the photo — never the raw data groups.
 */

/** NODE_DEBUG=hardware:nfc: state changes and codes, never card data. */
const log = debuglog('hardware:nfc');

export interface ChipReaderOptions {
  id: string;
  path: string;
  simulated: boolean;
  /** CSCA trust list; empty → a read is at best "not-verified". */
  trust: readonly X509Certificate[];
  /** CRLs of those CSCAs (DER, see passive-auth.ts `parseCrl`). */
  crls?: readonly Uint8Array[];
  baudRate?: number;
  /** Turns DG2 into an image Chromium can show; without it no photo is returned. */
  photo?: (dg2: Uint8Array) => Promise<{ mime: 'image/jpeg' | 'image/png'; data: Uint8Array }>;
  pollMs?: number;
}

export interface ReadChipParams {
  idNumber: string;
  birthDate?: string | undefined;
  expiryDate?: string | undefined;
  withPhoto?: boolean | undefined;
}

export interface ChipReader extends AgentDevice {
  read(params: ReadChipParams): Promise<ChipReadResult>;
}

/** `1990-05-17` → `900517` (the MRZ date form BAC keys use). */
const yymmdd = (iso: string) => iso.slice(2).replaceAll('-', '');

const isoOrUndefined = (text: string | undefined): string | undefined => {
  if (!text) return undefined;
  try {
    return chipDateToIso(text);
  } catch {
    return undefined;
  }
};

/** DG13 (and the document number from DG1) in the core identity's field names. */
export function identityFromChip(dg13: RedactedDg13 | undefined, dg1Lines: readonly string[]): ChipIdentity {
  const sex = dg13?.sex === 'Nam' ? 'M' : dg13?.sex === 'Nữ' ? 'F' : undefined;
  const documentNumber = dg1Lines[0]?.slice(5, 14).replace(/<+$/, '');
  const out: ChipIdentity = {};
  if (dg13?.idNumber && /^\d{12}$/.test(dg13.idNumber)) out.idNumber = dg13.idNumber;
  if (dg13?.fullName) out.fullName = dg13.fullName.normalize('NFC');
  const birth = isoOrUndefined(dg13?.dateOfBirth);
  if (birth) out.birthDate = birth;
  if (sex) out.sex = sex;
  if (dg13?.placeOfResidence) out.address = dg13.placeOfResidence.normalize('NFC');
  if (dg13?.placeOfOrigin) out.placeOfOrigin = dg13.placeOfOrigin.normalize('NFC');
  const issue = isoOrUndefined(dg13?.issueDate);
  if (issue) out.issueDate = issue;
  const expiry = isoOrUndefined(dg13?.expiryDate);
  if (expiry) out.expiryDate = expiry;
  if (dg13?.oldIdNumber && /^\d{9}$/.test(dg13.oldIdNumber)) out.oldIdNumber = dg13.oldIdNumber;
  if (documentNumber) out.documentNumber = documentNumber;
  return out;
}

export function createChipReader(options: ChipReaderOptions): ChipReader {
  const status = createStatusCell(
    { id: options.id, kind: 'nfc-reader', state: 'offline', simulated: options.simulated, errorCode: 'DK_ERR_SERIAL_PORT', detail: null },
    (id, state, code) => log('%s %s %s', id, state, code),
  );
  let busy: Promise<unknown> = Promise.resolve();
  let reading = false;
  const poll = () => {
    if (reading) return;
    if (existsSync(options.path)) status.set('ready');
    else status.set('offline', 'DK_ERR_SERIAL_PORT');
  };
  poll();
  const timer = setInterval(poll, options.pollMs ?? 2_000);
  timer.unref();

  async function readOnce(params: ReadChipParams): Promise<ChipReadResult> {
    const link = await openSerialLink({ path: options.path, ...(options.baudRate ? { baudRate: options.baudRate } : {}) });
    try {
      const pn532 = new Pn532({ port: link.port });
      await pn532.wakeUp();
      // The MRZ document number of a Vietnamese card is the ID number's last 9 digits (BRIEF §1.4);
      // BAC needs the dates too, so it is only a fall-back when the page knows them.
      const mrzKeys =
        params.birthDate && params.expiryDate
          ? mrzKeysFrom(`${params.idNumber},${yymmdd(params.birthDate)},${yymmdd(params.expiryDate)}`)
          : [];
      const result = await readCard({
        link: {
          activate: async () => (await pn532.detect('A')) !== undefined || (await pn532.detect('B')) !== undefined,
          transceive: (apdu) => pn532.transceive(apdu),
        },
        mrzKeys,
        can: params.idNumber.slice(-6),
        readPhoto: params.withPhoto ?? false,
        trust: options.trust,
        crls: options.crls ?? [],
        random: (n) => new Uint8Array(randomBytes(n)),
      });
      await pn532.release().catch(() => undefined);
      const dg2 = result.groups.find((g) => g.group === 'DG2');
      let photo: ChipReadResult['photo'] = null;
      if (params.withPhoto && dg2 && options.photo) {
        const image = await options.photo(dg2.bytes);
        photo = { mime: image.mime, base64: Buffer.from(image.data).toString('base64') };
      }
      return {
        access: result.access,
        verdict: result.verification.verdict,
        // Warnings (a stale or forged CRL …) travel with the reason so the page shows them too;
        // a missing CRL is already said by the reason itself.
        reason: [
          result.verification.reason,
          ...result.verification.warnings.filter((w) => w.code !== 'crl-missing').map((w) => `warning: ${w.message}`),
        ]
          .join('; ')
          .slice(0, 300),
        identity: identityFromChip(result.dg13, result.dg1.lines),
        photo,
        totalMs: Math.round(result.timings.totalMs),
      };
    } finally {
      await link.close();
    }
  }

  return {
    id: options.id,
    kind: 'nfc-reader',
    status: () => status.current(),
    onStatus: (listener) => status.onStatus(listener),
    read(params) {
      const run = busy.then(async () => {
        reading = true;
        status.set('busy');
        try {
          const result = await readOnce(params);
          status.set('ready');
          return result;
        } catch (error) {
          // A failed read leaves the reader usable; the page shows the code (no card, removed …).
          if (existsSync(options.path)) status.set('ready');
          else status.set('offline', errorCodeOf(error));
          throw error;
        } finally {
          reading = false;
        }
      });
      busy = run.catch(() => undefined);
      return run;
    },
    async close() {
      clearInterval(timer);
      await busy;
    },
  };
}
