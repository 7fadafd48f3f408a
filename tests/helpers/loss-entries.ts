// Ledger entries for the loss-prevention rule tests: the rules read entries, not a ledger, so the
// tests build bodies as the sale engine writes them (hash and signature left empty: no rule reads
// them). Each test file gets its own numbering from `lossEntries()`.
import type { LedgerEntry } from '../../core/ledger/entry.ts';

export interface TestSaleOptions {
  /** The cashier (operator); default S001. */
  staff?: string;
  tender?: string;
  /** The line's price tier; default as the file chose in `lossEntries`. */
  tier?: string;
  member?: string | null;
  verification?: string;
  terminalId?: string;
  salesperson?: string;
  /** Sale lines instead of the one watch line at `amount`. */
  lines?: object[];
  /** Rung up in training mode. */
  training?: boolean;
}

export function lossEntries(defaults: { tier: string; verification: string } = { tier: 'retail', verification: 'app-code' }) {
  let seq = 0;
  const entry = (kind: string, at: string, operatorId: string, body: object, terminalId = 'T-01'): LedgerEntry => ({
    kind,
    businessDay: at.slice(0, 10),
    startedAt: at,
    endedAt: at,
    operatorId,
    body: body as LedgerEntry['body'],
    v: 1,
    terminalId,
    seq: ++seq,
    prevHash: '',
    keyId: 'k',
    hash: '',
    signature: '',
  });

  /** A one-line (or `lines`) sale of `amount`, paid in one tender. */
  const sale = (at: string, amount: number, o: TestSaleOptions = {}): LedgerEntry =>
    entry(
      'sale',
      at,
      o.staff ?? 'S001',
      {
        saleId: `s${seq + 1}`,
        receiptNo: seq + 1,
        currency: 'TWD',
        taxMode: 'inclusive',
        lines: o.lines ?? [
          {
            lineNo: 1,
            productId: 'P1',
            sku: 'P1',
            name: 'Watch',
            qtyMilli: 1000,
            unitPrice: amount,
            priceTier: o.tier ?? defaults.tier,
            taxClass: 'standard',
            taxRateBp: 500,
            discount: 0,
            amount,
            tax: 0,
          },
        ],
        orderDiscount: 0,
        subtotal: amount,
        tax: 0,
        rounding: 0,
        total: amount,
        tenders: [{ type: o.tender ?? 'cash', amount }],
        training: o.training ?? false,
        ...(o.member ? { member: { memberId: o.member, tier: 'vip', verification: o.verification ?? defaults.verification } } : {}),
        ...(o.salesperson ? { salespersons: [{ staffId: o.salesperson, shareBp: 10_000 }] } : {}),
      },
      o.terminalId,
    );

  return { entry, sale, nextSeq: () => seq + 1 };
}
