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
}
