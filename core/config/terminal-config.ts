import { z } from 'zod';
import { lossRulesSchema } from '../loss/loss-scan.ts';
import { taxConfigSchema } from '../money/tax.ts';
import { cashRoundingRuleSchema } from '../money/cash-rounding.ts';
import { roundingModeSchema } from '../money/rounding.ts';
import { scanConfigSchema } from '../catalog/barcode.ts';
import { DEFAULT_ROLES, PERMISSIONS } from './permissions.ts';
import { devicesConfigSchema } from './devices.ts';
import { fiscalConfigSchema } from './fiscal-config.ts';

// One terminal's configuration. Secrets (signing key, HQ credentials) never live here. The one
// key it holds is the Taiwan e-invoice QR code key (fiscal.qrKey): the whole business shares it
// and prints it, encrypted, on every invoice; it is never logged or shown (docs/einvoice.md).

const permission = z.enum(PERMISSIONS);
const tierName = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/);
const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, ".", "_" and "-" only, up to 64');

export const LOCALES = ['en', 'zh-TW', 'zh-CN'] as const;

/** The till locks itself after this long without input unless the config says otherwise. */
export const DEFAULT_IDLE_LOCK_SECONDS = 300;

/** An https:// address without user name or password in it (secrets never live in the config). */
const httpsUrl = z
  .url({ protocol: /^https$/, error: 'an https:// address' })
  .max(2048)
  .refine((u) => !/^https:\/\/[^/?#]*@/i.test(u), 'a user name or password does not go in the config file: store it as a secret');

/** Whether this runtime's time-zone data knows `name` (the same check every date on a receipt will make). */
export function isKnownTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** ISO 4217 codes of currencies in use (Intl's list leaves out test and precious-metal codes such as XXX and XAU). */
export function isKnownCurrency(code: string): boolean {
  return Intl.supportedValuesOf('currency').includes(code);
}

export const timeZoneSchema = z
  .string()
  .min(1)
  .max(64, { abort: true })
  .refine(isKnownTimeZone, { error: (i) => `"${String(i.input)}" is not a known time zone: use an IANA name such as "Asia/Taipei"` });

export const currencyCodeSchema = z
  .string()
  .regex(/^[A-Z]{3}$/, { abort: true })
  .refine(isKnownCurrency, { error: (i) => `"${String(i.input)}" is not an ISO 4217 currency code (such as "TWD", "CNY", "USD")` });

export const terminalConfigSchema = z.strictObject({
  store: z.strictObject({
    storeId: id,
    name: z.string().min(1).max(80),
    address: z.array(z.string().max(80)).max(4).default([]),
    taxNumber: z.string().max(40).optional(),
    timeZone: timeZoneSchema,
    /** Local hour (0-23) when a new business day starts, for stores open past midnight. */
    rolloverHour: z.number().int().min(0).max(23).default(0),
    currency: currencyCodeSchema,
    locale: z.enum(LOCALES).default('en'),
  }),
  terminal: z.strictObject({ terminalId: id }),
  tax: taxConfigSchema,
  cashRounding: cashRoundingRuleSchema.default({ increment: 1, mode: 'half-up' }),
  pricing: z
    .strictObject({
      tiers: z.array(tierName).min(1).default(['retail', 'member', 'vip']),
      defaultTier: z.string().default('retail'),
      /** Rounding of quantity x unit price (weighed goods) and of percentage discounts. */
      roundingMode: roundingModeSchema.default('half-up'),
      /** Display names of price tiers (HQ's `price-tier` records). */
      tierNames: z.record(tierName, z.string().min(1).max(64)).default({}),
      /** Member tiers (HQ's `member-tier` records): the price tier a member of that tier buys at. Unlisted: the member tier is the price tier. */
      memberTiers: z.record(tierName, z.strictObject({ name: z.string().min(1).max(64), priceTier: tierName })).default({}),
    })
    .refine((p) => Object.values(p.memberTiers).every((m) => p.tiers.includes(m.priceTier)), {
      message: 'a member tier maps to a price tier that is not in pricing.tiers',
    })
    .default({ tiers: ['retail', 'member', 'vip'], defaultTier: 'retail', roundingMode: 'half-up', tierNames: {}, memberTiers: {} }),
  scan: scanConfigSchema.default({ variableMeasure: [], eightDigit: 'ean-8' }),
  /**
   * Department names by language, keyed by the catalogue's department code ("hot-food":
   * { en: "Hot food", "zh-TW": "熱食" }). Screens and reports show these; a code without a name
   * is shown as words ("Hot food"), never as the code.
   */
  departments: z.record(z.string().min(1).max(64), z.partialRecord(z.enum(LOCALES), z.string().trim().min(1).max(64))).default({}),
  /**
   * Quick keys on the sale screen, in this order: touch buttons for items without a barcode
   * (a bag, loose produce). A key whose product is not in the catalogue is not shown.
   */
  quickKeys: z
    .array(
      z.strictObject({
        productId: z.string({ error: 'quickKeys: each key needs a productId' }).min(1, 'quickKeys: each key needs a productId').max(128),
        /** The button's text by language; without one the product's name is shown. */
        label: z.partialRecord(z.enum(LOCALES), z.string().trim().min(1).max(32, 'quickKeys: a label is at most 32 characters')).optional(),
      }),
    )
    .max(24, 'quickKeys: at most 24 quick keys')
    .refine((keys) => new Set(keys.map((k) => k.productId)).size === keys.length, { message: 'quickKeys: a product has two quick keys' })
    .default([]),
  roles: z
    .strictObject({
      cashier: z.array(permission),
      supervisor: z.array(permission),
      manager: z.array(permission),
      admin: z.array(permission),
    })
    .default(DEFAULT_ROLES),
  approvals: z
    .strictObject({
      /** Discounts together up to this share of the sale (percent, 10 = 10 %) need only 'sale.discount'; above, 'sale.discount.large'. Default 10. */
      discountPercent: z
        .number()
        .min(0)
        .max(100)
        .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-9, 'approvals.discountPercent: a percentage with at most two decimals')
        .optional(),
      /** ...and up to this amount, in the currency's major units (500 = NT$500). Default: a small sum per currency (TWD 500, USD 20, JPY 2000). */
      discountAmountMajor: z.number().nonnegative().max(1e9).optional(),
      /** Older name of discountPercent, in basis points (1000 = 10 %); read when discountPercent is not set. */
      discountPercentBp: z.number().int().min(0).max(10_000).optional(),
      /** Older name of discountAmountMajor, in minor units (5000 = NT$5,000 where prices have no cents); read when discountAmountMajor is not set. */
      discountAmount: z.number().int().nonnegative().optional(),
      /** Reprints after this many copies need 'receipt.reprint'. */
      freeReprints: z.number().int().nonnegative().default(1),
    })
    .default({ freeReprints: 1 }),
  security: z
    .strictObject({
      pinMaxAttempts: z.number().int().min(1).max(20).default(5),
      lockoutMinutes: z
        .number()
        .int()
        .min(1)
        .max(24 * 60)
        .default(15),
    })
    .default({ pinMaxAttempts: 5, lockoutMinutes: 15 }),
  members: z
    .strictObject({
      /** RFC 6238 time step of member app codes. */
      tokenStepSeconds: z.number().int().min(10).max(300).default(30),
      /** Steps either side of now still accepted (clock drift). */
      tokenSkewSteps: z.number().int().min(0).max(5).default(1),
      /** Codes older than the window but this recent are reported as expired rather than invalid. */
      expiredLookbackSteps: z.number().int().min(0).max(2880).default(120),
      /**
       * Failed member verifications (wrong app codes, unknown cards) at this till, or naming one
       * member, that make member codes need a manager; counted over the last `windowMinutes`.
       */
      codeLockout: z
        .strictObject({
          maxFailures: z.number().int().min(1).max(100).default(5),
          windowMinutes: z
            .number()
            .int()
            .min(1)
            .max(24 * 60)
            .default(10),
        })
        .default({ maxFailures: 5, windowMinutes: 10 }),
      /** Member searches one operator may make in `windowMinutes` (issue #15), and the most results one shows. */
      search: z
        .strictObject({
          maxSearches: z.number().int().min(1).max(1000).default(20),
          windowMinutes: z
            .number()
            .int()
            .min(1)
            .max(24 * 60)
            .default(10),
          maxResults: z.number().int().min(1).max(20).default(5),
        })
        .default({ maxSearches: 20, windowMinutes: 10, maxResults: 5 }),
      /** The tier a customer who joins at the till starts in. */
      newMemberTier: z
        .string()
        .regex(/^[a-z][a-z0-9-]{0,31}$/)
        .default('member'),
    })
    .default({
      tokenStepSeconds: 30,
      tokenSkewSteps: 1,
      expiredLookbackSteps: 120,
      codeLockout: { maxFailures: 5, windowMinutes: 10 },
      search: { maxSearches: 20, windowMinutes: 10, maxResults: 5 },
      newMemberTier: 'member',
    }),
  receipt: z
    .strictObject({
      /** Characters per line: 48 for 80 mm paper at font A, 32 for 58 mm. */
      width: z.number().int().min(24).max(64).default(48),
      header: z.array(z.string().max(64)).max(6).default([]),
      footer: z.array(z.string().max(64)).max(6).default([]),
      /** Electronic receipts may be sent to the member's e-mail on file. */
      emailEnabled: z.boolean().default(false),
    })
    .default({ width: 48, header: [], footer: [], emailEnabled: false }),
  till: z
    .strictObject({
      /** Notes and coins in minor units, largest first; empty = the currency's usual set. */
      denominations: z.array(z.number().int().positive()).default([]),
      /** Over/short beyond this (minor units, either way) needs a co-sign with a reason, by default a manager's (permission `till.cosign`). */
      overShortThreshold: z.number().int().nonnegative().default(100),
      /** Cash may be taken only into a drawer session opened with a counted float. */
      requireSession: z.boolean().default(true),
      /** A card batch difference beyond this (minor units, either way) needs a co-sign; unset: the over/short threshold. */
      cardBatchThreshold: z.number().int().nonnegative().optional(),
    })
    .default({ denominations: [], overShortThreshold: 100, requireSession: true }),
  devices: devicesConfigSchema.default({}),
  /** The signed-in operator's session at the till. */
  session: z
    .strictObject({
      /** Seconds without input before the till locks itself (the sale is kept); 0 = never. */
      idleLockSeconds: z
        .number({ error: 'session.idleLockSeconds: whole seconds, 0 (never) to 86400' })
        .int('session.idleLockSeconds: whole seconds, 0 (never) to 86400')
        .min(0, 'session.idleLockSeconds: whole seconds, 0 (never) to 86400')
        .max(86_400, 'session.idleLockSeconds: whole seconds, 0 (never) to 86400')
        .default(DEFAULT_IDLE_LOCK_SECONDS),
    })
    .optional(),
  // Sections read by the desktop shell (electron/). Optional, so a config written before
  // they existed stays valid and code building a TerminalConfig need not name them.
  /** How the app takes the screens. */
  kiosk: z
    .strictObject({
      /** 'window': an ordinary window; 'fullscreen'; 'kiosk': fullscreen the cashier cannot leave. */
      mode: z.enum(['window', 'fullscreen', 'kiosk']).default('window'),
      /** Show the customer display on a second screen whenever one is attached. */
      customerDisplay: z.enum(['auto', 'off']).default('auto'),
    })
    .optional(),
  /** Start Tillproof when the terminal's user logs in. */
  autoStart: z.strictObject({ enabled: z.boolean().default(false) }).optional(),
  /** The fiscal profile (fiscal-config.ts): absent or "none", or "tw-einvoice" with the store's UBN and QR code key. */
  fiscal: fiscalConfigSchema.optional(),
  /** The loss-prevention rules the till's Loss prevention screen scans with (core/loss/loss-scan.ts); defaults when absent. */
  lossRules: lossRulesSchema.optional(),
  /** Headquarters: where the ledger is pushed and updates come from. Credentials never go here. */
  hq: z
    .strictObject({
      url: httpsUrl,
      /** The update feed (a generic electron-updater server); no automatic updates without it. */
      updatesUrl: httpsUrl.optional(),
      autoUpdate: z.boolean().default(true),
    })
    .optional(),
});

export type TerminalConfig = z.output<typeof terminalConfigSchema>;
export type TerminalConfigInput = z.input<typeof terminalConfigSchema>;
export type Locale = (typeof LOCALES)[number];
