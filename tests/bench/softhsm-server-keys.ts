import { createTokenKeys, DEFAULT_TOKEN_LABELS, openTokenKeys, type ServerKeys } from '@dangky/sync-server';
import { SOFTHSM_MODULE, softHsmStore } from '@dangky/pkcs11/softhsm';

/**
 * The server's keys in a throwaway SoftHSM2 token, as production holds them in an HSM: a token
 * initialised in its own SOFTHSM2_CONF directory, the two keys made inside it, opened as the
 * server opens them. For the benches that compare the token with the key file.
 */
export function softHsmServerKeys(): { keys: ServerKeys; dispose: () => void } {
  const store = softHsmStore();
  const saved = process.env.SOFTHSM2_CONF;
  process.env.SOFTHSM2_CONF = store.conf;
  const config = { modulePath: SOFTHSM_MODULE, token: 'dangky-bench', pin: '246810', ...DEFAULT_TOKEN_LABELS };
  store.initToken({ label: config.token, soPin: '13579135', pin: config.pin });
  createTokenKeys(config);
  const keys = openTokenKeys(config);
  return {
    keys,
    dispose: () => {
      keys.close();
      store.dispose();
      if (saved === undefined) delete process.env.SOFTHSM2_CONF;
      else process.env.SOFTHSM2_CONF = saved;
    },
  };
}
