// The names a person reads for things the catalogue and the config know by a code: a product in
// the UI language, a department, a tender. The screens, the printed X/Z and the exported report
// all take their names from here, so a dialog never shows a different name than the sale line.

/** Names by language ('en', 'zh-TW', 'zh-CN'), as the catalogue and the config carry them. */
export type NamesByLanguage = Readonly<Record<string, string>>;

/** The name in `locale`, else in its language without the region ('zh' for 'zh-CN'); undefined when neither is there. */
function inLanguage(names: NamesByLanguage | undefined, locale: string): string | undefined {
  if (!names) return undefined;
  return names[locale] ?? names[locale.split('-')[0] ?? ''];
}

/** The product's name in the UI language when the catalogue has one, else its catalogue name: the name the sale line shows. */
export function productName(p: { name: string; names?: NamesByLanguage | undefined }, locale: string): string {
  return inLanguage(p.names, locale) ?? p.name;
}

/** A code such as "hot-food" or "paid_out" as words ("Hot food"), for a code no name was given for. */
export function readableCode(code: string): string {
  const words = code.replace(/[-_:.]+/g, ' ').trim();
  if (words === '') return code;
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A department's name in `locale`, from the config's `departments`: the language asked, else English, else the code as words. */
export function departmentName(code: string, departments: Readonly<Record<string, NamesByLanguage>> | undefined, locale: string): string {
  const names = departments?.[code];
  return inLanguage(names, locale) ?? names?.['en'] ?? readableCode(code);
}

const TENDER_NAMES: Readonly<Record<string, NamesByLanguage>> = {
  cash: { en: 'Cash', 'zh-TW': '現金', 'zh-CN': '现金' },
  card: { en: 'Card', 'zh-TW': '信用卡', 'zh-CN': '银行卡' },
  voucher: { en: 'Voucher', 'zh-TW': '禮券', 'zh-CN': '礼券' },
  other: { en: 'Other payment', 'zh-TW': '其他付款', 'zh-CN': '其他付款' },
  giftcard: { en: 'Gift card', 'zh-TW': '禮物卡', 'zh-CN': '礼品卡' },
};

/** A tender type's name in `locale` (cash, card, voucher, gift card, other); an unknown type as words. */
export function tenderName(type: string, locale: string): string {
  const names = TENDER_NAMES[type];
  return inLanguage(names, locale) ?? names?.['en'] ?? readableCode(type);
}
