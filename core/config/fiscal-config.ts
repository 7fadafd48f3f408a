// The store's fiscal profile: which receipts the law of its country asks for. Without one
// (or with "none") the till prints its own receipts only. "tw-einvoice": every sale is a
// Taiwan uniform e-invoice (統一發票), see docs/einvoice.md.
import { z } from 'zod';
import { checkUbn } from '../fiscal/tw-einvoice/ubn.ts';

export const FISCAL_PROFILES = ['none', 'tw-einvoice'] as const;

/** Warn when fewer invoice numbers than this are left in the till's ranges, unless the config says otherwise. */
export const DEFAULT_LOW_NUMBERS_WARNING = 200;

const sellerUbn = z.string({ error: "fiscal.sellerUbn: the store's 8-digit 統一編號 (UBN)" }).superRefine((u, ctx) => {
  const check = checkUbn(u);
  if (!check.ok) ctx.addIssue({ code: 'custom', message: `fiscal.sellerUbn: ${check.message}` });
});

// The message never repeats the value: this key is the business's.
const qrKey = z
  .string({ error: 'fiscal.qrKey: the 32 hex digits of the QR code key from the MOF key tool' })
  .regex(
    /^[0-9A-Fa-f]{32}$/,
    'fiscal.qrKey: the QR code key is 32 hex digits (AES-128) from the MOF key tool (see docs/einvoice.md); the value given is not',
  );

export const fiscalConfigSchema = z.discriminatedUnion(
  'profile',
  [
    z.strictObject({ profile: z.literal('none') }),
    z.strictObject({
      profile: z.literal('tw-einvoice'),
      /** The store's own UBN (賣方統一編號), printed on the 證明聯 and in the QR code. */
      sellerUbn,
      /** The business's AES-128 key (32 hex) for the QR code's verification field. Never logged or shown. */
      qrKey,
      /** Numbers left in the till's ranges below which the till warns that it will run out. */
      lowNumbersWarning: z
        .number()
        .int('fiscal.lowNumbersWarning: a whole number of invoice numbers')
        .min(0, 'fiscal.lowNumbersWarning: 0 (no warning) or more')
        .max(100_000, 'fiscal.lowNumbersWarning: at most 100000')
        .default(DEFAULT_LOW_NUMBERS_WARNING),
      /** How the item names are written in the QR codes: UTF-8 text (flag 1) or UTF-8 in Base64 (flag 2). */
      qrItemEncoding: z.enum(['utf-8', 'base64']).default('utf-8'),
    }),
  ],
  { error: `fiscal.profile: one of ${FISCAL_PROFILES.map((p) => `"${p}"`).join(', ')}` },
);

export type FiscalConfig = z.output<typeof fiscalConfigSchema>;
export type TwEInvoiceConfig = Extract<FiscalConfig, { profile: 'tw-einvoice' }>;

/** The Taiwan e-invoice settings when that is the profile, else null. */
export function twEInvoiceConfig(fiscal: FiscalConfig | undefined): TwEInvoiceConfig | null {
  return fiscal?.profile === 'tw-einvoice' ? fiscal : null;
}
