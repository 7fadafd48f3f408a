// The customer display (a second window): what the customer sees while the cashier rings up.
import type { Page } from 'playwright-core';
import { mentions, words } from './ui-words.ts';

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

  /** What the customer has paid so far. */
  paid() {
    return this.screen().getByRole('status', { name: words('display.paid') });
  }

  /** The change to be handed back. */
  change() {
    return this.screen().getByRole('status', { name: words('display.change') });
  }

  /** What the customer saved on this sale (discounts). */
  savings() {
    return this.screen().getByRole('status', { name: words('display.savings') });
  }

  /** "+N more": how many earlier items are out of view above the list. */
  more() {
    return this.screen()
      .getByRole('status')
      .filter({ hasText: mentions('display.more') });
  }

  /** The TRAINING notice, so a customer never pays for a practice sale. */
  trainingNotice() {
    return this.screen()
      .getByRole('status')
      .filter({ hasText: words('display.training') });
  }

  /** The items on the display, one list item each. */
  lines() {
    return this.screen().getByRole('listitem');
  }

  /** The welcome shown between sales. */
  welcome() {
    return this.screen().getByText(words('display.welcome'));
  }

  /** "Reconnecting to the till…": the till does not answer, and nothing of the old sale is shown. */
  reconnecting() {
    return this.screen()
      .getByRole('status')
      .filter({ hasText: words('display.reconnecting') });
  }

  /** The till refused this display's pairing (its tokens were rotated). */
  pairAgain() {
    return this.screen()
      .getByRole('alert')
      .filter({ hasText: words('display.unpaired') });
  }

  /** The e-receipt QR code for the customer to scan. */
  receiptQr() {
    return this.screen().getByRole('img', { name: words('display.scanForReceipt') });
  }
}
