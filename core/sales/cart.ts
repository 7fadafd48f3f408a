// What is on a sale being rung up, and what it adds up to: the cart's lines as scanned, the
// tenders taken, and the priced lines and totals the Sale (sale.ts) computes from them.
import type { Product } from '../catalog/product.ts';
import type { MemberView } from '../contract/views.ts';
import type { Discount } from '../money/discount.ts';

export interface AttachedMember extends MemberView {
  approvalSeq?: number;
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
}

export interface SaleTender {
  type: 'cash' | 'card';
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
