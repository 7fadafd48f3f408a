import { z } from 'zod';
import { DEVICE_KINDS } from '../shared/enums.ts';

// What the host shows the UI. Every figure here was computed by the host.

const minor = z.number().int();

export const operatorViewSchema = z.object({
  staffId: z.string(),
  name: z.string(),
  role: z.string(),
  permissions: z.array(z.string()),
});

export const saleLineViewSchema = z.object({
  lineNo: z.number().int(),
  productId: z.string(),
  sku: z.string(),
  name: z.string(),
  /** The product's names by language ('en', 'zh-TW', 'zh-CN') where the catalog has them. */
  names: z.record(z.string(), z.string()),
  qtyMilli: z.number().int(),
  unit: z.enum(['each', 'kg']),
  unitPrice: minor,
  priceTier: z.string(),
  discount: minor,
  amount: minor,
  tax: minor,
  voided: z.boolean(),
  priceOverridden: z.boolean(),
  /** A serialized product's line (issue #14): the sale cannot be presented until it has its serial. */
  serialRequired: z.boolean().optional(),
  serial: z.string().optional(),
  /** Where a weighed line's weight came from: the till's scale, typed by the cashier, or a scale label (issue #15). */
  weighed: z.enum(['scale', 'typed', 'label']).optional(),
  /** The tare taken off the scale's weight, in grams. */
  tareGrams: z.number().int().optional(),
});

/** The scale's reading for the screen: `none` when the till has no scale, `offline` when it cannot be read. */
export const scaleReadingViewSchema = z.object({
  state: z.enum(['stable', 'motion', 'under-zero', 'over-capacity', 'offline', 'none']),
  grams: z.number().int().optional(),
});
export type ScaleReadingView = z.infer<typeof scaleReadingViewSchema>;

export const tenderViewSchema = z.object({
  index: z.number().int(),
  type: z.enum(['cash', 'card', 'voucher', 'other', 'giftcard', 'exchange-credit']),
  amount: minor,
  tendered: minor.optional(),
  reference: z.string().optional(),
  last4: z.string().optional(),
});

export const memberViewSchema = z.object({
  memberId: z.string(),
  name: z.string(),
  tier: z.string(),
  /** The tier's display name as HQ publishes it. */
  tierName: z.string().optional(),
  verification: z.enum(['token', 'card', 'manual', 'app-code', 'card-scanned', 'manual-lookup']),
});

export const saleViewSchema = z.object({
  saleId: z.string(),
  /** 'open': items may change; 'tendering': totals presented, customer and tier locked. */
  status: z.enum(['open', 'tendering']),
  currency: z.string(),
  taxMode: z.enum(['inclusive', 'exclusive']),
  lines: z.array(saleLineViewSchema),
  member: memberViewSchema.nullable(),
  itemCount: z.number().int(),
  subtotal: minor,
  lineDiscounts: minor,
  orderDiscount: minor,
  tax: minor,
  total: minor,
  /** Cash rounding that would apply if the rest is paid in cash. */
  cashRounding: minor,
  paid: minor,
  due: minor,
  /** Change to hand back, once the tenders cover the total (after cash rounding). */
  change: minor,
  tenders: z.array(tenderViewSchema),
  training: z.boolean(),
  /** Set when the till restarted mid-sale and took this sale up again where it stopped (ISO time of the restart). */
  resumedAt: z.string().optional(),
  /** Who served the customer, when chosen (issue #14); absent: the cashier. */
  salespersons: z.array(z.object({ staffId: z.string(), name: z.string(), shareBp: z.number().int() })).optional(),
  /**
   * Who the e-invoice is for (issue #17), when given: the member's own carrier is shown masked.
   * `paperless` when the invoice is kept on a carrier or donated (no paper 證明聯).
   */
  invoiceBuyer: z
    .object({
      kind: z.enum(['mobile-barcode', 'citizen-certificate', 'member-carrier', 'donation-code', 'ubn']),
      value: z.string(),
      paperless: z.boolean(),
    })
    .optional(),
  /** The item list prints under the 證明聯. */
  invoiceItemDetails: z.boolean().optional(),
});

