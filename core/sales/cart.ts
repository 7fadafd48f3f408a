// What is on a sale being rung up, and what it adds up to: the cart's lines as scanned, the
// tenders taken, and the priced lines and totals computed from them (sale-pricing.ts, sale-tenders.ts).
import type { Product } from '../catalog/product.ts';
import type { MemberView } from '../contract/views.ts';
import type { Discount } from '../money/discount.ts';
import type { PricingRules } from './sale-pricing.ts';
import type { InvoiceBuyer } from '../fiscal/tw-einvoice/carriers.ts';

export interface AttachedMember extends MemberView {
  approvalSeq?: number;
  /** Who approved a manual lookup. */
  approverId?: string;
  /** The app code's time step, when verified by app code: one code attaches once. */
  codeStep?: number;
}

export interface CartLine {
  lineNo: number;
  /** A snapshot taken when scanned: a price change mid-sale does not reach this sale. */
  product: Product;
  barcode?: string;
  qtyMilli: number;
  voided: boolean;
  discount?: { discount: Discount; reason: string; approvalSeq?: number };
  override?: { unitPrice: number; reason: string; approvalSeq?: number };
  /** The piece's serial, on a line of a serialized product once it is given (issue #14). */
  serial?: { value: string; entry: 'scanned' | 'typed'; approvalSeq?: number };
  /** A weighed line's weight: from the till's scale (less `tareGrams`), typed, or from a scale label (issue #15). */
  weight?: LineWeight;
  /** A gift card sold or topped up on this line (issue #15): its value is loaded when the sale commits. */
  giftCard?: { cardRef: string; last4: string };
}

export interface LineWeight {
  source: 'scale' | 'typed' | 'label';
  tareGrams?: number;
  /** Whose tare: the product's preset in the scale's config, or keyed at the till. */
  tare?: 'preset' | 'keyed';
}

/** A salesperson chosen for the sale (issue #14): the name is for the screens, the ledger keeps id and share. */
export interface SaleSalesperson {
  staffId: string;
  name: string;
  shareBp: number;
}

export interface SaleTender {
  /** 'giftcard': reference is the card's reference (core/giftcards/card-number.ts), never its number. */
  type: 'cash' | 'card' | 'giftcard' | 'exchange-credit';
  /** Cash: what the customer handed over. Card: what was charged. */
  amount: number;
  reference?: string;
  last4?: string;
}

export interface PricedLine {
  line: CartLine;
  unitPrice: number;
  priceTier: string;
  gross: number;
  lineDiscount: number;
  orderShare: number;
  amount: number;
  tax: number;
  taxRateBp: number;
}

export interface SaleTotals {
  lines: PricedLine[];
  subtotal: number;
  lineDiscounts: number;
  orderDiscount: number;
  tax: number;
  /** What is due before cash rounding (tax included). */
  total: number;
  paid: number;
  due: number;
  dueInCash: number;
  cashRounding: number;
  settled: boolean;
}

/** What a sale holds besides its lines: what its ledger body (sale-body.ts) and view (sale-view.ts) are made from. */
export interface SaleFacts {
  saleId: string;
  status: 'open' | 'tendering';
  training: boolean;
  rules: PricingRules;
  member: AttachedMember | null;
  tenders: readonly SaleTender[];
  approvalSeqs: readonly number[];
  /** When the sale was resumed after a restart of the till; null when it never was. */
  resumedAt?: string | null;
  /** Who served the customer, when chosen; the cashier otherwise. */
  salespersons?: readonly SaleSalesperson[] | null;
  /** Who the e-invoice is for (issue #17); null or absent: a consumer taking the paper. */
  invoiceBuyer?: InvoiceBuyer | null;
  invoiceItemDetails?: boolean;
}
