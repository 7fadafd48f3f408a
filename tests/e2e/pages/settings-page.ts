// Settings for IT and managers: the tabs, devices and the test print, store and tax, staff.
import type { Page } from 'playwright-core';
import type { MessageKey } from '../../../renderer/i18n/i18n.ts';
import { receiptPreview, reportLine } from './dialogs.ts';
import { words } from './ui-words.ts';

export class SettingsPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  screen() {
    return this.page.getByRole('main', { name: words('settings.title') });
  }

  tabs() {
    return this.screen().getByRole('tablist').getByRole('tab');
  }

  /** A tab by its caption ('settings.devices', 'settings.staff'...). */
  tab(key: MessageKey) {
    return this.screen()
      .getByRole('tablist')
      .getByRole('tab', { name: words(key) });
  }

  panel() {
    return this.screen().getByRole('tabpanel');
  }

  /** A line of the X report ('sales', 'tender:card'...). */
  xReportLine(key: string) {
    return reportLine(this.panel(), key);
  }

  /** The receipt preview tab's receipt. */
  preview() {
    return receiptPreview(this.panel());
  }

  /** A device's row in the devices tab, by its id ('receipt-printer'). */
  deviceRow(id: string) {
    return this.panel()
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name: new RegExp(`\\s${id}$`) }) });
  }

  testPrintCard() {
    return this.panel().getByRole('region', { name: words('devset.testTitle') });
  }

  testPrint() {
    return this.testPrintCard().getByRole('button', { name: words('devset.print') });
  }

  /** Printed or not (`data-printed`), and why not. */
  testPrintResult() {
    return this.testPrintCard().getByRole('status').or(this.testPrintCard().getByRole('alert'));
  }

  testPrintPreview() {
    return receiptPreview(this.panel().getByRole('region', { name: words('devset.previewTitle') }));
  }

  storeCard() {
    return this.panel().getByRole('region', { name: words('storeset.storeTitle') });
  }

  storeName() {
    return this.storeCard().getByLabel(words('storeset.name'));
  }

  taxCard() {
    return this.panel().getByRole('region', { name: words('storeset.taxTitle') });
  }

  taxMode() {
    return this.taxCard().getByLabel(words('storeset.taxMode'));
  }

  taxClass(id: string) {
    return this.taxCard()
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name: id, exact: true }) });
  }

  /** The staff list; `data-managed-by` says whether the till or HQ keeps it. */
  staffCard() {
    return this.panel().getByRole('region', { name: words('staffset.title') });
  }

  staffTable() {
    return this.staffCard().getByRole('table');
  }

  staffRow(staffId: string) {
    return this.staffTable()
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name: staffId, exact: true }) });
  }

  /** "Locked until …" on a staff member's row. */
  staffLocked(staffId: string) {
    return this.staffRow(staffId).getByText(words('staffset.lockedUntil'));
  }

  unlockStaff(staffId: string) {
    return this.staffRow(staffId).getByRole('button', { name: words('staffset.unlockTitle', { id: staffId }) });
  }

  /** What the last change to staff did. */
  staffMessage() {
    return this.staffCard().getByRole('status');
  }

  /** Why the staff tab shows nothing (not allowed). */
  staffError() {
    return this.panel().getByRole('alert');
  }

  addStaffCard() {
    return this.panel().getByRole('region', { name: words('staffset.addTitle') });
  }

  addStaff() {
    return this.addStaffCard().getByRole('button', { name: words('staffset.add') });
  }

  addStaffProblem() {
    return this.addStaffCard().getByRole('alert');
  }
}
