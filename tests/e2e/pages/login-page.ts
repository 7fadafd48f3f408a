// Signing in: staff number, PIN (typed or tapped), training mode, and what went wrong.
import type { Page } from 'playwright-core';
import { words } from './ui-words.ts';

export class LoginPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  /** The sign-in card. */
  form() {
    return this.page.getByRole('region', { name: words('login.title') });
  }

  heading() {
    return this.page.getByRole('heading', { name: words('login.title') });
  }

  staffNumber() {
    return this.form().getByLabel(words('login.staff'));
  }

  pin() {
    return this.form().getByLabel(words('login.pin'));
  }

  training() {
    return this.form().getByRole('checkbox', { name: words('login.training') });
  }

  signIn() {
    return this.form().getByRole('button', { name: words('login.signIn') });
  }

  error() {
    return this.form().getByRole('alert');
  }

  /** Fills the form and signs in (the caller waits for what should follow). */
  async submit(who: { staffId: string; pin: string }, options: { training?: boolean } = {}): Promise<void> {
    await this.staffNumber().fill(who.staffId);
    await this.pin().fill(who.pin);
    if (options.training) await this.training().check();
    await this.signIn().click();
  }

  /** The first-start card of a till with no staff and no HQ. */
  firstAdmin() {
    return this.page.getByRole('region', { name: words('firstAdmin.title') });
  }

  /** Fills in the first administrator and creates them (the caller waits for what should follow). */
  async createFirstAdmin(admin: { name: string; staffId: string; pin: string; pinAgain?: string }): Promise<void> {
    const card = this.firstAdmin();
    await card.getByLabel(words('firstAdmin.name')).fill(admin.name);
    await card.getByLabel(words('login.staff')).fill(admin.staffId);
    await card.getByLabel(words('firstAdmin.pin')).fill(admin.pin);
    await card.getByLabel(words('firstAdmin.pinAgain')).fill(admin.pinAgain ?? admin.pin);
    await card.getByRole('button', { name: words('firstAdmin.create') }).click();
  }

  firstAdminError() {
    return this.firstAdmin().getByRole('alert');
  }

  /** "Administrator S001 created. Sign in ..." on the sign-in card. */
  created() {
    return this.form().getByRole('status');
  }
}
