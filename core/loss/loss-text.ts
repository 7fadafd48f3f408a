// What a loss-prevention case says, in the three UI languages. The rules record the facts of a
// case (`LossReason`: who, how many, which entries, against what median); this module words them.
// The English wording is also the case's `explanation` (the CLI's JSON field). Amounts are whole
// minor units as the ledger records them; staff and member ids are printed as recorded.
import type { ExceptionKind } from './staff-exceptions.ts';

export type LossLocale = 'en' | 'zh-TW' | 'zh-CN';
export const LOSS_LOCALES: readonly LossLocale[] = ['en', 'zh-TW', 'zh-CN'];

interface PeerShare {
  staffId: string;
  count: number;
  sales: number;
  from: string;
  to: string;
  share: number;
  median: number;
  staff: number;
  z: number;
}

interface SerialOwner {
  memberId: string | null;
  terminalId: string;
  seq: number;
  day: string;
  receiptNo: number;
}

export type LossReason =
  | {
      rule: 'seed-pattern';
      memberId: string;
      earlier: number;
      staffId: string;
      day: string;
      otherTill: boolean;
      total: number;
      seq: number;
      terminalId: string;
      tierAmount: number;
      presence: string;
      usual: number | null;
    }
  | { rule: 'member-velocity'; memberId: string; count: number; day: string; tills: number; max: number }
  | {
      rule: 'staff-exceptions';
      staffId: string;
      count: number;
      kind: ExceptionKind;
      from: string;
      to: string;
      median: number;
      staff: number;
      z: number;
    }
  | {
      rule: 'refund-other-tender';
      staffId: string | null;
      amount: number;
      tenders: string[];
      seq: number;
      sale: { receiptNo: number; seq: number; day: string; tenders: string[] } | null;
      sameCashier: boolean;
    }
  | {
      rule: 'quick-refund';
      staffId: string;
      total: number;
      tenders: string[];
      seq: number;
      minutes: number;
      saleSeq: number;
      receiptNo: number;
    }
  | ({ rule: 'declined-receipts' | 'no-sale-rate' | 'tier-share' } & PeerShare)
  | { rule: 'serial-anomaly'; variant: 'sold-twice'; serial: string; memberId: string | null; seq: number; day: string; owner: SerialOwner }
  | {
      rule: 'serial-anomaly';
      variant: 'returned-by-other';
      serial: string;
      seq: number;
      day: string;
      receiptNo: number | null;
      owner: SerialOwner;
    }
  | { rule: 'serial-anomaly'; variant: 'returned-in-store'; serial: string; seq: number; day: string }
  | { rule: 'training-activity'; staffId: string; day: string; count: number; cash: number; total: number; minutes: number }
  | { rule: 'drawer-short'; staffId: string; count: number; total: number; from: string; to: string }
  | {
      rule: 'member-code-failures';
      staffId: string;
      day: string;
      count: number;
      replayed: number;
      memberId: string | null;
      members: number;
    };

type Words = Readonly<Record<LossLocale, string>>;

const PRESENCE: Readonly<Record<string, Words>> = {
  'app-code': { en: 'the member app code', 'zh-TW': '會員 App 動態碼', 'zh-CN': '会员 App 动态码' },
  token: { en: 'the member app code', 'zh-TW': '會員 App 動態碼', 'zh-CN': '会员 App 动态码' },
  'card-scanned': { en: 'a scanned member card', 'zh-TW': '掃描會員卡', 'zh-CN': '扫描会员卡' },
  card: { en: 'a member card (scanned or typed)', 'zh-TW': '會員卡（掃描或手動輸入）', 'zh-CN': '会员卡（扫描或手动输入）' },
  manual: { en: 'a typed card or member number (manual lookup)', 'zh-TW': '手動輸入卡號或會員編號', 'zh-CN': '手动输入卡号或会员编号' },
  'manual-lookup': {
    en: 'a typed card or member number (manual lookup)',
    'zh-TW': '手動輸入卡號或會員編號',
    'zh-CN': '手动输入卡号或会员编号',
  },
};

