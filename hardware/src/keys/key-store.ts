import { join } from 'node:path';
import { ownerOnlyDir } from './owner-only-dir.ts';
import { openPairingVault, type PairingVault } from './pairing-vault.ts';
import { openRowKeyFile, type RowKeyFile } from './row-key-file.ts';

/**
 * The agent's key store (`--key-store <dir>`): an owner-only directory outside the browser
 * profile holding the page's row keys (`row-keys.bin`) and the key that seals the pairing
 * secret (`pairing-vault.key`). See core/src/agent/messages/keys.ts for why.
 */
export interface KeyStore {
  rows: RowKeyFile;
  vault: PairingVault;
  close(): Promise<void>;
}

export async function openKeyStore(dir: string, stationId: string): Promise<KeyStore> {
  await ownerOnlyDir(dir);
  const rows = await openRowKeyFile(join(dir, 'row-keys.bin'));
  const vault = await openPairingVault(join(dir, 'pairing-vault.key'), stationId);
  return { rows, vault, close: () => rows.close() };
}
