import { refuse, type PrepareGate } from './gate.ts';

/** A digital-signature submission names an active provider of the catalogue and a channel it offers. */
export const providerOffered: PrepareGate = async (tx) => {
  const rows = await tx.query<{ id: string; channels: string[] }>('SELECT id, channels FROM providers WHERE active');
  const channels = new Map(rows.map((p) => [p.id, new Set(p.channels)]));
  return {
    check(event) {
      if (event.type !== 'registration.submitted' || event.payload.service.kind !== 'digital-signature') return null;
      const { providerId, channel } = event.payload.service;
      return channels.get(providerId)?.has(channel) ? null : refuse('DK_ERR_UNKNOWN_PROVIDER');
    },
  };
};
