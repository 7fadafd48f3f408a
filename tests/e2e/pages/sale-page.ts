// The sale screen: the scan field, the lines, member and totals, the function keys and the
// product search, found as a cashier finds them.
import type { Page } from 'playwright-core';
import type { MessageKey } from '../../../renderer/i18n/i18n.ts';
import { caption, hasFocus, mentions, words } from './ui-words.ts';

export class SalePage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  screen() {
    return this.page.getByRole('main', { name: words('nav.sale') });
  }

  /** 'none', 'open' or 'tendering': the sale's state as the screen shows it. */
  status() {
    return this.screen().getAttribute('data-sale-status');
  }

  scanField() {
    return this.page.getByLabel(words('sale.scanLabel'));
  }

  scanFieldHasFocus() {
    return hasFocus(this.scanField());
  }

  lines() {
    return this.page.getByRole('list', { name: words('sale.linesLabel') }).getByRole('listitem');
  }

  /** The quantity shown on a line, between its − and + buttons. */
  quantity(line = this.lines().first()) {
    return line.getByRole('status', { name: words('sale.qty') });
  }

  total() {
    return this.page.getByRole('region', { name: words('totals.label') }).getByLabel(words('totals.total'));
  }

  memberPanel() {
    return this.page.getByRole('region', { name: words('member.label') });
  }

  /** How the member was identified (app code, card, by hand), beside the tier. */
  memberVerification() {
    const ways = [
      'member.verified.token',
      'member.verified.card',
      'member.verified.manual',
      'member.verified.app-code',
      'member.verified.card-scanned',
      'member.verified.manual-lookup',
    ] as const;
    return this.memberPanel().getByText(new RegExp(ways.map((k) => mentions(k).source).join('|')));
  }

  /** Who served the customer (the cashier until one is chosen), and the button choosing them. */
  salespersonPanel() {
    return this.page.getByRole('region', { name: words('salesperson.label') });
  }

  chooseSalesperson() {
    return this.salespersonPanel().getByRole('button', { name: caption('salesperson.choose') });
  }

  addMember() {
    return this.memberPanel().getByRole('button', { name: caption('member.add') });
  }

  /** The warning that no float has been counted, with its button. */
  drawerNotOpen() {
    return this.page.getByRole('status').filter({ hasText: mentions('drawer.notOpen') });
  }

  /** The notice that the sale was taken up again after the till restarted. */
  resumedNotice() {
    return this.page.getByRole('status').filter({ hasText: mentions('sale.resumed') });
  }

  countFloat() {
    return this.drawerNotOpen().getByRole('button', { name: words('drawer.countFloat') });
  }

  searchButton() {
    return this.screen().getByRole('button', { name: caption('sale.search') });
  }

  /** A button in the function-key bar under the lines ('fkey.discount', 'fkey.more'...). */
  functionKey(key: MessageKey) {
    return this.page.getByRole('navigation', { name: words('sale.functions') }).getByRole('button', { name: mentions(key) });
  }

  pay() {
    return this.screen().getByRole('button', { name: caption('sale.pay') });
  }

  searchPanel() {
    return this.page.getByRole('region', { name: words('search.label') });
  }

  /** The product search field (on the sale screen and in a return without a receipt). */
  searchField() {
    return this.page.getByRole('combobox', { name: words('search.label') });
  }

  searchResults() {
    return this.page.getByRole('listbox', { name: words('search.results') }).getByRole('option');
  }
}
