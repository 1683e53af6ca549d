import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { startPtySimulator } from './pty-sim.ts';

/** The CLI against the simulator on a real pseudo-terminal (socat), speaking the byte protocol. */
describe('dangky-hw card read against the pty simulator', () => {
  it('reads the default persona and exits 1 (read, not verified)', async () => {
    const simulator = await startPtySimulator();
    try {
      const out: string[] = [];
      const err: string[] = [];
      const code = await main(['card', 'read', '--port', simulator.path, '--mrz-key', '001099012345,990515,390515', '--photo'], {
        out: (t) => out.push(t),
        err: (t) => err.push(t),
      });
      expect(err).toEqual([]);
      expect(code).toBe(1);
      const json = JSON.parse(out.join('\n'));
      expect(json.access).toBe('BAC');
      expect(json.documentNumberForm).toBe('MRZ field');
      expect(json.groups.map((g: { group: string }) => g.group)).toEqual(['COM', 'DG1', 'DG13', 'DG2', 'DG15', 'SOD']);
      expect(json.activeAuthentication.verdict).toBe('passed');
      expect(json.dg13.fullName).toBe('Nguyễn Văn An');
      expect(json.dg13.ethnicity).toBeUndefined();
      expect(json.verification.verdict).toBe('not-verified');
    } finally {
      await simulator.close();
    }
  });

  it('exits 2 with a typed error for a wrong key and for a missing port', async () => {
    const simulator = await startPtySimulator();
    try {
      const err: string[] = [];
      const code = await main(['card', 'read', '--port', simulator.path, '--mrz-key', '123456789,990515,390515'], {
        out: () => {},
        err: (t) => err.push(t),
      });
      expect(code).toBe(2);
      expect(JSON.parse(err.join('')).error.code).toBe('DK_ERR_CHIP_ACCESS_DENIED');
    } finally {
      await simulator.close();
    }
    const err: string[] = [];
    expect(
      await main(['card', 'read', '--port', '/dev/does-not-exist', '--mrz-key', '099012345,990515,390515'], {
        out: () => {},
        err: (t) => err.push(t),
      }),
    ).toBe(2);
    expect(JSON.parse(err.join('')).error.code).toBe('DK_ERR_SERIAL_PORT');
  });

  it('reads with PACE when --can is given, and BAC alone with --mrz-key', async () => {
    const simulator = await startPtySimulator();
    try {
      const out: string[] = [];
      expect(await main(['card', 'read', '--port', simulator.path, '--can', '012345'], { out: (t) => out.push(t), err: () => {} })).toBe(1);
      expect(JSON.parse(out.join('\n')).access).toBe('PACE');
    } finally {
      await simulator.close();
    }
  });

  it('exits 0 "verified" with the test CSCA as trust list; hashes match', async () => {
    const simulator = await startPtySimulator();
    const dir = mkdtempSync(join(tmpdir(), 'dangky-trust-'));
    try {
      const pem = join(dir, 'csca.pem');
      writeFileSync(pem, simulator.csca!.toString());
      const out: string[] = [];
      const code = await main(['card', 'read', '--port', simulator.path, '--can', '012345', '--photo', '--trust', pem], {
        out: (t) => out.push(t),
        err: () => {},
      });
      const json = JSON.parse(out.join('\n'));
      expect(json.verification.verdict).toBe('verified');
      expect(code).toBe(0);
      expect(json.groups.filter((g: { hashMatch: boolean | null }) => g.hashMatch === true).map((g: { group: string }) => g.group)).toEqual(
        ['DG1', 'DG13', 'DG2', 'DG15'],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await simulator.close();
    }
  });

  it('a tampered DG13 fails (exit 1, reason names DG13); a foreign CSCA is "not-verified"', async () => {
    const { createTestPki } = await import('./test-pki.ts');
    const dir = mkdtempSync(join(tmpdir(), 'dangky-trust-'));
    const tampered = await startPtySimulator({ tamperGroup: 13 });
    const foreign = await startPtySimulator({ pki: createTestPki('Foreign CSCA') });
    try {
      const pem = join(dir, 'csca.pem');
      writeFileSync(pem, tampered.csca!.toString());
      const read = async (path: string) => {
        const out: string[] = [];
        const code = await main(['card', 'read', '--port', path, '--can', '012345', '--trust', pem], {
          out: (t) => out.push(t),
          err: () => {},
        });
        return { code, verification: JSON.parse(out.join('\n')).verification };
      };
      expect(await read(tampered.path)).toMatchObject({
        code: 1,
        verification: { verdict: 'failed', reason: 'DG13 does not match its hash in the SOD' },
      });
      expect(await read(foreign.path)).toMatchObject({ code: 1, verification: { verdict: 'not-verified' } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await tampered.close();
      await foreign.close();
    }
  });

  it('--crl: a Document Signer revoked by its CSCA reads "not-verified" (ds-revoked); a clean CRL keeps "verified" without warnings; SignerInfo by subject key identifier', async () => {
    const { issueCrl } = await import('./test-pki.ts');
    const simulator = await startPtySimulator({ signerIdentifier: 'subjectKeyIdentifier' });
    const dir = mkdtempSync(join(tmpdir(), 'dangky-trust-'));
    try {
      const pem = join(dir, 'csca.pem');
      writeFileSync(pem, simulator.csca!.toString());
      const revoking = join(dir, 'revoking.crl');
      writeFileSync(revoking, await issueCrl(simulator.pki!, { revoked: [simulator.pki!.ds.serialNumber] })); // DER
      const clean = join(dir, 'clean.crl');
      writeFileSync(clean, await issueCrl(simulator.pki!));
      const read = async (crl: string) => {
        const out: string[] = [];
        const code = await main(['card', 'read', '--port', simulator.path, '--can', '012345', '--trust', pem, '--crl', crl], {
          out: (t) => out.push(t),
          err: () => {},
        });
        return { code, verification: JSON.parse(out.join('\n')).verification };
      };
      expect(await read(revoking)).toMatchObject({
        code: 1,
        verification: { verdict: 'not-verified', reasonCode: 'ds-revoked', code: 'DK_ERR_CHIP_DS_REVOKED' },
      });
      expect(await read(clean)).toMatchObject({
        code: 0,
        verification: { verdict: 'verified', warnings: [], signerIdentifiedBy: 'subjectKeyIdentifier' },
      });
      const garbage = join(dir, 'garbage.crl');
      writeFileSync(garbage, 'not a CRL');
      const err: string[] = [];
      expect(
        await main(['card', 'read', '--port', simulator.path, '--can', '012345', '--crl', garbage], {
          out: () => {},
          err: (t) => err.push(t),
        }),
      ).toBe(2);
      expect(err.join('')).toContain('DK_ERR_CHIP_CRL_INVALID');
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await simulator.close();
    }
  });
});
