import { z } from 'zod';

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
  qtyMilli: z.number().int(),
  unit: z.enum(['each', 'kg']),
  unitPrice: minor,
  priceTier: z.string(),
  discount: minor,
  amount: minor,
  tax: minor,
  voided: z.boolean(),
  priceOverridden: z.boolean(),
});

export const tenderViewSchema = z.object({
  index: z.number().int(),
  type: z.enum(['cash', 'card', 'voucher', 'other']),
  amount: minor,
  tendered: minor.optional(),
  reference: z.string().optional(),
  last4: z.string().optional(),
});

export const memberViewSchema = z.object({
  memberId: z.string(),
  name: z.string(),
  tier: z.string(),
  verification: z.enum(['token', 'card', 'manual']),
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
  tenders: z.array(tenderViewSchema),
  training: z.boolean(),
});

export const receiptLineSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string(), align: z.enum(['left', 'center', 'right']).optional(), bold: z.boolean().optional(), size: z.enum(['normal', 'double']).optional() }),
  z.object({ type: z.literal('pair'), left: z.string(), right: z.string(), bold: z.boolean().optional() }),
  z.object({ type: z.literal('rule'), char: z.string().length(1).optional() }),
  z.object({ type: z.literal('barcode'), symbology: z.enum(['CODE128', 'EAN13']), data: z.string() }),
  z.object({ type: z.literal('qr'), data: z.string(), size: z.number().int().min(1).max(16).optional() }),
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
  failure: z.object({ reason: z.string(), detail: z.string().optional() }).nullable(),
  qr: z.string(),
  total: minor,
  change: minor,
  document: receiptDocumentSchema,
  memberEmail: z.boolean(),
});

export const deviceStatusSchema = z.object({
  device: z.enum(['printer', 'drawer', 'scanner', 'display', 'sync']),
  id: z.string(),
  state: z.enum(['closed', 'idle', 'busy', 'error', 'offline']),
  detail: z.string().optional(),
  flags: z.record(z.string(), z.boolean()).optional(),
});

export const stateViewSchema = z.object({
  terminal: z.object({ terminalId: z.string(), storeId: z.string(), storeName: z.string(), currency: z.string(), minorDigits: z.number().int(), locale: z.string(), timeZone: z.string(), receiptWidth: z.number().int() }),
  operator: operatorViewSchema.nullable(),
  training: z.boolean(),
  sale: saleViewSchema.nullable(),
  /** A receipt obligation not yet discharged: the terminal sells nothing until it is. */
  obligation: receiptViewSchema.nullable(),
  devices: z.array(deviceStatusSchema),
  businessDay: z.string(),
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

export type OperatorView = z.infer<typeof operatorViewSchema>;
export type SaleLineView = z.infer<typeof saleLineViewSchema>;
export type SaleView = z.infer<typeof saleViewSchema>;
export type MemberView = z.infer<typeof memberViewSchema>;
export type ReceiptLine = z.infer<typeof receiptLineSchema>;
export type ReceiptDocument = z.infer<typeof receiptDocumentSchema>;
export type ReceiptView = z.infer<typeof receiptViewSchema>;
export type DeviceStatus = z.infer<typeof deviceStatusSchema>;
export type StateView = z.infer<typeof stateViewSchema>;
export type ProductView = z.infer<typeof productViewSchema>;
