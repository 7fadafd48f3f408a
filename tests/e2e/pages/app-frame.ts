// What is around every screen once signed in, and before: the language buttons, the top bar
// (screens, operator, lock), messages, the status bar's devices, banners and the lock screen.
import type { Page } from 'playwright-core';
import type { UiLocale } from '../../../renderer/i18n/i18n.ts';
import { mentions, words } from './ui-words.ts';

export type DeviceChipKind = 'printer' | 'drawer' | 'scanner' | 'display' | 'sync';

export class AppFrame {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  /** "Reconnecting to the till…": the host does not answer; nothing of the old screen is shown. */
  reconnecting() {
    return this.page.getByRole('status').filter({ has: this.page.getByRole('heading', { name: words('connect.reconnecting') }) });
  }

  /** The till refused this tab's pairing (its tokens were rotated): open the new pairing address. */
  pairAgain() {
    return this.page.getByRole('alert').filter({ has: this.page.getByRole('heading', { name: words('connect.unpairedTitle') }) });
  }

  /** The language buttons (on the sign-in screen and in settings), named in their own language. */
  language(locale: UiLocale) {
    return this.page.getByRole('button', { name: words(`language.${locale}`) });
  }

  topBar() {
    return this.page.getByRole('banner');
  }

  /** A screen in the top bar's navigation: 'nav.sale', 'nav.returns', 'nav.settings'. */
  nav(screen: 'nav.sale' | 'nav.returns' | 'nav.settings') {
    return this.page.getByRole('navigation', { name: words('nav.label') }).getByRole('button', { name: words(screen) });
  }

  lockButton() {
    return this.topBar().getByRole('button', { name: words('top.lock') });
  }

  /** The messages for the cashier (errors, confirmations), above any dialog. */
  notices() {
    return this.page.getByRole('region', { name: words('notice.label') });
  }

  errorNotices() {
    return this.notices().getByRole('alert');
  }

  /** Confirmations and information ("Drawer opened."). */
  infoNotices() {
    return this.notices().getByRole('status');
  }

  trainingBanner() {
    return this.page.getByText(words('training.banner'));
  }

  drawerAlarm() {
    return this.page.getByRole('alert').filter({ hasText: mentions('alarm.drawerOpen') });
  }

  /** One device in the status bar: its name, state and why, with the details in a tooltip. */
  device(kind: DeviceChipKind) {
    return this.page
      .getByRole('list', { name: words('device.barLabel') })
      .getByRole('listitem')
      .filter({ has: this.page.getByText(words(`device.kind.${kind}`), { exact: true }) });
  }

  /** The device's tooltip. */
  deviceTip(kind: DeviceChipKind) {
    return this.device(kind).getByRole('tooltip');
  }

  /** In the status bar after an early Z: the day closed and that sales count for the next one. */
  earlyZ() {
    return this.page
      .getByRole('contentinfo')
      .getByRole('status')
      .filter({ hasText: mentions('status.afterEarlyZ') });
  }

  /** The short "why" beside a device's state in the bar (a fault's reason, sync progress), announced as it changes. */
  deviceSummary(kind: DeviceChipKind) {
    return this.device(kind).getByRole('status');
  }

  lockScreen() {
    return this.page.getByRole('region', { name: words('lock.title') });
  }

  lockPin() {
    return this.lockScreen().getByLabel(words('lock.pin'));
  }

  unlock() {
    return this.lockScreen().getByRole('button', { name: words('lock.unlock') });
  }

  switchOperator() {
    return this.lockScreen().getByRole('button', { name: words('lock.switch') });
  }

  /** Taking over the open sale of a locked till (a supervisor or manager). */
  takeOverScreen() {
    return this.page.getByRole('region', { name: words('lock.takeoverTitle') });
  }

  async takeOver(who: { staffId: string; pin: string }): Promise<void> {
    const screen = this.takeOverScreen();
    await screen.getByLabel(words('login.staff')).fill(who.staffId);
    await screen.getByLabel(words('login.pin')).fill(who.pin);
    await screen.getByRole('button', { name: words('lock.takeover') }).click();
  }

  takeOverError() {
    return this.takeOverScreen().getByRole('alert');
  }

  /** The on-screen number pad of the screen or dialog in front. */
  numberPad() {
    return this.page.getByRole('group', { name: words('pinpad.label') });
  }

  /** A key on the number pad: a digit, or 'backspace'. */
  padKey(key: string) {
    return this.numberPad().getByRole('button', key === 'backspace' ? { name: words('pinpad.backspace') } : { name: key, exact: true });
  }
}
