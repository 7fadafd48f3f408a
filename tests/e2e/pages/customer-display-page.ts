// The customer display (a second window): what the customer sees while the cashier rings up.
import type { Page } from 'playwright-core';
import { words } from './ui-words.ts';

export class CustomerDisplayPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  screen() {
    return this.page.getByRole('main');
  }

  total() {
    return this.screen().getByRole('status', { name: words('display.total') });
  }

  /** The TRAINING notice, so a customer never pays for a practice sale. */
  trainingNotice() {
    return this.screen()
      .getByRole('status')
      .filter({ hasText: words('display.training') });
  }

  /** The e-receipt QR code for the customer to scan. */
  receiptQr() {
    return this.screen().getByRole('img', { name: words('display.scanForReceipt') });
  }
}
