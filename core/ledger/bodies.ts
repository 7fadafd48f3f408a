import { z } from 'zod';
import type { LedgerEntry } from './entry.ts';

// Body schemas, one per entry kind. The body is stored as canonical JSON; schemas may only
// grow (new optional fields, new kinds) so that every old entry still parses. A new kind is a
// new key in `entryBodies`: no migration of stored entries is ever needed.

const minor = z.number().int().safe();
const nonNegMinor = minor.nonnegative();
const id = z.string().min(1).max(128);
const text = z.string().max(500);
const currency = z.string().regex(/^[A-Z]{3}$/);
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** A Taiwan e-invoice period: ROC year (3 digits) and its even end month, "11512". */
const invoicePeriodCode = z.string().regex(/^\d{3}(02|04|06|08|10|12)$/);
/** A piece's serial as core/sales/serial.ts normalizes it. */
const serialNo = z.string().min(1).max(64);

/** 'giftcard' (issue #15): a gift card of the chain, its `reference` the card's reference (core/giftcards/card-number.ts), never its number. */
/**
 * 'exchange-credit' (issue #15): the value of an exchange's returned lines, paying its sale; the
 * same amount is a refund of the same kind on the exchange's return. It is neither cash in nor out.
 */
export const tenderType = z.enum(['cash', 'card', 'voucher', 'other', 'giftcard', 'exchange-credit']);
/** A gift card's reference: hex SHA-256 of its number (core/giftcards/card-number.ts). */
const giftCardRef = z.string().regex(/^[0-9a-f]{64}$/);

export const saleLineSchema = z.strictObject({
  lineNo: z.number().int().positive(),
  productId: id,
  sku: id,
  name: z.string().max(200),
  barcode: z.string().max(64).optional(),
  department: z.string().max(64).optional(),
  /** Quantity in thousandths: 1 item = 1000, 0.250 kg = 250. */
  qtyMilli: z.number().int().safe(),
  unitPrice: minor,
  priceTier: z.string().max(32),
  taxClass: z.string().max(32),
  /** Tax rate in basis points (500 = 5.00 %). */
  taxRateBp: z.number().int().min(0).max(100_000),
  discount: nonNegMinor,
  /** Line amount after discount, in the store's tax mode (inclusive or exclusive). */
  amount: minor,
  tax: minor,
  priceOverride: z.strictObject({ originalUnitPrice: minor, reason: text, approvalSeq: z.number().int().positive().optional() }).optional(),
  voided: z.boolean().optional(),
  /**
   * The piece's serial, on a line of a serialized product (issue #14; one piece per line):
   * 'scanned' by a scanner the till drives, or 'typed' (sent by the screen), approved at `approvalSeq`.
   */
  serial: z
    .strictObject({ value: serialNo, entry: z.enum(['scanned', 'typed']), approvalSeq: z.number().int().positive().optional() })
    .optional(),
  /**
   * A weighed line's weight (issue #15): read from the till's scale ('scale'), typed by the
   * cashier ('typed', a loss-prevention signal), or from a scale label ('label'); the tare taken
   * off the scale's weight in grams, preset for the product or keyed at the till.
   */
  weight: z
    .strictObject({
      source: z.enum(['scale', 'typed', 'label']),
      tareGrams: z.number().int().positive().optional(),
      tare: z.enum(['preset', 'keyed']).optional(),
    })
    .optional(),
  /**
   * A gift card sold or topped up on this line (issue #15): the card's reference and last four
   * (never its number) and what it holds once this sale is committed, as this till knew it. The
   * line's amount is the value loaded: a liability, not a sale of goods (no tax, discount or
   * commission). Older tills recorded a card's load as its own `giftcard-issued` entry.
   */
  giftCard: z.strictObject({ cardRef: giftCardRef, last4: z.string().regex(/^\d{4}$/), balance: minor }).optional(),
});

export const tenderSchema = z.strictObject({
  type: tenderType,
  /** Amount applied to the sale (for cash: tendered minus change). */
  amount: minor,
  /** Cash handed over by the customer, when cash. */
  tendered: nonNegMinor.optional(),
  change: nonNegMinor.optional(),
  reference: z.string().max(64).optional(),
  last4: z
    .string()
    .regex(/^\d{4}$/)
    .optional(),
});

