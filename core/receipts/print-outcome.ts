import type { PrintOutcome, ReceiptPrinter } from '../ports/receipt-printer.ts';
import type { ReceiptDocument } from '../contract/views.ts';

/** Prints `document`; a printer that throws instead of answering counts as a failed print, never as an error of the action. */
export async function printOutcome(printer: ReceiptPrinter, document: ReceiptDocument): Promise<PrintOutcome> {
  try {
    return await printer.print(document);
  } catch (e) {
    return { ok: false, reason: 'error', detail: e instanceof Error ? e.message : String(e) };
  }
}
