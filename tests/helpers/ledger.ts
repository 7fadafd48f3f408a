// Builders shared by ledger tests: a realistic sale body and a fresh terminal in a temp dir.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import type { EntryDraft } from '../../core/ledger/entry.ts';
import type { SaleBody } from '../../core/ledger/bodies.ts';
import type { LedgerTx } from '../../core/ports/ledger-store.ts';
import { FileSigner } from '../../platform/terminal-key.ts';

export function tempDir(prefix = 'tillproof-test-'): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

export function newSigner(): FileSigner {
  return new FileSigner(generateKeyPairSync('ed25519').privateKey);
}

const products = [
  { productId: 'p-1001', sku: '1001', name: '烏龍茶 Oolong tea 500ml', unitPrice: 1800, taxRateBp: 500 },
  { productId: 'p-1002', sku: '1002', name: 'Pineapple cake 鳳梨酥', unitPrice: 4500, taxRateBp: 500 },
  { productId: 'p-1003', sku: '1003', name: '牛肉面 Beef noodles', unitPrice: 12000, taxRateBp: 500 },
  { productId: 'p-1004', sku: '1004', name: 'Soy milk 豆浆 1L', unitPrice: 2500, taxRateBp: 0 },
  { productId: 'p-1005', sku: '1005', name: 'Rice 米 2kg', unitPrice: 9900, taxRateBp: 500 },
];

/** A five-line cash sale (tax inclusive), as the selling code will write it. */
export function saleBody(receiptNo: number, saleId = `sale-${receiptNo}`, options: { training?: boolean } = {}): SaleBody {
  const lines = products.map((p, i) => {
    const qty = (i % 3) + 1;
    const amount = p.unitPrice * qty;
    const tax = Math.round((amount * p.taxRateBp) / (10_000 + p.taxRateBp));
    return {
      lineNo: i + 1,
      productId: p.productId,
      sku: p.sku,
      name: p.name,
      qtyMilli: qty * 1000,
      unitPrice: p.unitPrice,
      priceTier: 'retail',
      taxClass: p.taxRateBp ? 'standard' : 'zero',
      taxRateBp: p.taxRateBp,
      discount: 0,
      amount,
      tax,
    };
  });
  const total = lines.reduce((s, l) => s + l.amount, 0);
  const tax = lines.reduce((s, l) => s + l.tax, 0);
  const tendered = Math.ceil(total / 10_000) * 10_000;
  return {
    saleId,
    receiptNo,
    currency: 'TWD',
    taxMode: 'inclusive',
    lines,
    orderDiscount: 0,
    subtotal: total,
    tax,
    rounding: 0,
    total,
    tenders: [{ type: 'cash', amount: total, tendered, change: tendered - total }],
    training: options.training ?? false,
  };
}

export function draft(
  kind: string,
  body: EntryDraft['body'],
  at = '2026-11-20T10:00:00.000Z',
  businessDay = '2026-11-20',
  operatorId: string | null = 'staff-1',
): EntryDraft {
  return { kind, businessDay, startedAt: at, endedAt: at, operatorId, body };
}

/** Appends one sale with the next receipt number, as the selling code does. */
export function appendSale(tx: LedgerTx, businessDay = '2026-11-20'): number {
  const no = tx.nextReceiptNo();
  const entry = tx.append(draft('sale', saleBody(no), `${businessDay}T10:00:00.000Z`, businessDay));
  return entry.seq;
}
