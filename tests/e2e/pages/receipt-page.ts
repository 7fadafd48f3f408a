// The receipt window after a sale or a return: change, the receipt's state, retry, other
// printers, the e-receipt and the next customer.
import type { Page } from 'playwright-core';
import { caption, words } from './ui-words.ts';

export class ReceiptPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  dialog() {
    return this.page.getByRole('dialog', { name: new RegExp(`${words('receipt.saleDone').source}|${words('receipt.returnDone').source}`) });
  }

  /** The receipt's state: its text says it, `data-status` holds it (printing, printed, failed, electronic...). */
  status() {
    const name = words('receipt.statusLabel');
    return this.dialog().getByRole('status', { name }).or(this.dialog().getByRole('alert', { name }));
  }

  state() {
    return this.status().getAttribute('data-status');
  }

  change() {
    return this.dialog().getByRole('status', { name: words('receipt.giveChange') });
  }

  /** Which printer failed, when the till has more than one. */
  failedOn() {
    return this.status().getByText(words('receipt.failedOn'));
  }

  retry() {
    return this.dialog().getByRole('button', { name: caption('receipt.retry') });
  }

  electronic() {
    return this.dialog().getByRole('button', { name: caption('receipt.showQr') });
  }

  email() {
    return this.dialog().getByRole('button', { name: words('receipt.sendEmail') });
  }

  /** The e-receipt's QR code; `data-qr` holds what it encodes. */
  qr() {
    return this.dialog().getByRole('img', { name: words('receipt.qrLabel') });
  }

  printOn(printer: string) {
    return this.dialog().getByRole('button', { name: words('receipt.printOn', { printer }) });
  }

  /** Why another printer cannot take the receipt yet (the button's description). */
  printerNotReady(printer: string) {
    return this.dialog().getByText(words('receipt.printerNotReady', { printer }));
  }

  next() {
    return this.dialog().getByRole('button', { name: caption('receipt.next') });
  }

  showReceipt() {
    return this.dialog().getByRole('button', { name: words('receipt.showPreview') });
  }
}
