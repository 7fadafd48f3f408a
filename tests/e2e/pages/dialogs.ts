// The dialogs of a sale and of the functions menu, each found by its title as a person reads it.
import type { Locator, Page } from 'playwright-core';
import type { MessageKey } from '../../../renderer/i18n/i18n.ts';
import { caption, words } from './ui-words.ts';

type Params = Readonly<Record<string, string | number>>;

/** A receipt as printed (on screen): `data-width` holds its width in columns. */
export function receiptPreview(within: Page | Locator): Locator {
  return within.getByRole('document', { name: words('preview.label') });
}

/** The receipt's lines as they read on paper. */
export async function receiptLines(preview: Locator): Promise<string[]> {
  return (await preview.innerText()).split('\n');
}

/** A line of a totals table (X report, Z report, period report) by its key ('sales', 'tender:card'...). */
export function reportLine(within: Page | Locator, key: string): Locator {
  const page = 'page' in within ? within.page() : within;
  return within.getByRole('row').filter({ has: page.getByRole('rowheader', { name: words(`report.key.${key}` as MessageKey) }) });
}

export class Dialogs {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  /** A dialog by its title's words. */
  titled(key: MessageKey, params?: Params) {
    return this.page.getByRole('dialog', { name: words(key, params) });
  }

  /** The button of a dialog whose caption starts with these words (OK, Cancel, a confirm button). */
  button(dialog: Locator, key: MessageKey, params?: Params) {
    return dialog.getByRole('button', { name: caption(key, params) });
  }

  /** Hold sale: the dialog and its optional label field. */
  park() {
    return this.titled('park.title');
  }

  parkLabel() {
    return this.park().getByLabel(words('park.label'));
  }

  /** Recall: the list of sales on hold, one row each, and the button recalling one by its label. */
  recall() {
    return this.titled('recall.title');
  }

  heldSales() {
    return this.recall()
      .getByRole('table', { name: words('recall.title') })
      .getByRole('row')
      .filter({ has: this.page.getByRole('cell') });
  }

  recallHeld(label: string) {
    return this.recall().getByRole('button', { name: words('recall.one', { label }) });
  }

  salesperson() {
    return this.titled('salesperson.dialogTitle');
  }

  /** A staff member's tick box in the salesperson dialog, by the name shown. */
  salespersonChoice(name: string | RegExp) {
    return this.salesperson().getByRole('checkbox', { name });
  }

  /** A salesperson's share field (percent), by their name. */
  salespersonShare(name: string) {
    return this.salesperson().getByLabel(words('salesperson.share', { name }));
  }

  /** The dialog asking for the serial of a serialized item just added (issue #14). */
  serial(name: string) {
    return this.titled('serial.dialogTitle', { name });
  }

  serialField(dialog: Locator) {
    return dialog.getByLabel(words('serial.label'));
  }

  approval() {
    return this.titled('approval.title');
  }

  /** What exactly is being approved: the first thing the dialog says. */
  approvalSummary() {
    return this.approval().getByRole('paragraph').first();
  }

  approvalError() {
    return this.approval().getByRole('alert');
  }

  /** Approves with the manager's staff number and PIN. */
  async approve(who: { staffId: string; pin: string }): Promise<void> {
    const dialog = this.approval();
    await dialog.waitFor();
    await dialog.getByLabel(words('approval.managerStaff')).fill(who.staffId);
    await dialog.getByLabel(words('approval.managerPin')).fill(who.pin);
    await dialog.getByRole('button', { name: words('approval.approve') }).click();
  }

  discount() {
    return this.titled('discount.title');
  }

  discountValue() {
    return this.discount().getByLabel(new RegExp(`${words('discount.percentLabel').source}|${words('discount.amountLabel').source}`));
  }

  applyDiscount() {
    return this.button(this.discount(), 'discount.apply');
  }

  member() {
    return this.titled('member.dialogTitle');
  }

  memberCode() {
    return this.member().getByLabel(words('member.cardOrCode'));
  }

  memberByNumber() {
    return this.button(this.member(), 'member.manual');
  }

  /** Find: the typed card number or member code. */
  memberFind() {
    return this.button(this.member(), 'member.find');
  }

  /** Customers (issue #15): opened from the member window; search, a member's card, sign-up. */
  openCustomers() {
    return this.button(this.member(), 'customers.open');
  }

  customers() {
    return this.titled('customers.title');
  }

  customerCard() {
    return this.titled('customers.cardTitle');
  }

  customerSignUp() {
    return this.titled('customers.createTitle');
  }

  customerQuery() {
    return this.customers().getByLabel(words('customers.query'));
  }

  customerResults() {
    return this.customers()
      .getByRole('region', { name: words('customers.results') })
      .getByRole('button');
  }

  quantity() {
    return this.titled('quantity.title');
  }

  voidLine() {
    return this.titled('void.title');
  }

  functions() {
    return this.titled('fn.title');
  }

  /** A function in the functions menu ('fn.noSale', 'fn.reprint'...), with its shortcut if it has one. */
  fn(key: MessageKey) {
    return this.functions().getByRole('button', { name: caption(key) });
  }

  noSale() {
    return this.titled('noSale.title');
  }

  reprint() {
    return this.titled('reprint.title');
  }

  postVoid() {
    return this.titled('postVoid.title');
  }

  /** The receipt number field of the reprint or post-void dialog. */
  receiptNumber(dialog: Locator) {
    return dialog.getByLabel(words('returns.receiptNo'));
  }

  cashMovement() {
    return this.titled('cash.title');
  }

  /** What kind of movement (a reason below may have the same words). */
  cashKind(kind: 'cash-in' | 'paid-out' | 'pickup') {
    return this.cashMovement()
      .getByRole('group', { name: words('cash.kindLabel') })
      .getByRole('radio', { name: words(`cash.kind.${kind}`) });
  }

  cashAmount() {
    return this.cashMovement().getByLabel(words('cash.amount'));
  }
}