export const memberSchema = z.strictObject({
  memberId: id,
  tier: z.string().max(32),
  /**
   * How the member was verified. Since issue #12: 'app-code' (the member app's code, checked and used
   * once), 'card-scanned' (a card read by a scanner the host itself drives), 'manual-lookup' (a card
   * or member number typed in, approved). Older entries say 'token', 'card' (scanned or typed, not
   * told apart) or 'manual'.
   */
  verification: z.enum(['token', 'card', 'manual', 'app-code', 'card-scanned', 'manual-lookup']),
  approvalSeq: z.number().int().positive().optional(),
  /** Who approved a manual lookup (the approval entry at approvalSeq says the same). */
  approverId: id.optional(),
  /** The RFC 6238 time step of the app code used: one code attaches once (HQ checks across tills). */
  codeStep: z.number().int().nonnegative().optional(),
});

const approvalRef = z.number().int().positive().optional();

/**
 * Who served the customer (issue #14), distinct from the cashier who rang the sale up (the
 * entry's operator): one or several staff with their shares in basis points, summing to 10,000.
 */
export const salespersonsSchema = z
  .array(z.strictObject({ staffId: id, shareBp: z.number().int().min(1).max(10_000) }))
  .min(1)
  .max(10)
  .refine((list) => list.reduce((s, p) => s + p.shareBp, 0) === 10_000, { message: 'salesperson shares sum to 10,000 bp (100 %)' })
  .refine((list) => new Set(list.map((p) => p.staffId)).size === list.length, { message: 'a salesperson is named once' });

