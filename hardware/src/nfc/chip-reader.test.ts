import { describe, expect, it } from 'vitest';
import { createChipReader } from './chip-reader.ts';
import { startPtySimulator } from './sim/pty-sim.ts';

/** The agent's chip-reader device against the PN532 simulator on a real pseudo-terminal. */
describe('chip reader device', () => {
  it('reads the card with PACE from the ID number, verified only against a trusted CSCA, DG13 redacted', async () => {
    const sim = await startPtySimulator();
    try {
      const trusted = createChipReader({ id: 'nfc', path: sim.path, simulated: true, trust: sim.csca ? [sim.csca] : [], pollMs: 50 });
      const r = await trusted.read({ idNumber: sim.card.idNumber });
      expect(r.access).toBe('PACE');
      expect(r.verdict).toBe('verified');
      expect(r.identity).toMatchObject({ idNumber: sim.card.idNumber, fullName: sim.card.fullName });
      expect(r.identity.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(['M', 'F']).toContain(r.identity.sex);
      expect(JSON.stringify(r)).not.toMatch(/ethnicity|religion|parents|spouse/);
      expect(r.photo).toBeNull();
      await trusted.close();

      const untrusted = createChipReader({ id: 'nfc', path: sim.path, simulated: true, trust: [] });
      const u = await untrusted.read({ idNumber: sim.card.idNumber });
      expect(u.verdict).toBe('not-verified');
      expect(u.identity.idNumber).toBe(sim.card.idNumber);
      await untrusted.close();
    } finally {
      await sim.close();
    }
  });

  it('refuses a wrong ID number with a typed error and stays ready for the next read', async () => {
    const sim = await startPtySimulator();
    try {
      const reader = createChipReader({ id: 'nfc', path: sim.path, simulated: true, trust: [] });
      const wrong = `${sim.card.idNumber.slice(0, 6)}${String((Number(sim.card.idNumber.slice(6)) + 1) % 1_000_000).padStart(6, '0')}`;
      await expect(reader.read({ idNumber: wrong })).rejects.toMatchObject({ code: 'DK_ERR_CHIP_ACCESS_DENIED' });
      expect(reader.status().state).toBe('ready');
      expect((await reader.read({ idNumber: sim.card.idNumber })).identity.idNumber).toBe(sim.card.idNumber);
      await reader.close();
    } finally {
      await sim.close();
    }
  });

  it('reports offline when the reader is gone, and a read fails with a code instead of hanging', async () => {
    const reader = createChipReader({ id: 'nfc', path: '/dev/dangky-no-such-reader', simulated: false, trust: [] });
    expect(reader.status()).toMatchObject({ kind: 'nfc-reader', state: 'offline' });
    await expect(reader.read({ idNumber: '001099012345' })).rejects.toMatchObject({ code: 'DK_ERR_SERIAL_PORT' });
    await reader.close();
  });
});