const EXCEPTIONS: Readonly<Record<ExceptionKind, Words>> = {
  lineVoids: { en: 'line voids', 'zh-TW': '次單品取消', 'zh-CN': '次单品取消' },
  saleVoids: { en: 'abandoned sales', 'zh-TW': '筆放棄的交易', 'zh-CN': '笔放弃的交易' },
  postVoids: { en: 'post-voids', 'zh-TW': '次交易後作廢', 'zh-CN': '次交易后作废' },
  noSales: { en: 'no-sales (drawer opened without a sale)', 'zh-TW': '次無交易開錢箱', 'zh-CN': '次无交易开钱箱' },
  manualMembers: { en: 'members attached by manual lookup', 'zh-TW': '次手動查詢帶入會員', 'zh-CN': '次手动查询带入会员' },
  reprints: { en: 'receipt reprints', 'zh-TW': '次補印收據', 'zh-CN': '次补印收据' },
  discountApprovals: { en: 'discounts needing approval', 'zh-TW': '次需核准的折扣', 'zh-CN': '次需核准的折扣' },
  priceOverrides: { en: 'price overrides', 'zh-TW': '次改價', 'zh-CN': '次改价' },
  returnsWithoutReceipt: { en: 'returns without a receipt', 'zh-TW': '次無收據退貨', 'zh-CN': '次无收据退货' },
};

const TENDERS: Readonly<Record<string, Words>> = {
  cash: { en: 'cash', 'zh-TW': '現金', 'zh-CN': '现金' },
  card: { en: 'card', 'zh-TW': '信用卡', 'zh-CN': '银行卡' },
  voucher: { en: 'a voucher', 'zh-TW': '禮券', 'zh-CN': '礼券' },
  other: { en: 'another tender', 'zh-TW': '其他付款方式', 'zh-CN': '其他付款方式' },
};