export const entryBodies = {
  'ledger-opened': z.strictObject({
    terminalId: id,
    storeId: id,
    algorithm: z.literal('Ed25519'),
    publicKey: z.string().min(1),
    keyId: id,
    software: z.string().max(64),
  }),
  'key-rotation': z.strictObject({
    algorithm: z.literal('Ed25519'),
    newPublicKey: z.string().min(1),
    newKeyId: id,
    reason: text,
  }),
  sale: z.strictObject({
    saleId: id,
    receiptNo: z.number().int().positive(),
    currency,
    taxMode: z.enum(['inclusive', 'exclusive']),
    lines: z.array(saleLineSchema).min(1).max(1000),
    orderDiscount: nonNegMinor,
    subtotal: minor,
    tax: minor,
    /** Cash rounding adjustment (positive when the customer pays more). */
    rounding: minor,
    total: minor,
    tenders: z.array(tenderSchema).min(1).max(20),
    member: memberSchema.optional(),
    training: z.boolean(),
    drawerSessionId: id.optional(),
    approvals: z.array(z.number().int().positive()).optional(),
    /** The signed receipt code printed on the receipt (core/receipts/receipt-qr.ts). */
    receiptQr: z.string().max(400).optional(),
    /** Who served the customer and their shares; absent on older entries (then: the entry's operator). */
    salespersons: salespersonsSchema.optional(),
    /** The sale of an exchange (issue #15): the return written with it, in the same transaction, paid by its credit. */
    exchange: z.strictObject({ exchangeId: id, returnId: id, returnReceiptNo: z.number().int().positive() }).optional(),
    /**
     * The Taiwan uniform e-invoice this sale is (fiscal profile tw-einvoice, issue #17): the period
     * (ROC year and even end month, "11512"), the number taken from the till's range in this same
     * transaction, and the 4-digit random code from the till's CSPRNG. Absent without the profile
     * and on training sales.
     */
    einvoice: z
      .strictObject({
        period: invoicePeriodCode,
        number: z.string().regex(/^[A-Z]{2}\d{8}$/),
        randomCode: z.string().regex(/^\d{4}$/),
        /**
         * Who the invoice is for, when the customer said: a carrier (mobile barcode, citizen
         * certificate, or the member's own carrier) or a donation code, which keep the invoice
         * electronically (no paper 證明聯), or the buyer's UBN (the 證明聯 prints with 買方 and 格式 25).
         * Absent: a consumer who takes the paper.
         */
        buyer: z
          .strictObject({
            kind: z.enum(['mobile-barcode', 'citizen-certificate', 'member-carrier', 'donation-code', 'ubn']),
            value: z.string().regex(/^[0-9A-Z.+/-]{3,16}$/),
          })
          .optional(),
        /** The item list is printed under the 證明聯 (asked for by the customer; always with a buyer UBN). */
        itemDetails: z.boolean().optional(),
      })
      .optional(),
  }),
  'receipt-issued': z.strictObject({
    saleId: id,
    receiptNo: z.number().int().positive(),
    channel: z.enum(['printed', 'electronic']),
    /**
     * Why an electronic receipt: the customer declined paper, printing was impossible, or (an
     * e-invoice, issue #17) the invoice is kept on the buyer's carrier or donated, so no paper is owed.
     */
    electronicReason: z.enum(['declined-paper', 'printer-failed', 'preferred', 'einvoice-carrier', 'einvoice-donation']).optional(),
    destination: z.string().max(200).optional(),
    printerId: z.string().max(64).optional(),
    copyNo: z.number().int().nonnegative(),
    forEntry: z.enum(['sale', 'return']).optional(),
  }),
  'receipt-print-failed': z.strictObject({
    saleId: id,
    receiptNo: z.number().int().positive(),
    printerId: z.string().max(64),
    reason: z.string().max(64),
    detail: text.optional(),
  }),
  'receipt-reprinted': z.strictObject({
    saleId: id,
    receiptNo: z.number().int().positive(),
    copyNo: z.number().int().positive(),
    printerId: z.string().max(64).optional(),
    approvalSeq: approvalRef,
    /** Why the copy was printed (a reason code); required for an e-invoice's 證明聯 (補印), absent on older entries. */
    reason: text.optional(),
  }),
  void: z
    .strictObject({
      /** 'line': a line removed before tender; 'sale': a sale abandoned before completion; 'post-void': a completed sale reversed. */
      scope: z.enum(['line', 'sale', 'post-void']),
      saleId: id,
      lineNo: z.number().int().positive().optional(),
      receiptNo: z.number().int().positive().optional(),
      amount: minor,
      reason: text,
      approvalSeq: approvalRef,
      /**
       * Post-void only (issue #7): the drawer session open when the void was recorded, which pays the
       * cash back; null when none was open. Absent on older entries: their cash comes off the sale's own session.
       */
      drawerSessionId: id.nullable().optional(),
      /**
       * Scope 'sale' only (issue #12): the tenders already taken when a sale was ended unfinished
       * after a restart, given back to the customer (cash handed back, card refunded on the card terminal).
       */
      tendersReturned: z.array(tenderSchema).optional(),
    })
    .refine((v) => v.scope !== 'post-void' || v.receiptNo !== undefined, {
      message: 'a post-void names the receipt it reverses',
      path: ['receiptNo'],
    })
    .refine((v) => v.scope !== 'line' || v.lineNo !== undefined, { message: 'a line void names the line', path: ['lineNo'] }),
  /**
   * The till restarted with a sale in progress (issue #12): the sale as its pending-sale journal held
   * it, and whether it was taken up again ('resumed') or could not be ('rejected', with why: its
   * signature or contents did not check out). Tenders already taken are named either way.
   */
  'sale-resumed': z.strictObject({
    saleId: id,
    startedAt: z.string().max(40),
    savedAt: z.string().max(40),
    /** Who was ringing the sale up when it was last saved. */
    savedBy: id.nullable(),
    outcome: z.enum(['resumed', 'rejected']),
    reason: text.optional(),
    lines: z.number().int().nonnegative(),
    total: minor,
    tenders: z.array(tenderSchema),
  }),
  /**
   * A sale put on hold (issue #15) so the cashier can serve the next customer: only before any
   * payment is taken. `snapshot` is the sale as the pending-sale journal keeps it (canonical JSON
   * of its lines, member, discounts and pricing rules), so the chain itself holds every held sale
   * and a restart loses none. `lines` and `total` are what the held list shows.
   */
  'sale-parked': z.strictObject({
    saleId: id,
    startedAt: z.string().max(40),
    label: z.string().max(60).optional(),
    lines: z.number().int().nonnegative(),
    total: minor,
    training: z.boolean(),
    snapshot: z.string().max(500_000),
  }),
  /**
   * A held sale taken up again (issue #15), by any cashier of this till: the `sale-parked` entry at
   * `parkedSeq`. Lines whose catalog price changed while it was held are re-priced and named in
   * `repriced`; `parkedTotal` and `total` show the difference.
   */
  'sale-recalled': z.strictObject({
    saleId: id,
    parkedSeq: z.number().int().positive(),
    parkedTotal: minor,
    total: minor,
    repriced: z.array(z.strictObject({ lineNo: z.number().int().positive(), sku: id, from: minor, to: minor })).max(500),
  }),
  return: z.strictObject({
    returnId: id,
    receiptNo: z.number().int().positive(),
    currency,
    originalSaleId: id.optional(),
    originalReceiptNo: z.number().int().positive().optional(),
    lines: z
      .array(
        z.strictObject({
          lineNo: z.number().int().positive(),
          productId: id,
          sku: id,
          name: z.string().max(200),
          qtyMilli: z.number().int().positive(),
          amount: nonNegMinor,
          tax: nonNegMinor,
          taxRateBp: z.number().int().min(0).max(100_000),
          department: z.string().max(64).optional(),
          /** The serial of the piece returned, on a line of a serialized product (issue #14). */
          serial: serialNo.optional(),
        }),
      )
      .min(1),
    refunds: z.array(tenderSchema).min(1),
    /**
     * Cash rounding of the refund's cash part, positive when the customer gets more back; total and
     * refunds include it. Absent when there is none (and on entries from before it was recorded).
     */
    rounding: minor.optional(),
    total: nonNegMinor,
    tax: nonNegMinor,
    reason: text,
    withReceipt: z.boolean(),
    training: z.boolean(),
    approvalSeq: approvalRef,
    drawerSessionId: id.optional(),
    receiptQr: z.string().max(400).optional(),
    /**
     * What this return paid to a tender the sale did not use (a card sale refunded in cash), approved
     * with 'return.other-tender' (its `approvalSeq`). Absent when everything went back the way it was paid.
     */
    otherTender: z.strictObject({ amount: nonNegMinor, approvalSeq: approvalRef }).optional(),
    /** The original sale's salespersons, whose commission the return claws back; absent without a receipt. */
    salespersons: salespersonsSchema.optional(),
    /**
     * The return of an exchange (issue #15): the sale written with it, whose receipt (saleReceiptNo)
     * shows this return too; this return owes no receipt of its own.
     */
    exchange: z.strictObject({ exchangeId: id, saleId: id, saleReceiptNo: z.number().int().positive() }).optional(),
  }),
  'no-sale': z.strictObject({ reason: text, approvalSeq: approvalRef, drawerSessionId: id.optional() }),
  approval: z.strictObject({
    action: z.string().max(64),
    approverId: id,
    requesterId: id,
    method: z.enum(['pin', 'badge']),
    reason: text.optional(),
    subject: z.record(z.string(), z.unknown()).optional(),
  }),
  login: z.strictObject({
    method: z.enum(['pin', 'badge']),
    role: z.string().max(32),
    /** Signed in over another operator's open sale at a locked till (a manager taking over): whose sale, which sale. */
    takeover: z.strictObject({ from: id, saleId: id }).optional(),
  }),
  'login-failed': z.strictObject({
    method: z.enum(['pin', 'badge']),
    staffId: id.optional(),
    attempts: z.number().int().positive(),
    lockedOut: z.boolean(),
  }),
  logout: z.strictObject({ reason: z.enum(['manual', 'switch', 'idle', 'shutdown']) }),
  'cash-in': z.strictObject({ amount: nonNegMinor, currency, reason: text, drawerSessionId: id.optional(), approvalSeq: approvalRef }),
  'cash-out': z.strictObject({
    amount: nonNegMinor,
    currency,
    reason: text,
    purpose: z.enum(['paid-out', 'pickup', 'other']),
    drawerSessionId: id.optional(),
    approvalSeq: approvalRef,
  }),
  count: z.strictObject({
    drawerSessionId: id,
    currency,
    purpose: z.enum(['opening-float', 'closing', 'interim']),
    denominations: z.array(z.strictObject({ value: z.number().int().positive(), count: z.number().int().nonnegative() })),
    total: nonNegMinor,
    expected: minor.optional(),
    overShort: minor.optional(),
    approvalSeq: approvalRef,
    reason: text.optional(),
  }),
  'x-report': z.strictObject({ businessDay: isoDay, lastSeq: z.number().int().nonnegative(), totals: z.record(z.string(), z.unknown()) }),
  'z-report': z.strictObject({
    zNo: z.number().int().positive(),
    businessDay: isoDay,
    firstSeq: z.number().int().positive(),
    lastSeq: z.number().int().positive(),
    lastHash: z.string().regex(/^[0-9a-f]{64}$/),
    totals: z.record(z.string(), z.unknown()),
  }),
  'config-change': z.strictObject({
    section: z.string().max(64),
    version: z.string().max(64).optional(),
    summary: text,
    digest: z.string().max(128).optional(),
  }),
  'device-fault': z.strictObject({ device: z.string().max(64), code: z.string().max(64), message: text }),
  /**
   * A manager lifted a sign-in lockout before it ran out: one staff number's PIN lockout, or the
   * till's badge lockout. `lockedUntil` is when it would have ended.
   */
  'lockout-cleared': z.strictObject({
    scope: z.enum(['staff', 'badge']),
    staffId: id.optional(),
    lockedUntil: z.string().max(40),
    reason: text,
  }),
  /**
   * The card terminal's batch total for a business day, entered at the close before the till
   * shows what it expected (blind, as a drawer count): `expected` is the day's card tenders net of
   * card refunds and voids, `difference` = reported - expected. Beyond the threshold a co-sign
   * follows (an `approval` of `till.cosign` whose subject names `cardBatchDay`).
   */
  'card-batch': z.strictObject({
    businessDay: isoDay,
    currency,
    reported: minor,
    expected: minor,
    difference: minor,
    /** Card payments and card refunds in the day. */
    tenders: z.number().int().nonnegative(),
  }),
  /**
   * A member could not be verified (issue #12): a wrong, expired or already used app code, or a
   * card or member number that names no active member. Counted per till and per member over the
   * config's window; the failure that reaches the limit has lockedOut, and member codes at this till
   * (or of this member) then need a manager until the failures age out of the window.
   */
  'member-verification-failed': z.strictObject({
    method: z.enum(['app-code', 'card-scanned', 'card-typed', 'member-number']),
    reason: z.enum(['invalid', 'expired', 'replayed', 'not-found', 'malformed']),
    /** The member the code or number named, when it named one. */
    memberId: id.optional(),
    /** A replayed code's time step (the step of a code already used, or an older one). */
    codeStep: z.number().int().nonnegative().optional(),
    /** 'scanner': read by a scanner the host drives; 'screen': sent by the till's screen (typed or a keyboard-wedge scan). */
    source: z.enum(['scanner', 'screen']),
    saleId: id.optional(),
    /** Failures at this till within the window, this one included. */
    tillFailures: z.number().int().positive(),
    /** Failures naming this member within the window, this one included. */
    memberFailures: z.number().int().nonnegative().optional(),
    lockedOut: z.boolean(),
  }),
  /**
   * A range of Taiwan e-invoice numbers (字軌) this till may issue in a two-month period (issue #17):
   * track letters and the first and last eight-digit number, both included. Recorded at the till
   * (tillproof einvoice range add) or delivered by HQ through sync; the till issues the period's numbers in order, range by range.
   */
  'einvoice-range': z
    .strictObject({
      period: invoicePeriodCode,
      track: z.string().regex(/^[A-Z]{2}$/),
      from: z.string().regex(/^\d{8}$/),
      to: z.string().regex(/^\d{8}$/),
      /** Where the range came from: typed in at the till, or assigned by HQ and delivered by sync. */
      source: z.enum(['till', 'hq']),
      reason: text.optional(),
    })
    .refine((r) => r.from <= r.to, { message: 'a range runs from its first number to its last', path: ['to'] }),
  /**
   * A manager's review of a loss-prevention case on the till (issue #14): the case as the rules
   * found it (rule, evidence entries, staff, member, business day) and the outcome. A case
   * reviewed 'fine' makes the same pattern (rule, staff and member) an accepted one for a while.
   */
  'loss-review': z.strictObject({
    rule: z.string().min(1).max(64),
    evidence: z
      .array(z.strictObject({ terminalId: id, seq: z.number().int().positive() }))
      .min(1)
      .max(500),
    staffIds: z.array(id).max(20),
    memberId: id.nullable(),
    businessDay: isoDay,
    outcome: z.enum(['fraud', 'error', 'fine']),
    note: text,
  }),
  /**
   * A gift card sold and loaded (issue #15): the card's reference and last four (never its number),
   * the value loaded, and how the customer paid for it (cash or card). The value is what the chain
   * owes the card holder, not a sale of goods: it is kept out of sales and counted as a liability.
   * A `giftcard` tender of a sale spends it; a return's `giftcard` refund puts value back.
   */
  'giftcard-issued': z.strictObject({
    cardRef: giftCardRef,
    last4: z.string().regex(/^\d{4}$/),
    currency,
    amount: minor.positive(),
    tender: tenderSchema.refine((t) => t.type === 'cash' || t.type === 'card', { message: 'a gift card is paid in cash or by card' }),
    drawerSessionId: id.optional(),
    training: z.boolean(),
  }),
  /** A device test asked for from the settings screen (a test print), and how it went. */
  'device-test': z.strictObject({
    device: z.string().max(64),
    test: z.enum(['print']),
    outcome: z.enum(['ok', 'failed']),
    reason: z.string().max(64).optional(),
    detail: text.optional(),
  }),
  /**
   * A customer joined as a member at this till (issue #15). The entry's operator is the staff
   * member who recorded it; `consent` is what the customer agreed to, at `consentAt`. HQ adds the
   * member to its master data (without the contact details, which stay at HQ) from this entry.
   */
  'member-created': z.strictObject({
    memberId: id,
    name: z.string().min(1).max(100),
    tier: z.string().max(32),
    /** A Taiwan mobile number, ten digits starting 09. */
    phone: z
      .string()
      .regex(/^09\d{8}$/)
      .optional(),
    email: z.string().max(254).optional(),
    /** The e-invoice mobile barcode carrier (手機條碼) the member asked to keep on file. */
    carrier: z
      .string()
      .regex(/^\/[0-9A-Z.+-]{7}$/)
      .optional(),
    consent: z.strictObject({
      /** Keeping the contact details for the membership (required to join). */
      membership: z.literal(true),
      /** Offers and news by the contact details given. */
      marketing: z.boolean(),
    }),
    consentAt: z.string().max(40),
  }),
} as const;

