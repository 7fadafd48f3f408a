// A simulated trading day at one terminal for the sales-report tests (HQ queries and the
// console's sales page): sales over departments, salespersons and tenders, a training sale, a
// return, a post-void, exceptions, and the Z report closing the day. The figures it should give
// are worked out by hand in SALES_DAY below, not by the code under test.
import type { SaleBody } from '../../core/ledger/bodies.ts';
import { draft, saleBody } from './ledger.ts';
import type { TestTerminal } from './hq.ts';

/** Sale B is the helper's five-line cash sale; its total. */
export const PLAIN_SALE_TOTAL = saleBody(1).total;

/** What the day adds up to (times are UTC; the hours are Asia/Taipei, UTC+8). */
export const SALES_DAY = {
  /** Sale A 1400 and sale B; the training sale counts nowhere. */
  salesCount: 2,
  salesTotal: 1400 + PLAIN_SALE_TOTAL,
  /** The return of A's tea line. */
  returnsTotal: 1000,
  /** B, post-voided. */
  postVoidsTotal: PLAIN_SALE_TOTAL,
  netTotal: 400,
  department: { tea: 1000 - 1000, bakery: 500, '(order-level)': -100, '(none)': 0 },
  salesperson: { 's-7': 840 - 600, 's-8': 560 - 400, 'staff-2': 0 },
  tender: { cash: 1000 - 1000, card: 400 },
  /** Net by hour in Asia/Taipei: A at 18, B at 10 voided at 11, the return at 19. */
  hour: { '10': PLAIN_SALE_TOTAL, '11': -PLAIN_SALE_TOTAL, '18': 1400, '19': -1000 },
  exceptions: {
    'staff-1': { voids: 0, refunds: 1, noSales: 1, overrides: 1 },
    'staff-2': { voids: 2, refunds: 0, noSales: 0, overrides: 0 },
    'mgr-1': { voids: 0, refunds: 0, noSales: 1, overrides: 0 },
  },
} as const;

/** Writes the day at `t` and seals it with a Z report; returns the Z report's seq. */
export function simulateSalesDay(t: TestTerminal, day: string): number {
  const at = (hhmm: string) => `${day}T${hhmm}:00.000Z`;
  return t.store.write((tx) => {
    const first = tx.append(draft('no-sale', { reason: 'opening the drawer for change' }, at('01:00'), day, 'staff-1')).seq;

    // Sale A: tea 1000 and bakery 500, 100 off the order, paid 1000 cash and 400 card, served by s-7 (60 %) and s-8 (40 %).
    const a = saleBody(tx.nextReceiptNo(), `${t.terminalId}-${day}-A`);
    const [tea, bakery] = a.lines;
    const lines: SaleBody['lines'] = [
      { ...tea!, qtyMilli: 1000, unitPrice: 1000, amount: 1000, tax: 48, department: 'tea' },
      { ...bakery!, lineNo: 2, qtyMilli: 1000, unitPrice: 500, amount: 500, tax: 24, department: 'bakery' },
    ];
    const saleA: SaleBody = {
      ...a,
      lines,
      subtotal: 1500,
      orderDiscount: 100,
      tax: 67,
      total: 1400,
      tenders: [
        { type: 'cash', amount: 1000, tendered: 1000, change: 0 },
        { type: 'card', amount: 400, last4: '4242' },
      ],
      salespersons: [
        { staffId: 's-7', shareBp: 6000 },
        { staffId: 's-8', shareBp: 4000 },
      ],
    };
    tx.append(draft('sale', saleA, at('10:00'), day, 'staff-1'));

    // Sale B (the helper's cash sale, no departments), post-voided an hour later.
    const b = saleBody(tx.nextReceiptNo(), `${t.terminalId}-${day}-B`);
    tx.append(draft('sale', b, at('02:00'), day, 'staff-2'));
    tx.append(
      draft(
        'void',
        { scope: 'post-void', saleId: b.saleId, receiptNo: b.receiptNo, amount: b.total, reason: 'customer changed mind' },
        at('03:00'),
        day,
        'staff-2',
      ),
    );
    tx.append(draft('void', { scope: 'line', saleId: 'x-9', lineNo: 1, amount: 100, reason: 'wrong item' }, at('03:10'), day, 'staff-2'));

    // A training sale: counts nowhere.
    tx.append(draft('sale', saleBody(tx.nextReceiptNo(), `${t.terminalId}-${day}-T`, { training: true }), at('04:00'), day, 'staff-1'));

    // The tea of sale A comes back, cash.
    tx.append(
      draft(
        'return',
        {
          returnId: `${t.terminalId}-${day}-R`,
          receiptNo: tx.nextReceiptNo(),
          currency: 'TWD',
          originalSaleId: saleA.saleId,
          originalReceiptNo: saleA.receiptNo,
          lines: [
            {
              lineNo: 1,
              productId: tea!.productId,
              sku: tea!.sku,
              name: tea!.name,
              qtyMilli: 1000,
              amount: 1000,
              tax: 48,
              taxRateBp: 500,
              department: 'tea',
            },
          ],
          refunds: [{ type: 'cash', amount: 1000 }],
          total: 1000,
          tax: 48,
          reason: 'damaged',
          withReceipt: true,
          training: false,
          salespersons: saleA.salespersons,
        },
        at('11:00'),
        day,
        'staff-1',
      ),
    );
    tx.append(
      draft(
        'approval',
        { action: 'a price override', approverId: 'mgr-1', requesterId: 'staff-1', method: 'pin', subject: { saleId: 'x-3' } },
        at('11:30'),
        day,
        'staff-1',
      ),
    );
    const last = tx.append(draft('no-sale', { reason: 'checking the float' }, at('12:00'), day, 'mgr-1'));
    return tx.append(
      draft(
        'z-report',
        { zNo: 1, businessDay: day, firstSeq: first, lastSeq: last.seq, lastHash: last.hash, totals: {} },
        at('13:00'),
        day,
        'mgr-1',
      ),
    ).seq;
  });
}
