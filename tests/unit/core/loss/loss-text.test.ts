// A case read by a manager in Taipei or Shanghai: every rule's reason worded in English (as the
// CLI's explanation), Traditional and Simplified Chinese, with the facts that make it checkable.
import { describe, expect, it } from 'vitest';
import { explainLoss, explained, LOSS_LOCALES, type LossReason } from '../../../../core/loss/loss-text.ts';
import { scanLoss } from '../../../../core/loss/loss-scan.ts';
import { lossEntries } from '../../../helpers/loss-entries.ts';

const owner = { memberId: 'M0001', terminalId: 'T-01', seq: 4, day: '2026-03-01', receiptNo: 4 };
const REASONS: LossReason[] = [
  {
    rule: 'seed-pattern',
    memberId: 'M0002',
    earlier: 1,
    staffId: 'S003',
    day: '2026-03-02',
    otherTill: true,
    total: 18_000,
    seq: 812,
    terminalId: 'T-02',
    tierAmount: 18_000,
    presence: 'manual-lookup',
    usual: 2_000,
  },
  { rule: 'member-velocity', memberId: 'M0002', count: 5, day: '2026-03-02', tills: 2, max: 3 },
  {
    rule: 'staff-exceptions',
    staffId: 'S004',
    count: 9,
    kind: 'postVoids',
    from: '2026-03-01',
    to: '2026-03-07',
    median: 1,
    staff: 6,
    z: 4.2,
  },
  {
    rule: 'refund-other-tender',
    staffId: 'S003',
    amount: 20_000,
    tenders: ['cash'],
    seq: 90,
    sale: { receiptNo: 41, seq: 77, day: '2026-03-02', tenders: ['card'] },
    sameCashier: true,
  },
  { rule: 'quick-refund', staffId: 'S003', total: 5_000, tenders: ['cash'], seq: 91, minutes: 7, saleSeq: 88, receiptNo: 44 },
  {
    rule: 'declined-receipts',
    staffId: 'S005',
    count: 41,
    sales: 120,
    from: '2026-03-02',
    to: '2026-03-08',
    share: 0.342,
    median: 0.05,
    staff: 6,
    z: 5.1,
  },
  {
    rule: 'no-sale-rate',
    staffId: 'S005',
    count: 12,
    sales: 100,
    from: '2026-03-02',
    to: '2026-03-08',
    share: 0.12,
    median: 0.02,
    staff: 6,
    z: 4,
  },
  {
    rule: 'tier-share',
    staffId: 'S005',
    count: 30,
    sales: 60,
    from: '2026-03-02',
    to: '2026-03-08',
    share: 0.5,
    median: 0.1,
    staff: 6,
    z: 6,
  },
  { rule: 'serial-anomaly', variant: 'sold-twice', serial: 'W-0042', memberId: 'M0007', seq: 9, day: '2026-03-02', owner },
  { rule: 'serial-anomaly', variant: 'returned-by-other', serial: 'W-0042', seq: 9, day: '2026-03-02', receiptNo: null, owner },
  { rule: 'serial-anomaly', variant: 'returned-in-store', serial: 'W-0042', seq: 9, day: '2026-03-02' },
];

describe('a case in words', () => {
  it('every rule reads in each language, naming its staff, member and entries', () => {
    for (const r of REASONS)
      for (const locale of LOSS_LOCALES) {
        const text = explainLoss(r, locale);
        expect(text, `${r.rule} ${locale}`).toMatch(locale === 'en' ? /\.$/ : /。$/);
        expect(text).not.toMatch(/undefined|null|NaN|\[object/);
        if ('staffId' in r && r.staffId) expect(text).toContain(r.staffId);
        if ('memberId' in r && r.memberId) expect(text).toContain(r.memberId);
        if ('seq' in r) expect(text).toContain(String(r.seq));
      }
  });

  it('words the seed pattern as a manager reads it', () => {
    const seed = REASONS[0]!;
    expect(explainLoss(seed, 'en')).toBe(
      'Member M0002 bought once from S003 earlier on 2026-03-02 at another till, then 18000 at seq 812 of T-02, 18000 of it at the ' +
        "member's tier price, with the member attached by a typed card or member number (manual lookup) and a usual basket of 2000.",
    );
    expect(explainLoss(seed, 'zh-TW')).toContain('會員 M0002');
    expect(explainLoss(seed, 'zh-TW')).toContain('手動輸入卡號或會員編號');
    expect(explainLoss(seed, 'zh-CN')).toContain('会员 M0002');
    expect(explainLoss(seed, 'zh-CN')).toContain('手动输入卡号或会员编号');
    // Simplified text carries no Traditional-only characters of these phrases.
    for (const r of REASONS) expect(explainLoss(r, 'zh-CN')).not.toMatch(/[會員號據銷貨帳錢鐘當週]/);
  });

  it('names tenders and exception kinds in the language, not as codes', () => {
    expect(explainLoss(REASONS[3]!, 'zh-TW')).toContain('現金');
    expect(explainLoss(REASONS[3]!, 'zh-TW')).toContain('信用卡');
    expect(explainLoss(REASONS[3]!, 'zh-CN')).toContain('银行卡');
    expect(explainLoss(REASONS[2]!, 'zh-TW')).toContain('交易後作廢');
    expect(explainLoss(REASONS[2]!, 'en')).toContain('post-voids');
  });

  it("a scan's cases carry their reason, and the English explanation is its wording", () => {
    const { sale } = lossEntries({ tier: 'vip', verification: 'manual-lookup' });
    const cases = scanLoss([
      sale('2026-03-02T02:00:00.000Z', 2_000, { member: 'M0002', verification: 'app-code' }),
      sale('2026-03-02T06:00:00.000Z', 18_000, { member: 'M0002' }),
    ]);
    expect(cases).toHaveLength(1);
    expect(cases[0]!.reason).toMatchObject({ rule: 'seed-pattern', memberId: 'M0002', total: 18_000 });
    expect(cases[0]!.explanation).toBe(explained(cases[0]!.reason).explanation);
    expect(explainLoss(cases[0]!.reason, 'zh-TW')).toMatch(/^會員 M0002/);
  });
});
