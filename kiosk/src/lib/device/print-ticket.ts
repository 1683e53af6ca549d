import type { AgentClient } from '@dangky/core/agent';
import type { PrintTicketInput } from '@dangky/core/machines';
import type { TicketWait } from '@dangky/core/queue';
import type { Provider } from '@dangky/core/schemas';
import { hcmClock, hcmDay } from '@dangky/core/time';
import { DangkyError } from '@dangky/core/errors';

/**
 * The kiosk flow's `printTicket` actor: the ticket as the citizen sees it on screen, sent to
 * the station's printer through the hardware agent. A ticket prints no personal data — the
 * number, the service, the site, the time — and a QR for the counter: the registration sealed so
 * only the site's counters can read it (docs/handoff-ticket.md), or its bare id.
 */
export type Translate = (key: string, values?: Record<string, string | number>) => string;

export function serviceLabel(t: Translate, service: PrintTicketInput['service'], providers: readonly Provider[]): string {
  if (service.kind === 'eid-level2') return t('services.eid');
  const provider = providers.find((p) => p.id === service.providerId);
  return t('services.signature', { channel: t(`services.${service.channel}`), provider: provider?.product ?? service.providerId });
}

/** People ahead and about how long — or, honestly, that the kiosk cannot tell. The same words on screen and on paper. */
export function waitText(t: Translate, wait: TicketWait): string {
  if (wait.kind === 'unknown') return t(wait.reason === 'no-counter' ? 'wait.noCounter' : 'wait.unknown');
  const values = { ahead: wait.ahead, low: wait.lowMinutes, high: wait.highMinutes };
  return t(wait.ahead === 0 ? 'wait.nobody' : 'wait.estimate', values);
}

/** `29/11/2026 09:41` in Ho Chi Minh time, as on screen. */
export function issuedAtText(at: Date): string {
  const [y, m, d] = hcmDay(at).split('-');
  return `${d}/${m}/${y} ${hcmClock(at)}`;
}

export async function printTicket(
  agent: AgentClient | null,
  input: PrintTicketInput,
  context: {
    t: Translate;
    siteName: string;
    providers: readonly Provider[];
    now?: Date;
    /** The help pages as the site serves them (the kiosk's own address), printed as a short link. */
    helpUrl?: string;
  },
): Promise<void> {
  if (!agent) throw new DangkyError('DK_ERR_AGENT_UNREACHABLE', { detail: { reason: 'no agent paired' } });
  const { t } = context;
  await agent.request('printer.print-ticket', {
    ticketNumber: input.submitted.ticket.number,
    siteName: context.siteName,
    serviceLabel: serviceLabel(t, input.service, context.providers),
    issuedAtText: issuedAtText(context.now ?? new Date()),
    // A priority ticket says so first, so the citizen can show it if a clerk asks.
    lines: [
      ...(input.priority ? [t('print.priority')] : []),
      ...(input.submitted.wait ? [waitText(t, input.submitted.wait)] : []),
      t('print.line1'),
      t('print.line2'),
      ...(context.helpUrl ? [t('print.help', { url: context.helpUrl })] : []),
    ],
    // The sealed registration when the kiosk holds its site's key; the bare id otherwise.
    qrPayload: input.submitted.handoff ?? input.submitted.registrationId,
    language: input.language,
  });
}
