// Returns: against a receipt (scanned or typed), or without one (items scanned or searched).
import type { Locator, Page } from 'playwright-core';
import { words } from './ui-words.ts';

export class ReturnsPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  screen() {
    return this.page.getByRole('main', { name: words('returns.title') });
  }

  /** The receipt's lines that can come back. */
  receiptLines() {
    return this.screen()
      .getByRole('table', { name: words('returns.receiptHeading') })
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader') });
  }

  /** "Return one more" on a line. */
  more(line: Locator) {
    return line.getByRole('button', { name: words('returns.more') });
  }

  /** How many of a line come back. */
  returning(line: Locator) {
    return line.getByRole('status', { name: words('returns.returning') });
  }

  refundTotal() {
    return this.screen().getByRole('status', { name: words('returns.refundTotal') });
  }

  /** Where the refund goes, as the host quoted it. */
  refundSplit() {
    return this.screen().getByRole('list', { name: words('returns.refundSplit') });
  }

  complete() {
    return this.screen().getByRole('button', { name: words('returns.complete') });
  }

  /** Exchange: the chosen lines become a credit on a new sale (issue #15). */
  exchange() {
    return this.screen().getByRole('button', { name: words('returns.exchange') });
  }

  /** The exchange in progress on the sale screen. */
  exchangePanel() {
    return this.page.getByRole('region', { name: /Exchange for receipt|換貨|换货/ });
  }

  exchangeBalance() {
    return this.exchangePanel().getByRole('status', { name: words('exchange.balance') });
  }

  exchangeCash() {
    return this.exchangePanel().getByLabel(words('exchange.cashGiven'));
  }

  completeExchange() {
    return this.exchangePanel().getByRole('button', { name: words('exchange.complete') });
  }

  withoutReceipt() {
    return this.screen().getByRole('button', { name: words('returns.noReceipt') });
  }

  /** A return without a receipt: the items coming back. */
  noReceiptTable() {
    return this.screen().getByRole('table', { name: words('returns.noReceiptTitle') });
  }

  /** The items of a return without a receipt. */
  noReceiptLines() {
    return this.noReceiptTable()
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader') });
  }
}
