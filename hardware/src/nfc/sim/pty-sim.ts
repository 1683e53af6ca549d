import { parseDg13 } from '@dangky/core/icao';
import { VirtualChip } from './virtual-chip.ts';
import { VirtualPn532 } from './virtual-pn532.ts';
import { defaultPersona, personaMrzInfo, withSod, type Persona } from './persona.ts';
import { createTestPki, type TestPki } from './test-pki.ts';
import { startPtyPair } from '../../serial/pty-pair.ts';

/**
 * The simulator on a real pseudo-terminal: socat makes a pty pair, the virtual PN532 serves one
 * end through serialport, and the other end's path is what the agent or `dangky-hw card read
 * --port` opens, exactly as it would open /dev/ttyUSB0.
 */

export interface PtySimulator {
  /** The path the reader side opens. */
  path: string;
  reader: VirtualPn532;
  chip: VirtualChip;
  /** Who is on the simulated card (synthetic), so a demo knows which ID number opens it. */
  card: { idNumber: string; fullName: string };
  /** The test CSCA that signed the persona's SOD (pass it as the trust list to verify). */
  csca: TestPki['csca'] | undefined;
  /** The whole test PKI (the CSCA can issue a CRL: `issueCrl`). */
  pki: TestPki | undefined;
  close(): Promise<void>;
}

export interface PtySimulatorOptions {
  persona?: Persona;
  /** PKI signing the persona's EF.SOD; default a fresh throwaway one; false = no EF.SOD. */
  pki?: TestPki | false;
  /** How the SOD's SignerInfo names the Document Signer. Default issuerAndSerialNumber. */
  signerIdentifier?: 'issuerAndSerialNumber' | 'subjectKeyIdentifier';
  /** Change one byte of this data group after the SOD was signed (a forged card): DG number. */
  tamperGroup?: 1 | 2 | 13;
  /** Throttle the virtual reader's line to this baud rate (see VirtualPn532Options). */
  baudRate?: number;
  /** Deadline for socat to report its ptys, ms. Default 5,000. */
  startTimeoutMs?: number;
}

function cardOf(persona: Persona): { idNumber: string; fullName: string } {
  const dg13 = persona.files.get(0x010d);
  const parsed = dg13 ? parseDg13(dg13) : undefined;
  return { idNumber: parsed?.idNumber ?? '', fullName: parsed?.fullName ?? '' };
}

export async function startPtySimulator(options: PtySimulatorOptions = {}): Promise<PtySimulator> {
  const pki = options.pki === false ? undefined : (options.pki ?? createTestPki());
  const base = options.persona ?? defaultPersona();
  const persona = pki ? withSod(base, pki, options.signerIdentifier ? { signerIdentifier: options.signerIdentifier } : {}) : base;
  if (options.tamperGroup) {
    const fid = { 1: 0x0101, 2: 0x0102, 13: 0x010d }[options.tamperGroup];
    const bytes = persona.files.get(fid)?.slice();
    // Flip the case of the last ASCII letter: the group still parses, only its hash changes.
    const at = bytes ? bytes.findLastIndex((b) => (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a)) : -1;
    if (bytes && at >= 0) {
      bytes[at] = (bytes[at] ?? 0) ^ 0x20;
      persona.files.set(fid, bytes);
    }
  }
  const pair = await startPtyPair(options.startTimeoutMs === undefined ? {} : { startTimeoutMs: options.startTimeoutMs });
  const [devicePath, hostPath] = [pair.a, pair.b];
  const chip = new VirtualChip({
    files: persona.files,
    mrzInfo: personaMrzInfo(persona),
    ...(persona.can ? { can: persona.can } : {}),
    ...(persona.activeAuthKey ? { activeAuthKey: persona.activeAuthKey } : {}),
  });
  const reader = new VirtualPn532({ chip, ...(options.baudRate ? { baudRate: options.baudRate } : {}) });
  const port = await pair.openEnd(devicePath, 115_200);
  reader.attach(port);
  return {
    path: hostPath,
    reader,
    chip,
    card: cardOf(persona),
    csca: pki?.csca,
    pki,
    close: () => pair.close(),
  };
}
