// The payment panel once the total is presented: cash with quick amounts, card, change.
import type { Page } from 'playwright-core';
import { caption, mentions, words } from './ui-words.ts';

export class PaymentPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  panel() {
    return this.page.getByRole('region', { name: words('tender.label') });
  }

  /** What is still to pay. */
  due() {
    return this.panel().getByRole('status', { name: words('tender.due') });
  }

  /** The tenders already taken, one item each ("Card ****4242  $10"). */
  tenders() {
    return this.panel()
      .getByRole('list', { name: words('tender.taken') })
      .getByRole('listitem');
  }

  /** The change to hand back once paid up. */
  change() {
    return this.panel().getByRole('status', { name: words('tender.change') });
  }

  tab(method: 'cash' | 'card') {
    return this.panel().getByRole('tab', { name: words(`tender.${method}`) });
  }

  quickAmounts() {
    return this.panel().getByRole('group', { name: words('tender.quick') });
  }

  /** The quick-cash button for exactly what is due. */
  exactCash() {
    return this.quickAmounts().getByRole('button', { name: words('tender.exact') });
  }

  /** A quick-cash button by the amount it shows ("$1,000"). */
  quickCash(shown: string) {
    return this.quickAmounts().getByRole('button', { name: shown, exact: true });
  }

  cashReceived() {
    return this.panel().getByLabel(words('tender.cashGiven'));
  }

  cardAmount() {
    return this.panel().getByLabel(words('tender.cardAmount'));
  }

  cardReference() {
    return this.panel().getByLabel(words('tender.reference'));
  }

  cardLast4() {
    return this.panel().getByLabel(words('tender.last4'));
  }

  complete() {
    return this.panel().getByRole('button', { name: caption('tender.complete') });
  }

  /** Who the e-invoice is for (tills with the Taiwan e-invoice profile). */
  invoiceBuyer() {
    return this.panel().getByRole('form', { name: words('einvoice.buyer.label') });
  }

  /** The line saying who the e-invoice is for now, and whether paper prints. */
  invoiceBuyerNow() {
    return this.invoiceBuyer().getByRole('status');
  }

  /** Types a carrier, donation code or UBN and sets it. */
  async giveInvoiceBuyer(code: string) {
    await this.invoiceBuyer().getByLabel(words('einvoice.buyer.code')).fill(code);
    await this.invoiceBuyer()
      .getByRole('button', { name: words('einvoice.buyer.set') })
      .click();
  }

  /** The warning that no float is counted, shown as soon as Cash is chosen. */
  noFloat() {
    return this.panel()
      .getByRole('alert')
      .filter({ hasText: mentions('tender.noFloat') });
  }
}
