import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A small file system of its own for a disk-full test: a tmpfs, or where mounting one is not
 * permitted a file formatted ext4 and loop-mounted. Neither possible is a failure with the reasons,
 * never a skipped test.
 */
export interface SmallDisk {
  dir: string;
  how: 'tmpfs' | 'loop';
  freeBytes: () => number;
  unmount: () => void;
}

export function mountSmallDisk(sizeMb: number): SmallDisk {
  const root = mkdtempSync(join(tmpdir(), 'dangky-small-disk-'));
  const dir = join(root, 'mnt');
  execFileSync('mkdir', [dir]);
  const freeBytes = () => {
    const s = statfsSync(dir);
    return s.bavail * s.bsize;
  };
  const unmountAndRemove = () => {
    execFileSync('umount', ['-l', dir]);
    rmSync(root, { recursive: true, force: true });
  };
  const reasons: string[] = [];
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m,mode=0700`, 'tmpfs', dir], { stdio: 'pipe' });
    return { dir, how: 'tmpfs', freeBytes, unmount: unmountAndRemove };
  } catch (err) {
    reasons.push(`tmpfs: ${String((err as { stderr?: Buffer }).stderr ?? (err as Error).message).trim()}`);
  }
  const image = join(root, 'disk.img');
  try {
    execFileSync('truncate', ['-s', `${sizeMb}M`, image]);
    execFileSync('mkfs.ext4', ['-q', '-m', '0', image], { stdio: 'pipe' });
    execFileSync('mount', ['-o', 'loop', image, dir], { stdio: 'pipe' });
    return { dir, how: 'loop', freeBytes, unmount: unmountAndRemove };
  } catch (err) {
    reasons.push(`loop: ${String((err as { stderr?: Buffer }).stderr ?? (err as Error).message).trim()}`);
  }
  rmSync(root, { recursive: true, force: true });
  throw new Error(`the disk-full test needs a small file system of its own and could mount none (run as root): ${reasons.join('; ')}`);
}
