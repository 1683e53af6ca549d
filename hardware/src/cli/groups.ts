// Command groups added by later features register themselves here, one line each.
(await import('./main.ts')).registerGroup('card', 'chip reader: read a citizen card, run the simulator', () => import('./card.ts'));
(await import('./main.ts')).registerGroup(
  'agent',
  'hardware agent: serve the devices to the kiosk / counter page',
  () => import('./agent.ts'),
);
(await import('./main.ts')).registerGroup('id', 'printed card data: parse a QR payload or an MRZ, with checks', () => import('./id.ts'));
(await import('./main.ts')).registerGroup(
  'token',
  'signing tokens (PKCS#11): list, issue with the built-in CA',
  () => import('./token.ts'),
);
(await import('./main.ts')).registerGroup('qr', 'QR scanner: run the simulator (payloads from stdin)', () => import('./qr.ts'));
export {};
