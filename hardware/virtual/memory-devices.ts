import type { CashDrawer, DrawerOutcome } from '../../core/ports/cash-drawer.ts';
import type { PrintFailureReason, PrintLeftover, PrintOutcome, ReceiptPrinter } from '../../core/ports/receipt-printer.ts';
import type { ReceiptDocument } from '../../core/contract/views.ts';

/**
 * A receipt printer that keeps what it printed in memory. Used by tests and by the embedded
 * default until a real or emulated printer is configured. It can be told to fail the way
 * real printers do (paper out, cover open, offline).
 */
export class MemoryPrinter implements ReceiptPrinter {
  readonly id: string;
  readonly printed: ReceiptDocument[] = [];
  private fault: PrintFailureReason | null = null;
  private leftover: PrintLeftover = 'none';

  constructor(id = 'memory-printer') {
    this.id = id;
  }

  /** Fails every print with `fault`; `leftover` says what the failed print may still put on paper (default: nothing). */
  setFault(fault: PrintFailureReason | null, leftover: PrintLeftover = 'none'): void {
    this.fault = fault;
    this.leftover = leftover;
  }

  async print(document: ReceiptDocument): Promise<PrintOutcome> {
    if (this.fault) return { ok: false, reason: this.fault, leftover: this.leftover };
    this.printed.push(structuredClone(document));
    return { ok: true };
  }
}

export class MemoryDrawer implements CashDrawer {
  readonly id: string;
  opens = 0;
  private offline = false;

  constructor(id = 'memory-drawer') {
    this.id = id;
  }

  setOffline(offline: boolean): void {
    this.offline = offline;
  }

  async open(): Promise<DrawerOutcome> {
    if (this.offline) return { ok: false, reason: 'offline' };
    this.opens++;
    return { ok: true };
  }
}
