import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throwaway SoftHSM2 token store for one test: its own SOFTHSM2_CONF and token directory,
 * one token initialised by `softhsm2-util` (the outside tool, as a technician would), removed
 * on `dispose()`. Test-only: the PINs given here are test PINs on the command line.
 */

export const SOFTHSM_MODULE = process.env.DANGKY_SOFTHSM_MODULE ?? '/usr/lib/softhsm/libsofthsm2.so';

export interface SoftHsmStore {
  dir: string;
  conf: string;
  env: NodeJS.ProcessEnv;
  /** Initialises the next free slot; returns nothing secret. */
  initToken(options: { label: string; soPin: string; pin: string }): void;
  dispose(): void;
}

export function softHsmStore(): SoftHsmStore {
  const dir = mkdtempSync(join(tmpdir(), 'dangky-softhsm-'));
  mkdirSync(join(dir, 'tokens'));
  const conf = join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  const env = { ...process.env, SOFTHSM2_CONF: conf };
  return {
    dir,
    conf,
    env,
    initToken: ({ label, soPin, pin }) => {
      execFileSync('softhsm2-util', ['--init-token', '--free', '--label', label, '--so-pin', soPin, '--pin', pin], { env, stdio: 'pipe' });
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
