import { z } from 'zod';
import {
  operatorViewSchema,
  productViewSchema,
  receiptViewSchema,
  saleViewSchema,
  scaleReadingViewSchema,
  stateViewSchema,
  deviceStatusSchema,
  reportViewSchema,
  tillStatusSchema,
  totalsRecordSchema,
  cardBatchResultSchema,
  parkedSaleSchema,
  giftCardViewSchema,
  recalledSaleSchema,
} from './views.ts';
import { devicesViewSchema, staffViewSchema, storeSettingsSchema, testPrintResultSchema } from './settings-views.ts';
import { STAFF_ROLES } from '../shared/enums.ts';
import { integrityViewSchema } from './integrity-views.ts';
import { LOSS_REVIEW_OUTCOMES, lossCasesSchema } from './loss-views.ts';
import { memberCardSchema, memberSearchResultSchema } from './customer-views.ts';

// The API between the UI and the host: one entry per method, params and result as zod
// schemas. The host parses every params payload with these before use; the preload exposes
// one function per entry; the renderer gets types inferred from here.

const reason = z.string().trim().min(1).max(200);
const staffId = z.string().trim().min(1).max(32);
const pin = z.string().regex(/^\d{4,8}$/, 'a PIN is 4 to 8 digits');
const badge = z.string().trim().min(4).max(64);
const lineNo = z.number().int().positive().max(10_000);
const qtyMilli = z.number().int().positive().max(1_000_000_000);
const amount = z.number().int().nonnegative().max(1_000_000_000_000);
const receiptNo = z.number().int().positive().max(1_000_000_000_000);
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day is YYYY-MM-DD');
/** A cash count by denomination (minor units), e.g. [{ value: 1000, count: 3 }]. */
/** A new staff number: letters, digits, ".", "_" and "-", up to 32. */
const newStaffId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/, 'a staff number is letters, digits, ".", "_" or "-", up to 32');
const staffName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine((v) => ![...v].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f), 'a name cannot contain control characters');
const role = z.enum(STAFF_ROLES);
const counts = z
  .array(z.strictObject({ value: z.number().int().positive().max(100_000_000), count: z.number().int().nonnegative().max(100_000) }))
  .max(40);

/** A manager's credentials given for one action, checked in the host. */
export const approvalSchema = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('pin'), staffId, pin }),
  z.strictObject({ method: z.literal('badge'), badge }),
]);

const withApproval = { approval: approvalSchema.optional() };
/** A gift card's number as scanned or typed (spaces and dashes allowed): only ever sent to the host, never stored. */
const giftCardNumber = z.string().trim().min(1).max(64);
/** A cash tender as the screen sends it: what the customer handed over. */
const cashTenderParams = z.strictObject({ type: z.literal('cash'), amount: amount.positive() });
/** A card tender as the card terminal approved it: its reference and last four digits. */
const cardTenderParams = z.strictObject({
  type: z.literal('card'),
  amount: amount.positive(),
  reference: z.string().trim().min(1).max(64),
  last4: z.string().regex(/^\d{4}$/),
});
const returnLines = z
  .array(
    z.strictObject({
      lineNo: lineNo.optional(),
      productId: z.string().min(1).max(128).optional(),
      qtyMilli,
      /** The serial of the piece brought back, for a serialized product (issue #14): one piece per line. */
      serial: z.string().min(1).max(128).optional(),
    }),
  )
  .min(1)
  .max(200);
/** A receipt printer of this till (a device id from its config); default: the primary one. */
const printerId = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/);
const empty = z.strictObject({});
/** A salesperson's share of a sale in basis points (5000 = 50 %). */
const salespersonShare = z.number().int().min(1).max(10_000);
const ok = z.object({ ok: z.literal(true) });

