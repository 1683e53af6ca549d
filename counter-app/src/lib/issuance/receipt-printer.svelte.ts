import type { AgentClient, ReceiptPrintJob } from '@dangky/core/agent';
import type { ErrorCode } from '@dangky/core/errors';
import { codeOf } from '@dangky/web/shell';

/**
 * The counter's ticket printer for an issuance receipt, as a rune adapter (STYLE §14): sends the
 * job through the station's agent (`printer.print-receipt`) and keeps what the receipt shows —
 * printing, printed, or the code of a failure (the receipt stays on screen; the clerk may retry).
 */
export interface ReceiptPrinter {
  readonly status: 'idle' | 'printing' | 'printed';
  readonly errorCode: ErrorCode | null;
  print(job: ReceiptPrintJob): Promise<void>;
}

export function createReceiptPrinter(agent: AgentClient): ReceiptPrinter {
  let status = $state<ReceiptPrinter['status']>('idle');
  let errorCode = $state<ErrorCode | null>(null);
  return {
    get status() {
      return status;
    },
    get errorCode() {
      return errorCode;
    },
    async print(job) {
      [status, errorCode] = ['printing', null];
      try {
        await agent.request('printer.print-receipt', job);
        status = 'printed';
      } catch (error) {
        [status, errorCode] = ['idle', codeOf(error)];
      }
    },
  };
}