export type EntryKind = keyof typeof entryBodies;
export type EntryBody<K extends EntryKind> = z.infer<(typeof entryBodies)[K]>;
export type SaleBody = EntryBody<'sale'>;
export type SaleLine = z.infer<typeof saleLineSchema>;
export type Salesperson = z.infer<typeof salespersonsSchema>[number];

export function isEntryKind(kind: string): kind is EntryKind {
  return Object.hasOwn(entryBodies, kind);
}

/** A ledger entry of kind K, its body typed by K's schema. */
export type EntryOf<K extends EntryKind> = Omit<LedgerEntry, 'kind' | 'body'> & { kind: K; body: EntryBody<K> };

/** An entry of any known kind: `switch (entry.kind)` narrows its body. */
export type KnownEntry = { [K in EntryKind]: EntryOf<K> }[EntryKind];

// Reading a body by its kind needs no parse: the ledger store refuses to seal a body that its
// kind's schema rejects (db/sqlite-ledger.ts), and the hash and signature keep it as sealed.

/** The entry typed by its kind; null for a kind this code does not know. */
export function knownEntry(entry: LedgerEntry): KnownEntry | null {
  return isEntryKind(entry.kind) ? (entry as KnownEntry) : null;
}

/** The entry as an entry of `kind`; null when it is of another kind (or there is none). */
export function entryOf<K extends EntryKind>(entry: LedgerEntry | undefined, kind: K): EntryOf<K> | null {
  return entry?.kind === kind ? (entry as EntryOf<K>) : null;
}