/** A sale on hold (issue #15), as the Recall list shows it. */
export const parkedSaleSchema = z.object({
  saleId: z.string(),
  /** The sale-parked entry that holds it. */
  parkedSeq: z.number().int(),
  parkedAt: z.string(),
  /** Staff number and name of the cashier who parked it. */
  parkedBy: z.string().nullable(),
  parkedByName: z.string().nullable(),
  label: z.string().optional(),
  lines: z.number().int(),
  total: minor,
  training: z.boolean(),
});

/** A held sale taken up again: the sale, and what re-pricing changed since it was parked. */
export const recalledSaleSchema = z.object({
  sale: saleViewSchema,
  parkedTotal: minor,
  repriced: z.array(z.object({ lineNo: z.number().int(), sku: z.string(), from: minor, to: minor })),
});

export const receiptLineSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('text'),
    text: z.string(),
    align: z.enum(['left', 'center', 'right']).optional(),
    bold: z.boolean().optional(),
    size: z.enum(['normal', 'double']).optional(),
  }),
  z.object({ type: z.literal('pair'), left: z.string(), right: z.string(), bold: z.boolean().optional() }),
  z.object({ type: z.literal('rule'), char: z.string().length(1).optional() }),
  z.object({ type: z.literal('barcode'), symbology: z.enum(['CODE128', 'EAN13', 'CODE39']), data: z.string() }),
  z.object({ type: z.literal('qr'), data: z.string(), size: z.number().int().min(1).max(16).optional() }),
  /** Two QR codes side by side, the same size, error correction level L: the Taiwan e-invoice's pair. */
  z.object({ type: z.literal('qr-pair'), left: z.string(), right: z.string() }),
  z.object({ type: z.literal('feed'), lines: z.number().int().min(1).max(10) }),
  z.object({ type: z.literal('cut'), partial: z.boolean().optional() }),
]);

export const receiptDocumentSchema = z.object({
  receiptNo: z.number().int(),
  kind: z.enum(['sale', 'return', 'report']),
  copyNo: z.number().int(),
  training: z.boolean(),
  width: z.number().int(),
  lines: z.array(receiptLineSchema),
});

export const receiptViewSchema = z.object({
  receiptNo: z.number().int(),
  documentId: z.string(),
  kind: z.enum(['sale', 'return']),
  /** 'pending': not yet printed; 'failed': the last attempt failed; 'printed'/'electronic': discharged. */
  status: z.enum(['pending', 'printing', 'failed', 'printed', 'electronic']),
  /** printerId: the printer the failed attempt was on (absent when that is not known, e.g. after a restart). */
  failure: z.object({ reason: z.string(), detail: z.string().optional(), printerId: z.string().optional() }).nullable(),
  /** The receipt printers it can be printed on, the primary first (their state comes with device.status). */
  printers: z.array(z.string()),
  qr: z.string(),
  total: minor,
  change: minor,
  document: receiptDocumentSchema,
  memberEmail: z.boolean(),
});

/**
 * Why a device is in its state, as a code the UI translates (`detail` stays English, for logs).
 * connecting: linked, waiting for the device's first answer; no-answer: linked, but it stays
 * silent; printer-down: a drawer wired to a printer that is not running or not connected.
 */
export const DEVICE_REASONS = [
  'not-connected',
  'connecting',
  'no-answer',
  'disabled',
  'released',
  'printing',
  'paper-out',
  'paper-near-end',
  'cover-open',
  'offline',
  'timeout',
  'error',
  'open',
  'closed',
  'left-open',
  'printer-down',
  'listening',
  'config-problem',
  'config-applied',
  'numbers-low',
  'numbers-out',
] as const;
export type DeviceReason = (typeof DEVICE_REASONS)[number];

