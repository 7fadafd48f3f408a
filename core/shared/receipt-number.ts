// Receipt numbers come in two series. Live sales and returns share one gap-free sequence from 1;
// training receipts have their own, far above any live number, so a training receipt never takes
// a live number (the live series stays gap-free) and can never be mistaken for a real one.

/** Training receipt n is numbered TRAINING_RECEIPT_BASE + n. */
export const TRAINING_RECEIPT_BASE = 900_000_000_000;

export type ReceiptSeries = 'live' | 'training';

export function receiptSeriesOf(receiptNo: number): ReceiptSeries {
  return receiptNo > TRAINING_RECEIPT_BASE ? 'training' : 'live';
}

/** The number as printed and shown: training receipts as "T-000001". */
export function receiptNumberText(receiptNo: number): string {
  return receiptSeriesOf(receiptNo) === 'training' ? `T-${String(receiptNo - TRAINING_RECEIPT_BASE).padStart(6, '0')}` : String(receiptNo);
}
