// Customers at the till, in the browser (issue #15): a cashier signs a customer up with their
// consent, finds members by phone or name shown masked, and adds a found member to the sale only
// through a manager's approval (a lookup by hand, flagged on the sale).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, approve, buildRenderer, closeBrowser, countFloat, login, shot, startTill, wedgeScan, type Till } from './harness.ts';
import { tillPages, type TillPages } from './pages/index.ts';
import { words } from './pages/ui-words.ts';
import { DEMO_CONFIG } from '../../host/config.ts';

let staticDir: string;
let till: Till;
let ui: TillPages;
const entries = (kind: string) => [...till.runtime.store.entries()].filter((e) => e.kind === kind);

beforeAll(async () => {
  staticDir = await buildRenderer();
  till = await startTill(staticDir, { config: { session: { ...DEMO_CONFIG.session, idleLockSeconds: 0 } } });
  ui = tillPages(till.page);
  await ui.app.language('en').click();
  await login(till.page, DEMO.cashier);
  await countFloat(till.page, { 1000: 2 });
});

afterAll(async () => {
  await till?.close();
  await closeBrowser();
});

async function openCustomers(): Promise<void> {
  await till.page.keyboard.press('F4');
  await ui.dialogs.member().waitFor();
  await ui.dialogs.openCustomers().click();
  await ui.dialogs.customers().waitFor();
}

describe('customers', () => {
  it('signs a customer up with their consent and finds them by phone, masked', async () => {
    const { page } = till;
    const { dialogs } = ui;
    await wedgeScan(page, DEMO.greenTea.barcode);
    await expect.poll(() => ui.sale.lines().count()).toBe(1);
    await openCustomers();
    await dialogs.button(dialogs.customers(), 'customers.create').click();
    const form = dialogs.customerSignUp();
    await form.getByLabel(words('customers.name')).fill('陳小明');
    await form.getByLabel(words('customers.phone')).fill('0912 345 678');
    await form.getByLabel(words('customers.carrierOptional')).fill('/ab.1+-c');
    const submit = dialogs.button(form, 'customers.createSubmit');
    expect(await submit.isDisabled()).toBe(true); // no consent yet
    await form.getByRole('checkbox', { name: words('customers.consentMembership') }).check();
    await submit.click();
    const card = dialogs.customerCard();
    await card.waitFor();
    await expect.poll(() => card.textContent()).toContain('09**-***-678');
    expect(await card.textContent()).not.toContain('345');
    await shot(page, '60-customer-signed-up');
    const created = entries('member-created');
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({
      operatorId: DEMO.cashier.staffId,
      body: { name: '陳小明', phone: '0912345678', carrier: '/AB.1+-C', consent: { membership: true, marketing: false } },
    });

    await dialogs.button(card, 'customers.back').click();
    await dialogs.customerQuery().fill('0912345678');
    await page.keyboard.press('Enter');
    await expect.poll(() => dialogs.customerResults().count()).toBe(1);
    expect(await dialogs.customerResults().first().textContent()).toContain('陳*明');
    await page.keyboard.press('Escape');
    await dialogs.customers().waitFor({ state: 'detached' });
  });

  it('finds a member by name, masked, and adds them to the sale only with a manager’s approval', async () => {
    const { page } = till;
    const { dialogs, sale } = ui;
    await openCustomers();
    await dialogs.customerQuery().fill('大偉');
    await page.keyboard.press('Enter');
    await expect.poll(() => dialogs.customerResults().count()).toBe(1);
    const result = dialogs.customerResults().first();
    expect(await result.textContent()).toContain('黃*偉');
    expect(await dialogs.customers().textContent()).not.toContain('大偉 ');
    await shot(page, '61-customer-search');
    await result.click();
    const card = dialogs.customerCard();
    await card.waitFor();
    // Finding the member changed nothing on the sale.
    expect(entries('approval')).toHaveLength(0);
    await dialogs.button(card, 'customers.attach').click();
    await dialogs.approval().waitFor();
    await approve(page, DEMO.supervisor);
    await card.waitFor({ state: 'detached' });
    const flag = sale.memberVerification();
    await expect.poll(() => flag.getAttribute('data-verification')).toBe('manual-lookup');
    expect(entries('approval').at(-1)?.body).toMatchObject({ action: 'member.manual', approverId: 'S002', subject: { memberId: 'M0002' } });
  });
});
