// What the ledger's read model knows of a receipt number: the sale or return behind it and
// whether its receipt obligation has been discharged.

export interface OpenObligation {
  receiptNo: number;
  documentId: string;
  kind: 'sale' | 'return';
  openedSeq: number;
  failures: number;
}

/** A receipt number's read model. */
export interface ReceiptRecord {
  receiptNo: number;
  seq: number;
  kind: 'sale' | 'return';
  documentId: string;
  businessDay: string;
  operatorId: string | null;
  endedAt: string;
  total: number;
  status: 'completed' | 'post-voided';
  returnedTotal: number;
  copies: number;
  printFailures: number;
  dischargedSeq: number | null;
  channel: 'printed' | 'electronic' | null;
  training: boolean;
}
