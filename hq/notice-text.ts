import { minorDigitsOf } from '../core/money/currency.ts';
import { formatMinor } from '../core/money/money.ts';
import { escapeHtml } from './receipt-mail.ts';

// What a member reads: the purchase notice (e-mail, SMS, LINE) and the "this wasn't me" pages,
// in the three languages the store can choose. Pure: the facts come from the ledger entries
// (member-notices.ts), the link from notice-token.ts.

export type NoticeLocale = 'en' | 'zh-TW' | 'zh-CN';
export type NoticeKind = 'sale' | 'return' | 'post-void';

export interface NoticeLine {
  name: string;
  qtyMilli: number;
  /** Unit price charged, and the price tier it came from (sales; null on a return's lines). */
  unitPrice: number | null;
  priceTier: string | null;
  /** The product's retail price at HQ when the line was charged another tier's price. */
  retailUnitPrice: number | null;
  amount: number;
  serial: string | null;
}

export interface NoticeFacts {
  kind: NoticeKind;
  terminalId: string;
  seq: number;
  storeId: string;
  /** When the entry was completed (UTC ISO-8601). */
  endedAt: string;
  receiptNo: number | null;
  currency: string;
  amount: number;
  memberId: string;
  memberName: string | null;
  memberTier: string | null;
  lines: NoticeLine[];
  /** Who sold it (the sale's salesperson(s), else its cashier) and who rang this entry up. */
  salespersons: Array<{ staffId: string; name: string | null }>;
  cashier: { staffId: string; name: string | null } | null;
}

export interface NoticeStyle {
  storeName: string;
  timeZone: string;
  locale: NoticeLocale;
  /** The signed "this wasn't me" link, and when it stops working (UTC ISO-8601). */
  link: string;
  linkExpiresAt: string;
}

export interface RenderedNotice {
  subject: string;
  text: string;
  html: string;
  /** SMS / LINE: the essentials and the link. */
  short: string;
}

interface Strings {
  subject: Record<NoticeKind, (store: string, amount: string) => string>;
  intro: Record<NoticeKind, (memberId: string) => string>;
  store: string;
  time: string;
  receipt: string;
  servedBy: string;
  cashier: string;
  items: string;
  total: string;
  serial: string;
  tierPrice: (tier: string, retail: string | null) => string;
  notMe: (until: string) => string;
  notMeButton: string;
  pageTitle: string;
  pageAsk: string;
  commentLabel: string;
  recorded: (ref: number) => string;
  alreadyRecorded: (ref: number) => string;
  invalidTitle: string;
  invalid: string;
  expired: string;
  failed: string;
}