/** The sync engine's numbers, for the status bar to word and format in the UI language. */
export const syncProgressSchema = z.object({
  /** Entries written on the terminal and not yet acknowledged by HQ. */
  pending: z.number().int().nonnegative(),
  /** Share of a running catch-up already acknowledged, 0..1; null when no catch-up runs. */
  progress: z.number().min(0).max(1).nullable(),
  /** The catch-up in entries: acknowledged so far and in all; null when no catch-up runs. */
  catchUp: z.object({ acked: z.number().int().nonnegative(), total: z.number().int().nonnegative() }).nullable(),
  /** Last acknowledgement from HQ (UTC ISO-8601), null before the first. */
  lastSyncAt: z.string().nullable(),
  /** The last failure's code (sync.offline, sync.rejected...), null when the last round went through. */
  lastError: z.string().nullable(),
  /** When the next attempt is due after a failure (UTC ISO-8601). */
  retryAt: z.string().nullable(),
});

export const deviceStatusSchema = z.object({
  device: z.enum(DEVICE_KINDS),
  id: z.string(),
  state: z.enum(['closed', 'idle', 'busy', 'error', 'offline']),
  /** English, for logs and as the fallback when there is no `reason`. */
  detail: z.string().optional(),
  reason: z.enum(DEVICE_REASONS).optional(),
  /** A drawer left open: for how long, in seconds. */
  openSeconds: z.number().int().nonnegative().optional(),
  /** device 'sync' only. */
  sync: syncProgressSchema.optional(),
  flags: z.record(z.string(), z.boolean()).optional(),
});

export const productViewSchema = z.object({
  productId: z.string(),
  sku: z.string(),
  name: z.string(),
  names: z.record(z.string(), z.string()),
  barcodes: z.array(z.string()),
  unit: z.enum(['each', 'kg']),
  department: z.string(),
  price: minor,
  prices: z.record(z.string(), minor),
});

export const stateViewSchema = z.object({
  terminal: z.object({
    terminalId: z.string(),
    storeId: z.string(),
    storeName: z.string(),
    currency: z.string(),
    minorDigits: z.number().int(),
    locale: z.string(),
    timeZone: z.string(),
    receiptWidth: z.number().int(),
    /** Seconds without input before the screen locks itself; 0 = never. */ idleLockSeconds: z.number().int().nonnegative(),
    /** Department names by language, keyed by the catalogue's department code (the config's `departments`). */
    departments: z.record(z.string(), z.record(z.string(), z.string())).default({}),
    /** The price tier a sale is priced at without a member, and the tiers' display names (price check). */
    defaultTier: z.string().default('retail'),
    tierNames: z.record(z.string(), z.string()).default({}),
    /** The sale screen's quick keys (config `quickKeys`), with their products from the catalogue. */
    quickKeys: z.array(z.object({ label: z.record(z.string(), z.string()), product: productViewSchema })).default([]),
    /** The till issues Taiwan e-invoices (fiscal profile tw-einvoice): payment asks who the invoice is for. */
    einvoice: z.boolean().default(false),
  }),
  operator: operatorViewSchema.nullable(),
  /** Locked: the operator stays signed in, but nothing works until a PIN or badge unlocks it. */
  locked: z.boolean(),
  training: z.boolean(),
  sale: saleViewSchema.nullable(),
  /** A receipt obligation not yet discharged: the terminal sells nothing until it is. */
  obligation: receiptViewSchema.nullable(),
  devices: z.array(deviceStatusSchema),
  businessDay: z.string(),
  /** The business day by the clock: before businessDay when that day's Z is already done (an early Z), sales then count for the next day. */
  clockDay: z.string(),
  /** No staff yet and no HQ to bring them: the sign-in screen offers to create the first administrator. */
  firstStart: z.boolean(),
});

export type OperatorView = z.infer<typeof operatorViewSchema>;
export type SaleLineView = z.infer<typeof saleLineViewSchema>;
export type SaleView = z.infer<typeof saleViewSchema>;
export type GiftCardView = z.infer<typeof giftCardViewSchema>;
export type MemberView = z.infer<typeof memberViewSchema>;
export type ReceiptLine = z.infer<typeof receiptLineSchema>;
export type ReceiptDocument = z.infer<typeof receiptDocumentSchema>;
export type ReceiptView = z.infer<typeof receiptViewSchema>;
export type DeviceStatus = z.infer<typeof deviceStatusSchema>;
export type SyncProgress = z.infer<typeof syncProgressSchema>;
export type StateView = z.infer<typeof stateViewSchema>;
export type ProductView = z.infer<typeof productViewSchema>;

