// Every page object of the till over one browser page.
import type { Page } from 'playwright-core';
import { AppFrame } from './app-frame.ts';
import { Dialogs } from './dialogs.ts';
import { LoginPage } from './login-page.ts';
import { ManagerPage } from './manager-page.ts';
import { PaymentPage } from './payment-page.ts';
import { ReceiptPage } from './receipt-page.ts';
import { ReturnsPage } from './returns-page.ts';
import { SalePage } from './sale-page.ts';
import { SettingsPage } from './settings-page.ts';

export interface TillPages {
  readonly app: AppFrame;
  readonly login: LoginPage;
  readonly sale: SalePage;
  readonly payment: PaymentPage;
  readonly receipt: ReceiptPage;
  readonly dialogs: Dialogs;
  readonly manager: ManagerPage;
  readonly settings: SettingsPage;
  readonly returns: ReturnsPage;
}

export function tillPages(page: Page): TillPages {
  return {
    app: new AppFrame(page),
    login: new LoginPage(page),
    sale: new SalePage(page),
    payment: new PaymentPage(page),
    receipt: new ReceiptPage(page),
    dialogs: new Dialogs(page),
    manager: new ManagerPage(page),
    settings: new SettingsPage(page),
    returns: new ReturnsPage(page),
  };
}

export { receiptLines, receiptPreview } from './dialogs.ts';
export { hasFocus } from './ui-words.ts';
export { CustomerDisplayPage } from './customer-display-page.ts';
export { dismissNotices, placement, VISIBLE } from './on-screen.ts';
