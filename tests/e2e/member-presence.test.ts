// The member's price without the member, in the browser (issue #12): a card number typed in the
// member window is a lookup by hand that a manager approves, and wrong member codes typed there
// lock member codes after five, each one in the ledger.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO,
  approve,
  buildRenderer,
  closeBrowser,
  countFloat,
  demoMemberToken,
  login,
  shot,
  startTill,
  wedgeScan,
  type Till,
} from './harness.ts';
import { tillPages, type TillPages } from './pages/index.ts';
import { mentions } from './pages/ui-words.ts';
import { DEMO_CONFIG } from '../../host/config.ts';

const MEMBER_CARD = '9100000000012'; // M0001 李小華
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

async function openMemberWindow(): Promise<void> {
  await till.page.keyboard.press('F4');
  await ui.dialogs.member().waitFor();
}

describe('member presence', () => {
  it('a typed card number asks a manager, and the sale says the member was looked up by hand', async () => {
    const { page } = till;
    const { sale, dialogs } = ui;
    await wedgeScan(page, DEMO.greenTea.barcode);
    await expect.poll(() => sale.lines().count()).toBe(1);
    await openMemberWindow();
    await dialogs.memberCode().fill(MEMBER_CARD);
    await dialogs.memberFind().click();
    await dialogs.approval().waitFor();
    await expect.poll(() => dialogs.approvalSummary().textContent()).toContain(MEMBER_CARD);
    await shot(page, '33-member-card-typed');
    await approve(page, DEMO.supervisor);
    await dialogs.member().waitFor({ state: 'detached' });
    const flag = sale.memberVerification();
    await expect.poll(() => flag.getAttribute('data-verification')).toBe('manual-lookup');
    await expect.poll(() => flag.getAttribute('class')).toContain('warn');
    await expect.poll(() => flag.textContent()).toBe('looked up by hand');
    expect(entries('approval').at(-1)?.body).toMatchObject({
      action: 'member.manual',
      approverId: 'S002',
      requesterId: 'S001',
      subject: { memberId: 'M0001', card: MEMBER_CARD },
    });
  });

  it('five wrong member codes lock member codes: the sixth, even the right one, needs a manager', async () => {
    const { page, runtime } = till;
    const { app, sale, dialogs } = ui;
    // A fresh sale: cancel the one above (a supervisor approves).
    await runtime.handlers['sale.cancel']({ reason: 'test', approval: { method: 'pin', ...DEMO.supervisor } });
    await expect.poll(() => sale.lines().count()).toBe(0);
    await wedgeScan(page, DEMO.oolong.barcode);
    await expect.poll(() => sale.lines().count()).toBe(1);
    await openMemberWindow();
    for (let i = 1; i <= 5; i++) {
      await dialogs.memberCode().fill(`TPM1.M0002.00000${i}`);
      await dialogs.memberFind().click();
      await expect.poll(() => entries('member-verification-failed').length).toBe(i);
      await expect
        .poll(() =>
          app
            .errorNotices()
            .filter({ hasText: mentions('error.member.token-invalid') })
            .count(),
        )
        .toBeGreaterThan(0);
    }
    expect(entries('member-verification-failed').at(-1)?.body).toMatchObject({ tillFailures: 5, lockedOut: true, memberId: 'M0002' });
    await dialogs.memberCode().fill(demoMemberToken('M0001'));
    await dialogs.memberFind().click();
    await dialogs.approval().waitFor();
    await expect.poll(() => dialogs.approvalSummary().textContent()).toMatch(mentions('approval.summary.memberCode'));
    await shot(page, '34-member-codes-locked');
    await approve(page, DEMO.manager);
    await dialogs.member().waitFor({ state: 'detached' });
    await expect.poll(() => sale.memberVerification().getAttribute('data-verification')).toBe('app-code');
    expect(entries('approval').at(-1)?.body).toMatchObject({
      action: 'member.manual',
      approverId: 'S003',
      reason: 'use a member code while member codes are locked',
    });
  });
});