export const totalsRecordSchema = z.record(z.string(), z.object({ amount: z.number().int(), count: z.number().int() }));

export const drawerSummarySchema = z.object({
  sessionId: z.string(),
  operatorId: z.string().nullable(),
  float: z.number().int(),
  expected: z.number().int(),
  counted: z.number().int().nullable(),
  overShort: z.number().int().nullable(),
  cosignSeq: z.number().int().nullable(),
});

/** A card payment or card refund of the day, listed on the X and Z for the reconciliation. */
export const cardTenderViewSchema = z.object({
  receiptNo: z.number().int(),
  kind: z.enum(['sale', 'return']),
  amount: z.number().int(),
  reference: z.string().optional(),
  last4: z.string().optional(),
});

/** The card terminal's batch total against the day's card tenders. */
/**
 * A gift card as the till knows it (issue #15): its last four digits only, and what it has left by
 * this till's ledger. `known` is false for a card this till has never issued, redeemed or refunded to.
 */
export const giftCardViewSchema = z.object({
  last4: z.string(),
  currency: z.string(),
  balance: z.number().int(),
  known: z.boolean(),
});

export const cardBatchResultSchema = z.object({
  businessDay: z.string(),
  reported: z.number().int(),
  expected: z.number().int(),
  difference: z.number().int(),
  needsCosign: z.boolean(),
  cosigned: z.boolean(),
});

export const reportViewSchema = z.object({
  kind: z.enum(['x', 'z']),
  zNo: z.number().int().nullable(),
  businessDay: z.string(),
  currency: z.string(),
  firstSeq: z.number().int(),
  lastSeq: z.number().int(),
  keys: totalsRecordSchema,
  drawers: z.array(drawerSummarySchema),
  grand: z.object({ period: z.number().int(), perpetual: z.number().int() }),
  byHour: z.array(z.object({ hour: z.number().int(), sales: z.number().int(), count: z.number().int() })),
  byCashier: z.array(
    z.object({
      operatorId: z.string(),
      sales: z.number().int(),
      lineVoids: z.number().int(),
      saleVoids: z.number().int(),
      postVoids: z.number().int(),
      noSales: z.number().int(),
      returns: z.number().int(),
      discounts: z.number().int(),
      priceOverrides: z.number().int(),
      manualMembers: z.number().int(),
      reprints: z.number().int(),
    }),
  ),
  document: receiptDocumentSchema,
  /** For a Z: whether the printer confirmed the printout. */
  printed: z.boolean().nullable(),
  /** The day's card tenders with their references, and the card terminal's batch total if entered. */
  cardTenders: z.array(cardTenderViewSchema),
  cardBatch: cardBatchResultSchema.nullable(),
  /** The names of the staff the report mentions (cashiers, drawer owners), by staff number, where the till knows them. */
  staffNames: z.record(z.string(), z.string()).default({}),
});

export const tillStatusSchema = z.object({
  /** The open drawer session; its expected cash is not shown (the count is blind). */
  session: z
    .object({ sessionId: z.string(), operatorId: z.string().nullable(), float: z.number().int(), openedSeq: z.number().int() })
    .nullable(),
  denominations: z.array(z.number().int()),
  businessDay: z.string(),
  unsealedDays: z.array(z.string()),
  awaitingCosign: z.array(z.object({ sessionId: z.string(), overShort: z.number().int() })),
  /** The day the next Z closes, when it has card tenders: whether its card batch total is entered and co-signed as needed. */
  cardBatch: z.object({ businessDay: z.string(), entered: z.boolean(), awaitingCosign: z.boolean() }).nullable(),
});

export type ReportView = z.infer<typeof reportViewSchema>;
