import { X509Certificate, createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DangkyError } from '@dangky/core/errors';
import { Pn532 } from '../nfc/pn532.ts';
import { cardErrorSummary, readCard } from '../nfc/read-card.ts';
import { parseCrl } from '../nfc/passive-auth.ts';
import { mrzKeysFrom } from '../nfc/bac-keys.ts';
import { openSerialLink } from '../nfc/serial-link.ts';

export { mrzKeysFrom };
import type { CliGroup } from './main.ts';
import { untilStopped } from './signals.ts';

/**
 * `dangky-hw card read --port <path> (--can <6 digits> | --mrz-key <docNo,YYMMDD,YYMMDD>) [--photo]` — reads the chip
 * (PACE with the CAN first, BAC with the MRZ key as fall-back)
 * through a PN532 on a serial port and prints JSON. `dangky-hw card sim` starts the virtual
 * reader + card on a pseudo-terminal and prints its path. Exit 0 verified, 1 read but not
 * verified (or failed checks), 2 could not read.
 */

const usage =
  'usage: dangky-hw card read --port <serial-path> (--mrz-key <docNo,birthYYMMDD,expiryYYMMDD> | --can <6 digits>) [--photo] [--trust <csca.pem>]... [--crl <crl.pem|der>]...\n       dangky-hw card sim [--baud <rate>] [--tamper <1|2|13>] [--sid ski] [--crl-out <file> [--revoke-ds]]';

async function read(args: string[], io: Parameters<CliGroup>[1]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      'mrz-key': { type: 'string' },
      can: { type: 'string' },
      photo: { type: 'boolean' },
      trust: { type: 'string', multiple: true },
      crl: { type: 'string', multiple: true },
    },
    strict: true,
  });
  if (!values.port || (!values['mrz-key'] && !values.can)) {
    io.err(usage);
    return 2;
  }
  if (values.can !== undefined && !/^\d{6}$/.test(values.can)) {
    io.err('dangky-hw card: --can must be 6 digits');
    return 2;
  }
  const mrzKeys = values['mrz-key'] ? mrzKeysFrom(values['mrz-key']) : [];
  let trust: X509Certificate[];
  try {
    trust = (values.trust ?? []).map((path) => new X509Certificate(readFileSync(path)));
  } catch (cause) {
    throw new DangkyError('DK_ERR_VALIDATION', { cause, message: '--trust must name readable PEM or DER certificates' });
  }
  // CRLs of the CSCAs (PEM or DER): a Document Signer on its CSCA's CRL is "not-verified".
  const crls = (values.crl ?? []).map((path) => {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(path);
    } catch (cause) {
      throw new DangkyError('DK_ERR_VALIDATION', { cause, message: '--crl must name a readable file' });
    }
    return parseCrl(bytes);
  });
  const link = await openSerialLink({ path: values.port });
  try {
    const pn532 = new Pn532({ port: link.port });
    await pn532.wakeUp();
    const firmware = await pn532.firmwareVersion();
    const result = await readCard({
      link: {
        activate: async () => (await pn532.detect('A')) !== undefined || (await pn532.detect('B')) !== undefined,
        transceive: (apdu) => pn532.transceive(apdu),
      },
      mrzKeys,
      ...(values.can ? { can: values.can } : {}),
      readPhoto: values.photo ?? false,
      trust,
      crls,
      random: (n) => new Uint8Array(randomBytes(n)),
    });
    await pn532.release().catch(() => undefined);
    const output = {
      reader: { firmware: `PN5${firmware.ic.toString(16)} v${firmware.version}.${firmware.revision}` },
      access: result.access,
      ...(result.paceFallback ? { paceFallback: result.paceFallback } : {}),
      ...(result.access === 'BAC'
        ? { documentNumberForm: (mrzKeys[result.keyIndex]?.documentNumber.length ?? 0) >= 12 ? '12-digit ID number' : 'MRZ field' }
        : {}),
      groups: result.groups.map((g) => ({
        group: g.group,
        length: g.length,
        commands: g.commands,
        ms: Math.round(g.ms),
        sha256: createHash('sha256').update(g.bytes).digest('hex'),
        hashMatch: result.verification.hashes.find((h) => `DG${h.group}` === g.group)?.match ?? null,
      })),
      dg1: result.dg1,
      dg13: result.dg13 && { ...result.dg13, unknown: result.dg13.unknown.map((u) => ({ n: u.n, length: u.raw.length })) },
      verification: result.verification,
      ...(result.activeAuthentication ? { activeAuthentication: result.activeAuthentication } : {}),
      timings: { accessMs: Math.round(result.timings.accessMs), totalMs: Math.round(result.timings.totalMs) },
      recoveries: result.recoveries,
      wire: pn532.stats,
    };
    io.out(JSON.stringify(output, null, 2));
    return result.verification.verdict === 'verified' ? 0 : 1;
  } finally {
    await link.close();
  }
}

async function sim(args: string[], io: Parameters<CliGroup>[1]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      baud: { type: 'string' },
      tamper: { type: 'string' },
      sid: { type: 'string' },
      'crl-out': { type: 'string' },
      'revoke-ds': { type: 'boolean' },
    },
    strict: true,
  });
  const baudRate = values.baud ? Number(values.baud) : undefined;
  const tamperGroup = values.tamper ? Number(values.tamper) : undefined;
  if (
    (baudRate !== undefined && !(baudRate > 0)) ||
    (tamperGroup !== undefined && ![1, 2, 13].includes(tamperGroup)) ||
    (values.sid !== undefined && values.sid !== 'ski') ||
    (values['revoke-ds'] && !values['crl-out'])
  ) {
    io.err(usage);
    return 2;
  }
  const { startPtySimulator } = await import('../nfc/sim/pty-sim.ts');
  const simulator = await startPtySimulator({
    ...(baudRate ? { baudRate } : {}),
    ...(tamperGroup ? { tamperGroup: tamperGroup as 1 | 2 | 13 } : {}),
    ...(values.sid === 'ski' ? { signerIdentifier: 'subjectKeyIdentifier' as const } : {}),
  });
  // A CRL of the test CSCA (for `card read --crl`), listing the simulated card's Document Signer
  // when --revoke-ds is given; made before the ready lines, which then all print at once.
  const crlOut = values['crl-out'];
  if (crlOut && simulator.pki) {
    const { issueCrl } = await import('../nfc/sim/test-pki.ts');
    const der = await issueCrl(simulator.pki, { revoked: values['revoke-ds'] ? [simulator.pki.ds.serialNumber] : [] });
    writeFileSync(
      crlOut,
      `-----BEGIN X509 CRL-----\n${Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n')}\n-----END X509 CRL-----\n`,
    );
  }
  await untilStopped(() => {
    io.out(simulator.path);
    if (simulator.csca) {
      // The test CSCA of this run, for `card read --trust` (a public certificate, no key).
      const pem = join(tmpdir(), `dangky-sim-csca-${process.pid}.pem`);
      writeFileSync(pem, simulator.csca.toString());
      io.out(pem);
    }
    if (crlOut && simulator.pki) io.out(crlOut);
  });
  await simulator.close();
  return 0;
}

export const run: CliGroup = async (args, io) => {
  const [command, ...rest] = args;
  try {
    if (command === 'read') return await read(rest, io);
    if (command === 'sim') return await sim(rest, io);
    io.err(usage);
    return 2;
  } catch (error) {
    const { code, message } = cardErrorSummary(error);
    io.err(JSON.stringify({ error: { code, message } }));
    return 2;
  }
};