const STRINGS: Record<NoticeLocale, Strings> = {
  en: {
    subject: {
      sale: (s, a) => `${s}: a purchase of ${a} on your membership`,
      return: (s, a) => `${s}: a return of ${a} on your membership`,
      'post-void': (s, a) => `${s}: a purchase of ${a} on your membership was cancelled`,
    },
    intro: {
      sale: (m) => `A purchase was recorded on your membership ${m}.`,
      return: (m) => `A return was recorded on your membership ${m}.`,
      'post-void': (m) => `A purchase on your membership ${m} was cancelled after it was completed.`,
    },
    store: 'Store',
    time: 'Time',
    receipt: 'Receipt',
    servedBy: 'Served by',
    cashier: 'Cashier',
    items: 'Items',
    total: 'Total',
    serial: 'serial',
    tierPrice: (t, r) => `${t} price${r ? `, regular ${r}` : ''}`,
    notMe: (u) => `Not you? If you did not make this purchase, tell us (the link works until ${u}):`,
    notMeButton: 'This was not me',
    pageTitle: 'Was this you?',
    pageAsk: 'If you did not make this purchase, report it. Our loss prevention team will look into it.',
    commentLabel: 'Anything you want to add (optional)',
    recorded: (n) => `Thank you. We have recorded your report (reference ${n}). Our loss prevention team will look into it.`,
    alreadyRecorded: (n) => `You have already reported this purchase (reference ${n}). Our loss prevention team will look into it.`,
    invalidTitle: 'This link does not work',
    invalid: 'This link is not valid. Use the link exactly as it came in the notice, or contact the store.',
    expired: 'This link has expired. Please contact the store about this purchase.',
    failed: 'Something went wrong on our side. Please try again later.',
  },
  'zh-TW': {
    subject: {
      sale: (s, a) => `${s}：您的會員帳戶有一筆 ${a} 的消費`,
      return: (s, a) => `${s}：您的會員帳戶有一筆 ${a} 的退貨`,
      'post-void': (s, a) => `${s}：您會員帳戶的一筆 ${a} 消費已作廢`,
    },
    intro: {
      sale: (m) => `您的會員帳戶 ${m} 有一筆消費紀錄。`,
      return: (m) => `您的會員帳戶 ${m} 有一筆退貨紀錄。`,
      'post-void': (m) => `您會員帳戶 ${m} 的一筆消費在結帳後已作廢。`,
    },
    store: '門市',
    time: '時間',
    receipt: '收據',
    servedBy: '銷售人員',
    cashier: '收銀員',
    items: '品項',
    total: '金額',
    serial: '序號',
    tierPrice: (t, r) => `${t} 價格${r ? `，原價 ${r}` : ''}`,
    notMe: (u) => `不是您本人？如果這不是您的消費，請告訴我們（連結有效至 ${u}）：`,
    notMeButton: '這不是我',
    pageTitle: '這是您的消費嗎？',
    pageAsk: '如果這不是您的消費，請回報。我們的稽核人員會調查。',
    commentLabel: '補充說明（選填）',
    recorded: (n) => `謝謝您。我們已記錄您的回報（編號 ${n}），稽核人員會調查。`,
    alreadyRecorded: (n) => `您已回報過這筆消費（編號 ${n}），稽核人員會調查。`,
    invalidTitle: '此連結無法使用',
    invalid: '此連結無效。請使用通知中的原始連結，或聯絡門市。',
    expired: '此連結已過期。請就這筆消費聯絡門市。',
    failed: '系統發生問題，請稍後再試。',
  },
  'zh-CN': {
    subject: {
      sale: (s, a) => `${s}：您的会员账户有一笔 ${a} 的消费`,
      return: (s, a) => `${s}：您的会员账户有一笔 ${a} 的退货`,
      'post-void': (s, a) => `${s}：您会员账户的一笔 ${a} 消费已作废`,
    },
    intro: {
      sale: (m) => `您的会员账户 ${m} 有一笔消费记录。`,
      return: (m) => `您的会员账户 ${m} 有一笔退货记录。`,
      'post-void': (m) => `您会员账户 ${m} 的一笔消费在结账后已作废。`,
    },
    store: '门店',
    time: '时间',
    receipt: '收据',
    servedBy: '销售人员',
    cashier: '收银员',
    items: '商品',
    total: '金额',
    serial: '序列号',
    tierPrice: (t, r) => `${t} 价格${r ? `，原价 ${r}` : ''}`,
    notMe: (u) => `不是您本人？如果这不是您的消费，请告诉我们（链接有效至 ${u}）：`,
    notMeButton: '这不是我',
    pageTitle: '这是您的消费吗？',
    pageAsk: '如果这不是您的消费，请报告。我们的稽核人员会调查。',
    commentLabel: '补充说明（选填）',
    recorded: (n) => `谢谢您。我们已记录您的报告（编号 ${n}），稽核人员会调查。`,
    alreadyRecorded: (n) => `您已报告过这笔消费（编号 ${n}），稽核人员会调查。`,
    invalidTitle: '此链接无法使用',
    invalid: '此链接无效。请使用通知中的原始链接，或联系门店。',
    expired: '此链接已过期。请就这笔消费联系门店。',
    failed: '系统出现问题，请稍后再试。',
  },
};

function money(minor: number, currency: string): string {
  return `${currency} ${formatMinor(minor, minorDigitsOf(currency))}`;
}