export const methods = {
  'session.state': { params: empty, result: stateViewSchema },
  'session.login': {
    params: z.discriminatedUnion('method', [
      z.strictObject({ method: z.literal('pin'), staffId, pin, training: z.boolean().optional() }),
      z.strictObject({ method: z.literal('badge'), badge, training: z.boolean().optional() }),
    ]),
    result: operatorViewSchema,
  },
  /** Locks the till for every screen; only session.state and a login (the PIN unlocks) work until then. */
  'session.lock': { params: empty, result: ok },
  'session.logout': { params: z.strictObject({ reason: z.enum(['manual', 'switch', 'idle']).default('manual') }), result: ok },

  'catalog.search': {
    params: z.strictObject({ query: z.string().max(64), limit: z.number().int().min(1).max(100).default(20) }),
    result: z.array(productViewSchema),
  },

  'sale.scan': {
    params: z.strictObject({
      code: z.string().min(1).max(256),
      source: z.enum(['hid', 'serial', 'wedge', 'manual']),
      /** The reader ended the scan before this one on a pause and this one began right after: it may be that scan's tail. */
      afterBreak: z.boolean().optional(),
    }),
    result: saleViewSchema,
  },
  'sale.addItem': {
    params: z.strictObject({ productId: z.string().min(1).max(128), qtyMilli: qtyMilli.optional() }),
    result: saleViewSchema,
  },
  'sale.setQuantity': { params: z.strictObject({ lineNo, qtyMilli, ...withApproval }), result: saleViewSchema },
  /**
   * Puts a product sold by weight on the sale with the weight the till's scale reads now (issue
   * #15): a stable weight only, less the product's preset tare or else `tareGrams` (the tare key).
   */
  'sale.weigh': {
    params: z.strictObject({ productId: z.string().min(1).max(128), tareGrams: z.number().int().min(1).max(100_000).optional() }),
    result: saleViewSchema,
  },
  /** What the scale reads now, for the screen's live weight (no sale needed). */
  'scale.read': { params: empty, result: scaleReadingViewSchema },
  'sale.voidLine': { params: z.strictObject({ lineNo, reason, ...withApproval }), result: saleViewSchema },
  'sale.attachMember': {
    params: z.discriminatedUnion('method', [
      /** The member app's code; after repeated wrong codes (members.codeLockout) it needs a manager's approval. */
      z.strictObject({ method: z.literal('token'), token: z.string().min(1).max(200), ...withApproval }),
      /** A card number sent by the screen (typed, or read by a keyboard-wedge scanner): a manual lookup, approved. */
      z.strictObject({ method: z.literal('card'), card: z.string().min(1).max(64), ...withApproval }),
      z.strictObject({ method: z.literal('manual'), memberId: z.string().min(1).max(64), ...withApproval }),
    ]),
    result: saleViewSchema,
  },
  /**
   * The serial of a serialized product's line, sent by the screen (typed, or a keyboard-wedge scan):
   * needs 'sale.serial-typed' or an approval. A scanner the till drives gives it without one (issue #14).
   */
  'sale.setSerial': { params: z.strictObject({ lineNo, serial: z.string().min(1).max(128), ...withApproval }), result: saleViewSchema },
  /**
   * Finds members by a full mobile number or part of a name (issue #15): masked results, a few at
   * most, searches per operator limited (members.search). Finding a member attaches nothing.
   */
  'member.search': {
    params: z.union([
      z.strictObject({ phone: z.string().trim().min(8).max(20) }),
      z.strictObject({ name: z.string().trim().min(2, 'type at least two characters of the name').max(100) }),
    ]),
    result: memberSearchResultSchema,
  },
  /** A member's card: tier, latest purchases at this till, contact masked unless the operator holds 'member.contact'. */
  'member.view': { params: z.strictObject({ memberId: z.string().min(1).max(64) }), result: memberCardSchema },
  /** Signs a customer up as a member with their consent; a member-created entry that HQ adds to the chain's members. */
  'member.create': {
    params: z.strictObject({
      name: staffName,
      phone: z.string().trim().max(20).optional(),
      email: z.string().trim().max(254).optional(),
      /** The e-invoice mobile barcode (手機條碼) to keep on file. */
      carrier: z.string().trim().max(16).optional(),
      consent: z.strictObject({ membership: z.literal(true), marketing: z.boolean() }),
    }),
    result: memberCardSchema,
  },
  /** Takes the member off the sale before the total is presented (a wrong member, or the customer asks): prices go back to the store's. */
  'sale.detachMember': { params: empty, result: saleViewSchema },
  'sale.applyDiscount': {
    params: z.strictObject({
      scope: z.enum(['line', 'order']),
      lineNo: lineNo.optional(),
      kind: z.enum(['amount', 'percent']),
      /** Minor units for 'amount'; basis points (1000 = 10 %) for 'percent'. */
      value: z.number().int().positive().max(1_000_000_000),
      reason,
      ...withApproval,
    }),
    result: saleViewSchema,
  },
  'sale.overridePrice': { params: z.strictObject({ lineNo, unitPrice: amount, reason, ...withApproval }), result: saleViewSchema },
  'sale.present': { params: empty, result: saleViewSchema },
  'sale.reopen': { params: z.strictObject({ reason, ...withApproval }), result: saleViewSchema },
  'sale.addTender': {
    params: z.discriminatedUnion('type', [
      cashTenderParams,
      cardTenderParams,
      /** Pays from a gift card (issue #15): refused beyond what the card has left at this till. */
      z.strictObject({ type: z.literal('giftcard'), amount: amount.positive(), cardNumber: giftCardNumber }),
    ]),
    result: saleViewSchema,
  },
  'sale.removeTender': {
    params: z.strictObject({ index: z.number().int().nonnegative().max(50), ...withApproval }),
    result: saleViewSchema,
  },
  /**
   * Who served the customer (issue #14), distinct from the cashier: one to ten known, active staff,
   * by staff number or badge, with shares in basis points summing to 10,000 (all omitted: equal
   * shares). Changeable until a payment is taken; without it the cashier is recorded.
   */
  'sale.setSalespersons': {
    params: z.strictObject({
      salespersons: z
        .array(
          z.union([
            z.strictObject({ staffId, shareBp: salespersonShare.optional() }),
            z.strictObject({ badge, shareBp: salespersonShare.optional() }),
          ]),
        )
        .min(1)
        .max(10)
        .refine((list) => list.every((p) => p.shareBp === undefined) || list.every((p) => p.shareBp !== undefined), {
          message: 'give every salesperson a share, or none (equal shares)',
        })
        .refine((list) => list.some((p) => p.shareBp === undefined) || list.reduce((s, p) => s + (p.shareBp ?? 0), 0) === 10_000, {
          message: 'the shares sum to 10,000 bp (100 %)',
        }),
    }),
    result: saleViewSchema,
  },
  /** The staff a salesperson can be chosen from (active staff of this till's master data: number and name). */
  'sale.salespersonChoices': {
    params: empty,
    result: z.array(z.object({ staffId: z.string(), name: z.string() })),
  },
  /**
   * Who the e-invoice is for (fiscal profile tw-einvoice, issue #17), typed or scanned at payment:
   * a mobile barcode carrier, a citizen certificate carrier, a donation code or the buyer's UBN,
   * recognised and checked in the host; null takes it off (the member's own carrier, if any, comes
   * back). `itemDetails` prints the item list under the 證明聯 (always with a UBN).
   */
  'sale.setInvoiceBuyer': {
    params: z.strictObject({ code: z.string().trim().min(1).max(64).nullable(), itemDetails: z.boolean().optional() }),
    result: saleViewSchema,
  },
  'sale.complete': { params: empty, result: receiptViewSchema },
  'sale.cancel': { params: z.strictObject({ reason, ...withApproval }), result: ok },
  'sale.postVoid': { params: z.strictObject({ receiptNo, reason, ...withApproval }), result: receiptViewSchema },
  /**
   * Puts the sale in progress on hold (issue #15) so the next customer can be served: only before
   * any payment is taken. Recorded as a sale-parked entry holding the whole sale.
   */
  'sale.park': { params: z.strictObject({ label: z.string().trim().max(60).optional() }), result: parkedSaleSchema },
  /** The sales on hold at this till, oldest first. */
  'sale.parked': { params: empty, result: z.array(parkedSaleSchema) },
  /** Takes a held sale up again (any cashier of this till), at today's prices: the difference is in the reply. */
  'sale.recall': { params: z.strictObject({ saleId: z.string().min(1).max(128) }), result: recalledSaleSchema },

  'receipt.print': { params: z.strictObject({ receiptNo, printerId: printerId.optional() }), result: receiptViewSchema },
  'receipt.electronic': {
    params: z.strictObject({
      receiptNo,
      reason: z.enum(['declined-paper', 'printer-failed', 'preferred']),
      sendTo: z.enum(['screen', 'member-email']).default('screen'),
    }),
    result: receiptViewSchema,
  },
  /** A marked copy of a receipt already given, with why (a reason code; required for an e-invoice's 證明聯, printed 補印). */
  'receipt.reprint': {
    params: z.strictObject({ receiptNo, printerId: printerId.optional(), reason: reason.optional(), ...withApproval }),
    result: receiptViewSchema,
  },
  'receipt.get': { params: z.strictObject({ receiptNo }), result: receiptViewSchema },

  'return.lookup': {
    params: z.union([z.strictObject({ qr: z.string().min(1).max(1000) }), z.strictObject({ receiptNo })]),
    result: z.object({
      receiptNo: z.number().int(),
      saleId: z.string(),
      endedAt: z.string(),
      currency: z.string(),
      total: z.number().int(),
      status: z.string(),
      lines: z.array(
        z.object({
          lineNo: z.number().int(),
          sku: z.string(),
          name: z.string(),
          /** The product's names by language from today's catalogue, so the line reads as the sale line did. */
          names: z.record(z.string(), z.string()).default({}),
          qtyMilli: z.number().int(),
          returnableMilli: z.number().int(),
          amount: z.number().int(),
          unit: z.enum(['each', 'kg']),
          /** The serial sold on this line (a serialized product, issue #14): a return of it names the same. */
          serial: z.string().optional(),
        }),
      ),
      tenders: z.array(z.object({ type: z.string(), amount: z.number().int() })),
    }),
  },
  /** What return.complete would give back for these lines, to which tender, after cash rounding; writes nothing. */
  'return.quote': {
    params: z.strictObject({
      originalReceiptNo: receiptNo.optional(),
      lines: returnLines,
      refundTo: z.enum(['original', 'cash']).default('original'),
    }),
    result: z.object({
      total: z.number().int(),
      rounding: z.number().int(),
      refunds: z.array(z.object({ type: z.string(), amount: z.number().int(), last4: z.string().optional() })),
    }),
  },
  'return.complete': {
    params: z.strictObject({
      originalReceiptNo: receiptNo.optional(),
      lines: returnLines,
      refundTo: z.enum(['original', 'cash']).default('original'),
      reason,
      ...withApproval,
    }),
    result: receiptViewSchema,
  },

  /**
   * An exchange (issue #15): lines of a receipt taken back against the sale in progress (presented,
   * no tenders on it). The quote is the balance: what the customer pays (positive) or gets back.
   */
  'exchange.quote': {
    params: z.strictObject({
      originalReceiptNo: receiptNo,
      lines: returnLines,
      refundTo: z.enum(['original', 'cash']).default('original'),
    }),
    result: z.object({
      credit: z.number().int(),
      saleTotal: z.number().int(),
      applied: z.number().int(),
      balance: z.number().int(),
      rounding: z.number().int(),
      refunds: z.array(z.object({ type: z.string(), amount: z.number().int(), last4: z.string().optional() })),
    }),
  },
  /** Commits the exchange's return and sale together, paid with the credit and `tenders`; ONE receipt (the sale's) shows both. */
  'exchange.complete': {
    params: z.strictObject({
      originalReceiptNo: receiptNo,
      lines: returnLines,
      refundTo: z.enum(['original', 'cash']).default('original'),
      reason,
      tenders: z
        .array(z.discriminatedUnion('type', [cashTenderParams, cardTenderParams]))
        .max(5)
        .default([]),
      ...withApproval,
    }),
    result: receiptViewSchema,
  },

  'drawer.noSale': { params: z.strictObject({ reason, ...withApproval }), result: ok },
  'devices.status': { params: empty, result: z.array(deviceStatusSchema) },
  /** The till's check of its own ledger chain and master data; the blocking screen shows it when not ok. */
  'ledger.integrity': { params: empty, result: integrityViewSchema },
  /** Every device in detail for IT (connection, settings, counters) and the test print as it would print now. */
  'devices.details': { params: empty, result: devicesViewSchema },
  /** Prints the test document on the receipt printer; printed or not, the outcome is logged (device-test). */
  'devices.testPrint': { params: empty, result: testPrintResultSchema },
  /** The store, tax and rule settings this till runs with, and where each is managed. */
  'settings.store': { params: empty, result: storeSettingsSchema },
  /** Staff (never PINs or badges) and roles with their permissions. */
  'staff.list': { params: empty, result: staffViewSchema },
  /** Adds a staff member on a till that keeps its own staff (no HQ); logged as a config-change. */
  'staff.add': { params: z.strictObject({ staffId: newStaffId, name: staffName, role, pin }), result: staffViewSchema },
  /**
   * First start of a till without HQ and without staff: creates the first administrator (PIN typed
   * twice). Refused once any staff member exists or where HQ keeps the staff list; logged as a config-change.
   */
  'staff.createFirstAdmin': {
    params: z
      .strictObject({ staffId: newStaffId, name: staffName, pin, pinAgain: pin })
      .refine((p) => p.pin === p.pinAgain, { message: 'the two PINs are not the same', path: ['pinAgain'] }),
    result: ok,
  },
  /** Changes a staff member's role, PIN or active flag (local staff only); logged as a config-change. */
  'staff.update': {
    params: z
      .strictObject({ staffId, role: role.optional(), pin: pin.optional(), active: z.boolean().optional() })
      .refine((p) => p.role !== undefined || p.pin !== undefined || p.active !== undefined, 'name a change: role, pin or active'),
    result: staffViewSchema,
  },
  /**
   * Lifts a sign-in lockout before it runs out: one staff number's, or badge sign-in on this till.
   * Needs staff.manage, also where staff are managed at HQ (lockouts are this till's); logged.
   */
  'staff.clearLockout': {
    params: z.discriminatedUnion('scope', [
      z.strictObject({ scope: z.literal('staff'), staffId, reason }),
      z.strictObject({ scope: z.literal('badge'), reason }),
    ]),
    result: staffViewSchema,
  },
  'till.status': { params: empty, result: tillStatusSchema },
  /** A float after a closing count the Z has not sealed is a no-sale: it needs 'drawer.no-sale' (approval) and says why. */
  'till.openDrawer': {
    params: z.strictObject({ counts, reason: reason.optional(), ...withApproval }),
    result: z.object({ sessionId: z.string(), float: z.number().int() }),
  },
  'till.cashMovement': {
    params: z.strictObject({ kind: z.enum(['cash-in', 'paid-out', 'pickup']), amount: amount.positive(), reason, ...withApproval }),
    result: ok,
  },
  /** Blind: the count is recorded first; the expected amount and over/short come back only in the answer. */
  'till.closeDrawer': {
    params: z.strictObject({ counts }),
    result: z.object({
      sessionId: z.string(),
      counted: z.number().int(),
      expected: z.number().int(),
      overShort: z.number().int(),
      needsCosign: z.boolean(),
    }),
  },
  'till.cosign': { params: z.strictObject({ sessionId: z.string().min(1).max(128), reason, ...withApproval }), result: ok },
  /**
   * The card terminal's batch total for the day the next Z closes (or `businessDay`), entered blind:
   * recorded first, then the day's card tenders and the difference come back. One per business day.
   */
  'till.cardBatch': {
    params: z.strictObject({ reported: z.number().int().min(-1_000_000_000_000).max(1_000_000_000_000), businessDay: isoDay.optional() }),
    result: cardBatchResultSchema,
  },
  /** Co-signs a card batch difference beyond the threshold: someone other than who entered it, with 'till.cosign'. */
  'till.cosignCardBatch': { params: z.strictObject({ businessDay: isoDay, reason, ...withApproval }), result: ok },
  /**
   * The loss-prevention cases of this till's ledger over the last `days` business days (today
   * included), highest score first, worded in `locale`, each with its evidence entries.
   */
  'loss.cases': {
    params: z.strictObject({ days: z.number().int().min(1).max(31).default(7), locale: z.enum(['en', 'zh-TW', 'zh-CN']).default('en') }),
    result: lossCasesSchema,
  },
  /**
   * Records a manager's review of a case `loss.cases` shows (over the same `days`), named by its
   * rule and all its entries; refused when the rules no longer find that case.
   */
  'loss.review': {
    params: z.strictObject({
      days: z.number().int().min(1).max(31),
      rule: z.string().min(1).max(64),
      refs: z
        .array(z.strictObject({ terminalId: z.string().min(1).max(128), seq: z.number().int().positive() }))
        .min(1)
        .max(500),
      outcome: z.enum(LOSS_REVIEW_OUTCOMES),
      note: z.string().trim().min(3, 'say in a few words what you found').max(500),
    }),
    result: z.strictObject({ seq: z.number().int() }),
  },
  /** What a gift card has left, by this till's ledger (issue #15). */
  'giftcard.balance': { params: z.strictObject({ cardNumber: giftCardNumber }), result: giftCardViewSchema },
  /**
   * Sells or tops up a gift card (issue #15) as a line of the sale in progress (a new one if none):
   * `amount` goes onto the card when the sale commits, paid and receipted as any sale.
   */
  'giftcard.sell': {
    params: z.strictObject({ cardNumber: giftCardNumber, amount: amount.positive(), ...withApproval }),
    result: saleViewSchema,
  },
  'report.x': { params: empty, result: reportViewSchema },
  /** Prints the X report as it stands (recorded like a look at the X); whether the printer confirmed it, and why not. */
  'report.printX': { params: empty, result: z.object({ printed: z.boolean(), reason: z.string().optional() }) },
  'report.z': { params: z.strictObject({ businessDay: isoDay.optional(), ...withApproval }), result: reportViewSchema },
  'report.period': {
    params: z.strictObject({ from: isoDay, to: isoDay }),
    result: z.object({
      from: z.string(),
      to: z.string(),
      currency: z.string(),
      zCount: z.number().int(),
      firstZ: z.number().int().nullable(),
      lastZ: z.number().int().nullable(),
      keys: totalsRecordSchema,
      net: z.number().int(),
      perpetual: z.number().int(),
      /** The names of the cashiers in `cashier:` lines, by staff number, where the till knows them. */
      staffNames: z.record(z.string(), z.string()).default({}),
    }),
  },
} as const;

export type MethodName = keyof typeof methods;
export type Params<M extends MethodName> = z.output<(typeof methods)[M]['params']>;
/** What a caller passes (defaults may be omitted). */
export type ParamsInput<M extends MethodName> = z.input<(typeof methods)[M]['params']>;
export type Result<M extends MethodName> = z.output<(typeof methods)[M]['result']>;
export type Approval = z.infer<typeof approvalSchema>;

export const METHOD_NAMES = Object.keys(methods) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(methods, name);
}