function tenders(types: readonly string[], locale: LossLocale): string {
  const names = [...new Set(types.map((t) => TENDERS[t]?.[locale] ?? t))];
  return names.join(locale === 'en' ? ' and ' : '、');
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const who = (memberId: string | null, locale: LossLocale) =>
  memberId
    ? locale === 'en'
      ? `member ${memberId}`
      : `會員 ${memberId}`
    : { en: 'a walk-in customer', 'zh-TW': '非會員顧客', 'zh-CN': '非会员顾客' }[locale];
/** zh-TW text to zh-CN for the few characters the shared phrases use. */
const simplified = (text: string) => text.replace(/會員/g, '会员');

/** The case in words, for a manager or a member of loss prevention reading it in `locale`. */
export function explainLoss(r: LossReason, locale: LossLocale): string {
  const text = words(r, locale);
  return locale === 'zh-CN' ? simplified(text) : text;
}

function words(r: LossReason, l: LossLocale): string {
  const en = l === 'en';
  const tw = l === 'zh-TW';
  switch (r.rule) {
    case 'seed-pattern': {
      const presence = PRESENCE[r.presence]?.[l] ?? r.presence;
      if (en)
        return (
          `Member ${r.memberId} bought ${r.earlier === 1 ? 'once' : `${r.earlier} times`} from ${r.staffId} earlier on ${r.day}` +
          `${r.otherTill ? ' at another till' : ''}, then ${r.total} at seq ${r.seq}${r.otherTill ? ` of ${r.terminalId}` : ''}, ${r.tierAmount} of it at the member's tier price, ` +
          `with the member attached by ${presence}` +
          (r.usual !== null ? ` and a usual basket of ${r.usual}` : ' and no other day on record') +
          '.'
        );
      return (
        `會員 ${r.memberId} ${tw ? '於' : '于'} ${r.day} ${tw ? '稍早已向' : '稍早已向'} ${r.staffId} ${tw ? '購買' : '购买'} ${r.earlier} 次` +
        `${r.otherTill ? (tw ? '（在另一台收銀機）' : '（在另一台收银机）') : ''}，` +
        `${tw ? '之後在' : '之后在'} ${r.otherTill ? `${r.terminalId} ` : ''}${tw ? '序號' : '序号'} ${r.seq} ${tw ? '又買了' : '又买了'} ${r.total}，` +
        `其中 ${r.tierAmount} ${tw ? '以會員等級價計價' : '以会员等级价计价'}，` +
        `${tw ? '會員以' : '会员以'}${presence}${tw ? '帶入' : '带入'}` +
        (r.usual !== null
          ? `，${tw ? '平常每次消費約' : '平常每次消费约'} ${r.usual}`
          : tw
            ? '，沒有其他日期的消費紀錄'
            : '，没有其他日期的消费记录') +
        '。'
      );
    }
    case 'member-velocity':
      if (en)
        return (
          `Member ${r.memberId} made ${r.count} purchases on ${r.day}` +
          `${r.tills > 1 ? ` at ${r.tills} tills` : ''}, more than the ${r.max} a day the rules allow.`
        );
      return `會員 ${r.memberId} 於 ${r.day} ${r.tills > 1 ? (tw ? `在 ${r.tills} 台收銀機` : `在 ${r.tills} 台收银机`) : ''}消費 ${r.count} 次，${tw ? '超過規則允許的每日' : '超过规则允许的每日'} ${r.max} 次。`;
    case 'staff-exceptions': {
      const kind = EXCEPTIONS[r.kind][l];
      if (en)
        return (
          `${r.staffId} recorded ${r.count} ${kind} from ${r.from} to ${r.to}, ` +
          `against a median of ${r.median} over ${r.staff} staff (${r.z.toFixed(1)} robust deviations above).`
        );
      return (
        `${r.staffId} ${tw ? '於' : '于'} ${r.from} 至 ${r.to} ${tw ? '記錄了' : '记录了'} ${r.count} ${kind}，` +
        `${r.staff} ${tw ? '位員工的中位數為' : '位员工的中位数为'} ${r.median}（${tw ? '高出' : '高出'} ${r.z.toFixed(1)} ${tw ? '個穩健標準差' : '个稳健标准差'}）。`
      );
    }
    case 'refund-other-tender': {
      const staff = r.staffId ?? (en ? 'A cashier' : tw ? '一位收銀員' : '一位收银员');
      if (en)
        return (
          `${staff} refunded ${r.amount} in ${tenders(r.tenders, l)} at seq ${r.seq} for ` +
          (r.sale
            ? `receipt ${r.sale.receiptNo} (seq ${r.sale.seq}, ${r.sale.day}), which was paid by ${tenders(r.sale.tenders, l)}`
            : 'a sale not in these ledgers that was paid otherwise') +
          (r.sameCashier ? ', and had rung up that sale too' : '') +
          '.'
        );
      return (
        `${staff} ${tw ? '在序號' : '在序号'} ${r.seq} ${tw ? '以' : '以'}${tenders(r.tenders, l)}${tw ? '退款' : '退款'} ${r.amount}，` +
        (r.sale
          ? `${tw ? '原交易為收據' : '原交易为收据'} ${r.sale.receiptNo}（${tw ? '序號' : '序号'} ${r.sale.seq}，${r.sale.day}），${tw ? '當時以' : '当时以'}${tenders(r.sale.tenders, l)}${tw ? '付款' : '付款'}`
          : tw
            ? '原交易不在這些帳本中，且以其他方式付款'
            : '原交易不在这些账本中，且以其他方式付款') +
        (r.sameCashier ? (tw ? '，該筆交易也是同一人結帳' : '，该笔交易也是同一人结账') : '') +
        '。'
      );
    }
    case 'quick-refund':
      if (en)
        return (
          `${r.staffId} refunded ${r.total} (${tenders(r.tenders, l)}) at seq ${r.seq}, ` +
          `${r.minutes} minute${r.minutes === 1 ? '' : 's'} after ringing up the sale at seq ${r.saleSeq} (receipt ${r.receiptNo}).`
        );
      return (
        `${r.staffId} ${tw ? '在序號' : '在序号'} ${r.seq} 退款 ${r.total}（${tenders(r.tenders, l)}），` +
        `${tw ? '距離自己在序號' : '距离自己在序号'} ${r.saleSeq} ${tw ? '結帳（收據' : '结账（收据'} ${r.receiptNo}）${tw ? '僅' : '仅'} ${r.minutes} ${tw ? '分鐘' : '分钟'}。`
      );
    case 'declined-receipts':
    case 'no-sale-rate':
    case 'tier-share': {
      const what = {
        'declined-receipts': {
          en: `declined a printed receipt on ${r.count} of ${r.sales} sales`,
          'zh-TW': `在 ${r.sales} 筆交易中有 ${r.count} 筆拒印紙本收據`,
          'zh-CN': `在 ${r.sales} 笔交易中有 ${r.count} 笔拒印纸质收据`,
        },
        'no-sale-rate': {
          en: `opened the drawer without a sale ${r.count} times against ${r.sales} sales`,
          'zh-TW': `在 ${r.sales} 筆交易之外無交易開錢箱 ${r.count} 次`,
          'zh-CN': `在 ${r.sales} 笔交易之外无交易开钱箱 ${r.count} 次`,
        },
        'tier-share': {
          en: `sold at a member tier price on ${r.count} of ${r.sales} sales as salesperson`,
          'zh-TW': `擔任銷售人員的 ${r.sales} 筆交易中有 ${r.count} 筆以會員等級價銷售`,
          'zh-CN': `担任销售人员的 ${r.sales} 笔交易中有 ${r.count} 笔以会员等级价销售`,
        },
      }[r.rule][l];
      if (en)
        return (
          `${r.staffId} ${what} from ${r.from} to ${r.to} (${pct(r.share)}), ` +
          `against a median of ${pct(r.median)} over ${r.staff} staff that week (${r.z.toFixed(1)} robust deviations above).`
        );
      return (
        `${r.staffId} ${tw ? '於' : '于'} ${r.from} 至 ${r.to} ${what}（${pct(r.share)}），` +
        `${tw ? '當週' : '当周'} ${r.staff} ${tw ? '位員工的中位數為' : '位员工的中位数为'} ${pct(r.median)}（${tw ? '高出' : '高出'} ${r.z.toFixed(1)} ${tw ? '個穩健標準差' : '个稳健标准差'}）。`
      );
    }
    case 'serial-anomaly':
      return serialWords(r, l);
    case 'training-activity':
      if (en)
        return (
          `${r.staffId} rang up ${r.count} training sales on ${r.day} (${r.total} in all, ${r.cash} paid in cash) ` +
          `while the till was trading (its drawer open, or between its first and last real sale give or take ${r.minutes} minutes): a customer served in training mode pays without a sale on the books.`
        );
      return tw
        ? `${r.staffId} 於 ${r.day} 在收銀機營業時段（錢箱開啟中，或當日首筆至末筆真實交易前後 ${r.minutes} 分鐘內）以訓練模式結帳 ${r.count} 筆（共 ${r.total}，其中 ${r.cash} 筆現金）：以訓練模式服務的顧客付了錢，帳上卻沒有交易。`
        : `${r.staffId} 于 ${r.day} 在收银机营业时段（钱箱开启中，或当日首笔至末笔真实交易前后 ${r.minutes} 分钟内）以培训模式结账 ${r.count} 笔（共 ${r.total}，其中 ${r.cash} 笔现金）：以培训模式服务的顾客付了钱，账上却没有交易。`;
    case 'drawer-short':
      if (en) return `${r.staffId}'s drawer came up short ${r.count} times from ${r.from} to ${r.to}, ${r.total} in all.`;
      return tw
        ? `${r.staffId} 的錢箱於 ${r.from} 至 ${r.to} 短少 ${r.count} 次，共 ${r.total}。`
        : `${r.staffId} 的钱箱于 ${r.from} 至 ${r.to} 短少 ${r.count} 次，共 ${r.total}。`;
    case 'member-code-failures': {
      const named = r.memberId === null ? '' : r.members > 1 ? ` (mostly ${who(r.memberId, l)})` : ` (all naming ${who(r.memberId, l)})`;
      if (en)
        return (
          `${r.count} member codes or card numbers failed for ${r.staffId} on ${r.day}${named}` +
          (r.replayed ? `, ${r.replayed} of them codes already used` : '') +
          ': a member price tried without the member.'
        );
      const namedZh =
        r.memberId === null ? '' : `（${r.members > 1 ? (tw ? '多數為' : '多数为') : tw ? '皆為' : '皆为'}${who(r.memberId, l)}）`;
      return tw
        ? `${r.staffId} 於 ${r.day} 會員動態碼或卡號驗證失敗 ${r.count} 次${namedZh}${r.replayed ? `，其中 ${r.replayed} 次為已使用過的動態碼` : ''}：會員不在場卻嘗試會員價。`
        : `${r.staffId} 于 ${r.day} 会员动态码或卡号验证失败 ${r.count} 次${namedZh}${r.replayed ? `，其中 ${r.replayed} 次为已使用过的动态码` : ''}：会员不在场却尝试会员价。`;
    }
  }
}

function serialWords(r: Extract<LossReason, { rule: 'serial-anomaly' }>, l: LossLocale): string {
  const en = l === 'en';
  const tw = l === 'zh-TW';
  switch (r.variant) {
    case 'sold-twice':
      if (en)
        return (
          `Serial ${r.serial} was sold to ${who(r.memberId, l)} at seq ${r.seq} (${r.day}) while the ledgers show it ` +
          `sold to ${who(r.owner.memberId, l)} at ${r.owner.terminalId} seq ${r.owner.seq} (${r.owner.day}), with no return in between.`
        );
      return (
        `${tw ? '序號' : '序号'} ${r.serial} ${tw ? '在序號' : '在序号'} ${r.seq}（${r.day}）${tw ? '售予' : '售予'}${who(r.memberId, l)}，` +
        `${tw ? '但帳本顯示它已在' : '但账本显示它已在'} ${r.owner.terminalId} ${tw ? '序號' : '序号'} ${r.owner.seq}（${r.owner.day}）${tw ? '售予' : '售予'}${who(r.owner.memberId, l)}，${tw ? '期間沒有退貨' : '期间没有退货'}。`
      );
    case 'returned-by-other':
      if (en)
        return (
          `Serial ${r.serial} was returned at seq ${r.seq} (${r.day}) ` +
          (r.receiptNo === null ? 'without a receipt' : `against receipt ${r.receiptNo}`) +
          `, but its owner of record is ${who(r.owner.memberId, l)}, from receipt ${r.owner.receiptNo} at ${r.owner.terminalId} seq ${r.owner.seq} (${r.owner.day}).`
        );
      return (
        `${tw ? '序號' : '序号'} ${r.serial} ${tw ? '在序號' : '在序号'} ${r.seq}（${r.day}）` +
        (r.receiptNo === null ? (tw ? '無收據退貨' : '无收据退货') : `${tw ? '憑收據' : '凭收据'} ${r.receiptNo} ${tw ? '退貨' : '退货'}`) +
        `，${tw ? '但登記的擁有者是' : '但登记的拥有者是'}${who(r.owner.memberId, l)}（${tw ? '收據' : '收据'} ${r.owner.receiptNo}，${r.owner.terminalId} ${tw ? '序號' : '序号'} ${r.owner.seq}，${r.owner.day}）。`
      );
    case 'returned-in-store':
      if (en)
        return `Serial ${r.serial} was returned at seq ${r.seq} (${r.day}) while the ledgers show it in the store (never sold, or already returned).`;
      return `${tw ? '序號' : '序号'} ${r.serial} ${tw ? '在序號' : '在序号'} ${r.seq}（${r.day}）${tw ? '退貨，但帳本顯示它仍在店內（從未售出或已退回）' : '退货，但账本显示它仍在店内（从未售出或已退回）'}。`;
  }
}

/** A case's reason and its English wording (the `explanation` the CLI's JSON carries). */
export function explained(reason: LossReason): { reason: LossReason; explanation: string } {
  return { reason, explanation: explainLoss(reason, 'en') };
}