function when(iso: string, style: Pick<NoticeStyle, 'timeZone' | 'locale'>): string {
  return new Intl.DateTimeFormat(style.locale, { timeZone: style.timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

function qty(qtyMilli: number): string {
  return qtyMilli % 1000 === 0 ? String(qtyMilli / 1000) : (qtyMilli / 1000).toFixed(3);
}

function staffName(p: { staffId: string; name: string | null }): string {
  return p.name ? `${p.name} (${p.staffId})` : p.staffId;
}

/** One line per item: quantity, name, serial, amount, and the tier price when not retail. */
function lineTexts(facts: NoticeFacts, s: Strings): string[] {
  return facts.lines.map((l) => {
    const tier =
      l.priceTier && l.priceTier !== 'retail' && l.unitPrice !== null
        ? ` [${money(l.unitPrice, facts.currency)}: ${s.tierPrice(l.priceTier, l.retailUnitPrice === null ? null : money(l.retailUnitPrice, facts.currency))}]`
        : '';
    return `${qty(l.qtyMilli)} x ${l.name}${l.serial ? ` (${s.serial} ${l.serial})` : ''}: ${money(l.amount, facts.currency)}${tier}`;
  });
}

export function renderMemberNotice(facts: NoticeFacts, style: NoticeStyle): RenderedNotice {
  const s = STRINGS[style.locale];
  const total = money(facts.amount, facts.currency);
  const subject = s.subject[facts.kind](style.storeName, total);
  const details: Array<[string, string]> = [
    [s.store, style.storeName],
    [s.time, when(facts.endedAt, style)],
    ...(facts.receiptNo !== null ? [[s.receipt, `${facts.terminalId} #${facts.receiptNo}`] as [string, string]] : []),
    ...(facts.salespersons.length ? [[s.servedBy, facts.salespersons.map(staffName).join(', ')] as [string, string]] : []),
    ...(facts.cashier ? [[s.cashier, staffName(facts.cashier)] as [string, string]] : []),
    [s.total, total],
  ];
  const lines = lineTexts(facts, s);
  const until = when(style.linkExpiresAt, style);
  const text = [
    s.intro[facts.kind](facts.memberId),
    '',
    ...details.map(([k, v]) => `${k}: ${v}`),
    '',
    `${s.items}:`,
    ...lines.map((l) => `  ${l}`),
    '',
    s.notMe(until),
    style.link,
    '',
  ].join('\n');
  const e = escapeHtml;
  const href = /^https?:\/\//i.test(style.link) ? style.link : null;
  const html = [
    '<!doctype html>',
    `<html lang="${e(style.locale)}"><head><meta charset="utf-8"><title>${e(subject)}</title></head>`,
    '<body style="margin:0;padding:16px;background:#f4f5f7;color:#111;font-family:sans-serif">',
    '<div style="max-width:36em;margin:0 auto;background:#fff;padding:16px 20px;border-radius:8px">',
    `<p>${e(s.intro[facts.kind](facts.memberId))}</p>`,
    '<table style="border-collapse:collapse">',
    ...details.map(([k, v]) => `<tr><th style="text-align:left;padding:2px 12px 2px 0">${e(k)}</th><td>${e(v)}</td></tr>`),
    '</table>',
    `<p style="margin:12px 0 4px"><b>${e(s.items)}</b></p>`,
    `<ul style="margin:0;padding-left:20px">${lines.map((l) => `<li>${e(l)}</li>`).join('')}</ul>`,
    `<p style="margin:16px 0 4px">${e(s.notMe(until))}</p>`,
    href ? `<p><a href="${e(href)}">${e(s.notMeButton)}</a></p>` : `<p>${e(style.link)}</p>`,
    '</div></body></html>',
  ].join('\n');
  const short = [subject, `${s.time}: ${when(facts.endedAt, style)}`, s.notMe(until), style.link].join('\n');
  return { subject, text, html, short };
}

// ---------------------------------------------------------------------------------------------
// The pages behind the link: no scripts, no remote content, every value escaped.

function page(locale: NoticeLocale, title: string, body: string[]): string {
  const e = escapeHtml;
  return [
    '<!doctype html>',
    `<html lang="${e(locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${e(title)}</title></head>`,
    '<body style="margin:0;padding:16px;background:#f4f5f7;color:#111;font-family:sans-serif">',
    '<main style="max-width:36em;margin:0 auto;background:#fff;padding:16px 20px;border-radius:8px">',
    `<h1 style="font-size:1.3em">${e(title)}</h1>`,
    ...body,
    '</main></body></html>',
  ].join('\n');
}

/** The confirmation page: the purchase, and a form that reports it (a GET never creates anything). */
export function confirmationPage(
  facts: NoticeFacts,
  style: Omit<NoticeStyle, 'link' | 'linkExpiresAt'>,
  token: string,
  action: string,
): string {
  const s = STRINGS[style.locale];
  const e = escapeHtml;
  const total = money(facts.amount, facts.currency);
  return page(style.locale, s.pageTitle, [
    `<p>${e(s.intro[facts.kind](facts.memberId))}</p>`,
    `<p>${e(s.store)}: ${e(style.storeName)}<br>${e(s.time)}: ${e(when(facts.endedAt, style))}<br>${e(s.total)}: ${e(total)}</p>`,
    `<ul>${lineTexts(facts, s)
      .map((l) => `<li>${e(l)}</li>`)
      .join('')}</ul>`,
    `<p>${e(s.pageAsk)}</p>`,
    `<form method="post" action="${e(action)}">`,
    `<input type="hidden" name="t" value="${e(token)}">`,
    `<p><label>${e(s.commentLabel)}<br><textarea name="comment" rows="3" cols="40" maxlength="1000"></textarea></label></p>`,
    `<p><button type="submit">${e(s.notMeButton)}</button></p>`,
    '</form>',
  ]);
}

export function recordedPage(locale: NoticeLocale, disputeId: number, already: boolean): string {
  const s = STRINGS[locale];
  return page(locale, s.pageTitle, [`<p>${escapeHtml(already ? s.alreadyRecorded(disputeId) : s.recorded(disputeId))}</p>`]);
}

export function refusedPage(locale: NoticeLocale, reason: 'invalid' | 'expired' | 'failed'): string {
  const s = STRINGS[locale];
  return page(locale, s.invalidTitle, [`<p>${escapeHtml(s[reason])}</p>`]);
}
