// A manager's work at the till: the drawer count and its co-sign, the Z report that closes the
// day, and the period report over closed days.
import type { Page } from 'playwright-core';
import { reportLine } from './dialogs.ts';
import { amount, caption, words } from './ui-words.ts';

export class ManagerPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  /** Counting the float (opening) or the drawer (closing). */
  drawerCount() {
    return this.page.getByRole('dialog', { name: new RegExp(`${words('drawer.openTitle').source}|${words('drawer.closeTitle').source}`) });
  }

  /** The count field for a note or coin, by its value (1000 for the $1,000 note). */
  countOf(value: number) {
    return this.drawerCount().getByLabel(words('drawer.countOf', { value: amount(value) }));
  }

  submitCount() {
    return this.drawerCount().getByRole('button', {
      name: new RegExp(`${words('drawer.openConfirm').source}|${words('drawer.closeConfirm').source}`),
    });
  }

  /** The result of a count: counted, expected, over or short, and the co-sign when it is off. */
  drawerClosed() {
    return this.page.getByRole('dialog', { name: words('drawer.closedTitle') });
  }

  cosign() {
    return this.drawerClosed().getByRole('button', { name: words('drawer.cosign') });
  }

  closeDrawerClosed() {
    return this.drawerClosed().getByRole('button', { name: words('common.close') });
  }

  /** The card terminal's batch total, asked for before the Z on a day with card payments. */
  cardBatchTotal() {
    return this.zConfirm().getByLabel(words('cardBatch.reported'));
  }

  recordCardBatch() {
    return this.zConfirm().getByRole('button', { name: words('cardBatch.confirm') });
  }

  /** What the till expected against the batch total, and the difference, once the total is recorded. */
  cardBatchFacts() {
    return this.zConfirm().getByRole('definition');
  }

  cosignCardBatch() {
    return this.zConfirm().getByRole('button', { name: words('drawer.cosign') });
  }

  zConfirm() {
    return this.page.getByRole('dialog', { name: words('z.title') });
  }

  closeTheDay() {
    return this.zConfirm().getByRole('button', { name: words('z.confirm') });
  }

  zReport() {
    return this.page.getByRole('dialog', { name: words('z.doneTitle') });
  }

  closeZReport() {
    return this.zReport().getByRole('button', { name: words('common.close') });
  }

  salesByHour() {
    return this.zReport().getByRole('figure', { name: words('report.byHour') });
  }

  exceptionsByCashier() {
    return this.zReport().getByRole('table', { name: words('report.byCashier') });
  }

  /** The Loss prevention screen (F10 > Loss prevention). */
  lossPrevention() {
    return this.page.getByRole('dialog', { name: words('loss.title') });
  }

  /** Its cases, highest score first, each a button (to show its entries) and the explanation. */
  lossCases() {
    return this.lossPrevention()
      .getByRole('list', { name: words('loss.cases') })
      .getByRole('listitem');
  }

  lossRuleFilter() {
    return this.lossPrevention().getByLabel(words('loss.rule'));
  }

  lossStaffFilter() {
    return this.lossPrevention().getByLabel(words('loss.staff'));
  }

  lossMemberFilter() {
    return this.lossPrevention().getByLabel(words('loss.member'));
  }

  /** A chart beside the cases ('loss.chartExceptions', 'loss.chartTier'): one list item per staff member. */
  lossChart(name: 'loss.chartExceptions' | 'loss.chartTier') {
    return this.lossPrevention()
      .getByRole('list', { name: words(name) })
      .getByRole('listitem');
  }

  lossEvidence() {
    return this.lossPrevention().getByRole('table', { name: words('loss.evidence') });
  }

  lossError() {
    return this.lossPrevention().getByRole('alert');
  }

  periodReport() {
    return this.page.getByRole('dialog', { name: words('period.title') });
  }

  periodFrom() {
    return this.periodReport().getByLabel(words('period.from'));
  }

  showPeriod() {
    return this.periodReport().getByRole('button', { name: caption('period.show') });
  }

  periodError() {
    return this.periodReport().getByRole('alert');
  }

  /** One figure of the period report, named by its term ('period.zCount', 'period.net'...). */
  periodFigure(key: 'period.zCount' | 'period.zRange' | 'period.net' | 'period.perpetual') {
    return this.periodReport().getByLabel(words(key));
  }

  /** A line of the period's totals ('sales', 'returns:no-receipt'...). */
  periodLine(key: string) {
    return reportLine(this.periodReport(), key);
  }
}
