import { describe, expect, it } from 'vitest';
import { confirmationPage, recordedPage, refusedPage, renderMemberNotice, type NoticeFacts } from '../../../hq/notice-text.ts';

// The seed case of issue #14: a 20,000 piece registered to VIP B at B's tier price.
const facts: NoticeFacts = {
  kind: 'sale',
  terminalId: 'T-TPE-1',
  seq: 812,
  storeId: 'TPE-101',
  endedAt: '2026-03-02T02:15:00.000Z',
  receiptNo: 377,
  currency: 'TWD',
  amount: 18_000,
  memberId: 'M0002',
  memberName: 'B',
  memberTier: 'vip',
  lines: [
    {
      name: 'Limited brooch <No. 7>',
      qtyMilli: 1000,
      unitPrice: 18_000,
      priceTier: 'vip',
      retailUnitPrice: 20_000,
      amount: 18_000,
      serial: 'LB-0007',
    },
  ],
  salespersons: [{ staffId: 'S010', name: '陳小姐' }],
  cashier: { staffId: 'S001', name: null },
};
const style = {
  storeName: 'Taipei 101',
  timeZone: 'Asia/Taipei',
  locale: 'en' as const,
  link: 'https://hq.example/notices/not-me?t=abc.def',
  linkExpiresAt: '2026-05-01T00:00:00.000Z',
};

describe('the member notice', () => {
  it('says what was bought, where, when, by whom, at which tier price, with the serial and the link', () => {
    const n = renderMemberNotice(facts, style);
    expect(n.subject).toBe('Taipei 101: a purchase of TWD 18000 on your membership');
    expect(n.text).toContain('A purchase was recorded on your membership M0002.');
    expect(n.text).toContain('Store: Taipei 101');
    expect(n.text).toContain('Time: Mar 2, 2026, 10:15');
    expect(n.text).toContain('Receipt: T-TPE-1 #377');
    expect(n.text).toContain('Served by: 陳小姐 (S010)');
    expect(n.text).toContain('Cashier: S001');
    expect(n.text).toContain('1 x Limited brooch <No. 7> (serial LB-0007): TWD 18000 [TWD 18000: vip price, regular TWD 20000]');
    expect(n.text).toContain('https://hq.example/notices/not-me?t=abc.def');
    expect(n.short).toContain(n.subject);
    expect(n.short).toContain(style.link);
  });

  it('escapes every value in the HTML part and links only http(s)', () => {
    const n = renderMemberNotice(facts, style);
    expect(n.html).toContain('Limited brooch &lt;No. 7&gt;');
    expect(n.html).not.toContain('<No. 7>');
    expect(n.html).toContain('<a href="https://hq.example/notices/not-me?t=abc.def">This was not me</a>');
    const odd = renderMemberNotice(facts, { ...style, link: 'javascript:alert(1)' });
    expect(odd.html).not.toContain('href="javascript');
  });

  it('speaks the store language, and tells returns and post-voids apart', () => {
    const tw = renderMemberNotice(facts, { ...style, locale: 'zh-TW' });
    expect(tw.subject).toBe('Taipei 101：您的會員帳戶有一筆 TWD 18000 的消費');
    expect(tw.text).toContain('銷售人員: 陳小姐 (S010)');
    expect(tw.text).toContain('vip 價格，原價 TWD 20000');
    const cn = renderMemberNotice({ ...facts, kind: 'return' }, { ...style, locale: 'zh-CN' });
    expect(cn.subject).toContain('退货');
    const voided = renderMemberNotice({ ...facts, kind: 'post-void' }, style);
    expect(voided.text).toContain('was cancelled after it was completed');
  });

  it("shows no tier note on retail lines nor on a return's lines", () => {
    const retail = renderMemberNotice(
      { ...facts, lines: [{ ...facts.lines[0]!, priceTier: 'retail', retailUnitPrice: null, serial: null }] },
      style,
    );
    expect(retail.text).toContain('1 x Limited brooch <No. 7>: TWD 18000\n');
    const ret = renderMemberNotice({ ...facts, kind: 'return', lines: [{ ...facts.lines[0]!, unitPrice: null, priceTier: null }] }, style);
    expect(ret.text).not.toContain('price, regular');
  });
});

describe('the "this wasn\'t me" pages', () => {
  it('ask by a POST form carrying the token, escaped', () => {
    const page = confirmationPage(facts, style, 'tok"en<', '/notices/not-me');
    expect(page).toContain('<form method="post" action="/notices/not-me">');
    expect(page).toContain('value="tok&quot;en&lt;"');
    expect(page).toContain('Limited brooch &lt;No. 7&gt;');
    expect(page).not.toMatch(/<script/i);
  });

  it('say plainly what happened', () => {
    expect(recordedPage('en', 7, false)).toContain('We have recorded your report (reference 7)');
    expect(recordedPage('en', 7, true)).toContain('You have already reported this purchase (reference 7)');
    expect(refusedPage('en', 'invalid')).toContain('This link is not valid.');
    expect(refusedPage('zh-TW', 'expired')).toContain('此連結已過期');
    expect(refusedPage('zh-CN', 'failed')).toContain('请稍后再试');
  });
});
