import { useState } from 'react';
import type { ReceiptView } from '../../core/contract/index.ts';
import { useTill } from '../app/till-context.tsx';

/** What the receipt panel can do about the receipt: print again, print on another printer, or hand it over electronically. */
export function useReceiptActions(receipt: ReceiptView) {
  const { run } = useTill();
  const [busy, setBusy] = useState(false);
  const [emailed, setEmailed] = useState(false);
  const failedOn = receipt.failure?.printerId;

  const retry = async () => {
    setBusy(true);
    await run('receipt.print', { receiptNo: receipt.receiptNo, ...(failedOn ? { printerId: failedOn } : {}) });
    setBusy(false);
  };

  const printOn = async (printerId: string) => {
    setBusy(true);
    await run('receipt.print', { receiptNo: receipt.receiptNo, printerId });
    setBusy(false);
  };

  const electronic = async (sendTo: 'screen' | 'member-email') => {
    setBusy(true);
    const r = await run('receipt.electronic', {
      receiptNo: receipt.receiptNo,
      reason: receipt.status === 'failed' ? 'printer-failed' : 'declined-paper',
      sendTo,
    });
    if (r && sendTo === 'member-email') setEmailed(true);
    setBusy(false);
  };

  return { busy, emailed, retry, printOn, electronic };
}

export type ReceiptActions = ReturnType<typeof useReceiptActions>;
