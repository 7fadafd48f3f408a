// A golden business day, computed by hand, closed with a blind count and a Z report that must
// match to the unit. Prices are tax-inclusive (5 % standard, 0 % for soy milk), TWD.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { approvalBy, barcodeOf, loginAs, openDrawer, startTestHost, type TestHost } from '../../../helpers/host.ts';
import { verifyLedgerFile } from '../../../../db/ledger-verify.ts';
import { nodeLedgerCrypto } from '../../../../platform/node-crypto.ts';
import { zTotals, type ZTotals } from '../../../../core/till/z-report.ts';

let host: TestHost;
beforeEach(async () => {
  host = startTestHost();
  await loginAs(host, '101');
});
afterEach(() => host.close());

/** When the hand-written Z entries below are made. */
const AT_13 = { startedAt: '2026-11-20T13:00:00.000Z', endedAt: '2026-11-20T13:00:00.000Z' };

type TestTender = { type: 'cash'; amount: number } | { type: 'card'; amount: number; reference: string; last4: string };

async function sale(items: Array<[string, number?]>, tenders: TestTender[]): Promise<number> {
  for (const [productId, qtyMilli] of items) {
    if (qtyMilli) await host.call('sale.addItem', { productId, qtyMilli });
    else await host.call('sale.scan', { code: barcodeOf(productId), source: 'hid' });
  }
  await host.call('sale.present');
  for (const t of tenders) await host.call('sale.addTender', t);
  return (await host.call('sale.complete')).receiptNo;
}

async function goldenDay(): Promise<void> {
  await openDrawer(host, 2000); // float 2000
  // S1: tea x2 (50) + cake (45) = 95, tax 95*5/105 = 4.52 -> 5; cash 100, change 5.
  const s1 = await sale([['p-tea'], ['p-tea'], ['p-cake']], [{ type: 'cash', amount: 100 }]);
  host.clock.advance(3600_000);
  // S2: noodles 120 (tax 5.71) + soy milk 33 (0 %) = 153, tax 6; card 100 + cash 100 -> cash 53, change 47.
  const s2 = await sale(
    [['p-noodle'], ['p-milk']],
    [
      { type: 'card', amount: 100, reference: 'A-1', last4: '1111' },
      { type: 'cash', amount: 100 },
    ],
  );
  // S3: bananas 0.5 kg at 60/kg = 30, tea 25 -> 55, tax 2.62 -> 3; card 55.
  const s3 = await sale([['p-banana', 500], ['p-tea']], [{ type: 'card', amount: 55, reference: 'A-2', last4: '2222' }]);
  host.clock.advance(3600_000);
  // R1: one of S1's two teas back: the line paid 50 with tax 3 (largest remainder), so 25 back, tax round(1.5) = 2; cash.
  await host.call('return.complete', { originalReceiptNo: s1, lines: [{ lineNo: 1, qtyMilli: 1000 }], reason: 'leaking' });
  // R2: S2's noodles back: 120, tax 6; refunded to the card first (100), then cash 20.
  await host.call('return.complete', { originalReceiptNo: s2, lines: [{ lineNo: 1, qtyMilli: 1000 }], reason: 'cold' });
  // Post-void of S3 (card 55, tax 3).
  await host.call('sale.postVoid', { receiptNo: s3, reason: 'rang up twice', approval: approvalBy('301') });
  await host.call('drawer.noSale', { reason: 'change for neighbour', approval: approvalBy('201') });
  await host.call('till.cashMovement', { kind: 'cash-in', amount: 500, reason: 'more coins', approval: approvalBy('301') });
  await host.call('till.cashMovement', { kind: 'paid-out', amount: 80, reason: 'window cleaner', approval: approvalBy('301') });
  await host.call('till.cashMovement', { kind: 'pickup', amount: 1000, reason: 'safe drop', approval: approvalBy('301') });
  // A training sale never counts.
  await host.call('session.logout', {});
  await loginAs(host, '101', true);
  await sale([['p-cake']], [{ type: 'cash', amount: 45 }]);
  await host.call('session.logout', {});
  await loginAs(host, '101');
}

describe('end of day', () => {
  it('the blind count shows expected cash only after counting; over/short beyond the limit needs a co-sign from someone else', async () => {
    await goldenDay();
    const status = await host.call('till.status');
    expect(status.session).toMatchObject({ float: 2000 });
    expect(JSON.stringify(status)).not.toMatch(/1523/); // the expected amount is not shown before the count
    // Expected = 2000 float + cash sales (95 + 53) - cash refunds (25 + 20) + 500 in - 80 paid out - 1000 pickup = 1523.
    const closed = await host.call('till.closeDrawer', {
      counts: [
        { value: 1000, count: 1 },
        { value: 500, count: 1 },
      ],
    });
    expect(closed).toEqual({ sessionId: status.session!.sessionId, counted: 1500, expected: 1523, overShort: -23, needsCosign: true });
    expect((await host.call('till.status')).awaitingCosign).toEqual([{ sessionId: closed.sessionId, overShort: -23 }]);
    const z1 = await host.fail('report.z', { approval: approvalBy('301') });
    expect(z1).toMatchObject({ code: 'till.not-ready' });
    // The cashier who counted cannot co-sign their own shortage, nor can another cashier.
    // The refusal says why, so the screen can tell the manager.
    expect(await host.fail('till.cosign', { sessionId: closed.sessionId, reason: 'miscount?', approval: approvalBy('102') })).toMatchObject(
      {
        code: 'approval.denied',
        details: { reason: 'not-allowed' },
      },
    );
    // By default only a manager co-signs (issue #7): a supervisor is refused.
    const bySupervisor = await host.fail('till.cosign', {
      sessionId: closed.sessionId,
      reason: 'coin roll missing',
      approval: approvalBy('201'),
    });
    expect(bySupervisor).toMatchObject({ code: 'approval.denied', details: { reason: 'not-allowed' } });
    await host.call('till.cosign', {
      sessionId: closed.sessionId,
      reason: 'coin roll missing, checked with Amy',
      approval: approvalBy('301'),
    });
    expect((await host.call('till.status')).awaitingCosign).toEqual([]);
  });

  it('the Z report matches the hand-computed day to the unit, prints, seals the day and verifies', async () => {
    await goldenDay();
    const counts = [
      { value: 1000, count: 1 },
      { value: 500, count: 1 },
      { value: 10, count: 2 },
      { value: 1, count: 3 },
    ];
    const { sessionId } = await host.call('till.closeDrawer', { counts });
    // The card terminal's batch: the card payments were all refunded or voided, so it is 0.
    expect(await host.call('till.cardBatch', { reported: 0 })).toMatchObject({ expected: 0, difference: 0 });
    const z = await host.call('report.z', { approval: approvalBy('301') });
    const k = z.keys;
    expect(z).toMatchObject({ kind: 'z', zNo: 1, businessDay: '2026-11-20', printed: true });
    expect(k.sales).toEqual({ amount: 95 + 153 + 55 - 55, count: 3 });
    expect(k['sales:tax']).toEqual({ amount: 5 + 6 + 3 - 3, count: 3 });
    expect(k.returns).toEqual({ amount: 25 + 120, count: 2 });
    expect(k['returns:tax']).toEqual({ amount: 2 + 6, count: 2 });
    expect(k['tender:cash']!.amount).toBe(95 + 53 - 25 - 20);
    expect(k['tender:card']!.amount).toBe(100 + 55 - 100 - 55);
    expect(k['refund:cash']).toEqual({ amount: 45, count: 2 });
    expect(k['refund:card']).toEqual({ amount: 100, count: 1 });
    expect(k['post-voids']).toEqual({ amount: 55, count: 1 });
    expect(k['no-sales']).toEqual({ amount: 0, count: 1 });
    expect(k['cash-in']).toEqual({ amount: 500, count: 1 });
    expect(k['cash-out:paid-out']).toEqual({ amount: 80, count: 1 });
    expect(k['cash-out:pickup']).toEqual({ amount: 1000, count: 1 });
    expect(k['training:sales']).toEqual({ amount: 45, count: 1 });
    expect(k['card-batch:reported']).toEqual({ amount: 0, count: 1 });
    // Per tax rate (gross incl. tax): 5 %: 95 + 120 + 55 - 55 - 25 - 120 = 70, tax 5 + 6 + 3 - 3 - 2 - 6 = 3; 0 %: 33.
    expect(k['tax:500:gross']!.amount).toBe(70);
    expect(k['tax:500:tax']!.amount).toBe(3);
    expect(k['tax:0:gross']!.amount).toBe(33);
    expect(k['dept:drinks']!.amount).toBe(50 + 33 + 25 - 25 - 25);
    expect(k['cashier:101']!.amount).toBe(103);
    expect(z.grand).toEqual({ period: 103, perpetual: 103 });
    expect(z.drawers).toEqual([
      { sessionId, operatorId: '101', float: 2000, expected: 1523, counted: 1523, overShort: 0, cosignSeq: null },
    ]);
    expect(z.byCashier.find((c) => c.operatorId === '101')).toMatchObject({ sales: 3, postVoids: 1, noSales: 1, returns: 2 });
    expect(z.byHour.map((h) => h.hour)).toEqual([10, 11]);
    // Printed on the receipt printer.
    expect(host.printer.printed.at(-1)).toMatchObject({ kind: 'report' });
    // Sealed: nothing more for that day; the next sale goes to the next business day.
    expect(host.store.isDaySealed('2026-11-20')).toBe(true);
    await openDrawer(host, 1000);
    await sale([['p-tea']], [{ type: 'cash', amount: 25 }]);
    expect([...host.store.entries()].filter((e) => e.kind === 'sale').at(-1)!.businessDay).toBe('2026-11-21');
    expect(host.verify()).toMatchObject({ ok: true });
    // Period roll-up from the Zs: a manager's report.
    expect((await host.fail('report.period', { from: '2026-11-01', to: '2026-11-30' })).code).toBe('permission.denied');
    await host.call('session.logout', {});
    await loginAs(host, '301');
    const month = await host.call('report.period', { from: '2026-11-01', to: '2026-11-30' });
    expect(month).toMatchObject({ zCount: 1, firstZ: 1, lastZ: 1, net: 103, perpetual: 103 });
  });

  it('a Z written with totals that do not match its entries is caught by ledger verify, even when properly signed', async () => {
    await openDrawer(host, 1000);
    await sale([['p-cake']], [{ type: 'cash', amount: 45 }]);
    await host.call('till.closeDrawer', {
      counts: [
        { value: 1000, count: 1 },
        { value: 10, count: 4 },
        { value: 5, count: 1 },
      ],
    });
    const z = await host.call('report.z', { approval: approvalBy('301') });
    host.close = (() => undefined) as never;
    host.store.close();
    // Someone with the SQLite file and the key's help? Not possible; with the file alone, editing the Z breaks its hash.
    const db = new Database(host.path);
    db.exec('DROP TRIGGER ledger_entries_no_update');
    const row = db.prepare("SELECT seq, body FROM ledger_entries WHERE kind = 'z-report'").get() as { seq: number; body: string };
    const body = JSON.parse(row.body) as { totals: ZTotals };
    body.totals.keys.sales!.amount = 5;
    db.prepare('UPDATE ledger_entries SET body = ? WHERE seq = ?').run(JSON.stringify(body), row.seq);
    db.close();
    expect(verifyLedgerFile(host.path, nodeLedgerCrypto).result).toMatchObject({ ok: false, seq: row.seq, reason: 'hash-mismatch' });
    expect(z.zNo).toBe(1);
  });

  it('a validly signed Z whose totals do not add up is caught with z-report-mismatch', async () => {
    await openDrawer(host, 1000);
    await sale([['p-cake']], [{ type: 'cash', amount: 45 }]);
    const head = host.store.head();
    const day = host.store.businessDay('2026-11-20')!;
    // The terminal's own writer signing a wrong Z (a bug, or a tampered build): signature fine, totals wrong.
    const totals = { currency: 'TWD', keys: { sales: { amount: 1, count: 1 } }, drawers: [], grand: { period: 1, perpetual: 1 } };
    const body = { zNo: 1, businessDay: '2026-11-20', firstSeq: day.firstSeq, lastSeq: day.lastSeq, lastHash: head.hash, totals };
    host.store.write((tx) => tx.append({ kind: 'z-report', businessDay: '2026-11-20', ...AT_13, operatorId: '301', body }));
    expect(host.verify()).toMatchObject({ ok: false, seq: head.seq + 1, reason: 'z-report-mismatch' });
  });

  it('a validly signed Z whose drawer figures were changed is caught with z-report-mismatch naming the field (issue #7)', async () => {
    await openDrawer(host, 1000);
    await sale([['p-cake']], [{ type: 'cash', amount: 45 }]);
    const { sessionId } = await host.call('till.closeDrawer', {
      counts: [
        { value: 1000, count: 1 },
        { value: 10, count: 4 },
      ],
    }); // 1040: 5 short
    const signWrongZ = (edit: (t: ZTotals) => void) => {
      const day = host.store.businessDay('2026-11-20')!;
      const last = host.store.entry(day.lastSeq)!;
      const totals = zTotals('TWD', host.store.dayTotals('2026-11-20'), host.store.drawerSessions({ businessDay: '2026-11-20' }), 0);
      expect(totals.drawers).toEqual([
        { sessionId, operatorId: '101', float: 1000, expected: 1045, counted: 1040, overShort: -5, cosignSeq: null },
      ]);
      edit(totals);
      // Written and signed by the terminal's own writer: hash and signature are fine, the figure is not.
      const body = { zNo: 1, businessDay: '2026-11-20', firstSeq: day.firstSeq, lastSeq: day.lastSeq, lastHash: last.hash, totals };
      const entry = host.store.write((tx) => tx.append({ kind: 'z-report', businessDay: '2026-11-20', ...AT_13, operatorId: '301', body }));
      return entry.seq;
    };
    // "Counted 1045, over/short 0": the shortage hidden on the Z.
    const seq = signWrongZ((t) => Object.assign(t.drawers[0]!, { counted: 1045, overShort: 0 }));
    const r = host.verify();
    expect(r).toMatchObject({ ok: false, seq, reason: 'z-report-mismatch' });
    expect(r.ok ? '' : r.message).toMatch(/drawer .* counted: the Z says 1045, the entries give 1040/);
  });

  it('a Z is checked against the drawer rebuilt from its entries: a wrong expected on the count is caught too', async () => {
    await openDrawer(host, 1000);
    await sale([['p-cake']], [{ type: 'cash', amount: 45 }]);
    const session = host.store.drawerSessions({ open: true })[0]!;
    // A closing count signed with an expected that does not follow from the drawer (1045), and a Z copying it.
    const denominations = [
      { value: 1000, count: 1 },
      { value: 10, count: 4 },
    ];
    const count = {
      drawerSessionId: session.sessionId,
      currency: 'TWD',
      purpose: 'closing',
      denominations,
      total: 1040,
      expected: 1040,
      overShort: 0,
    };
    const at = '2026-11-20T12:00:00.000Z';
    host.store.write((tx) =>
      tx.append({ kind: 'count', businessDay: '2026-11-20', startedAt: at, endedAt: at, operatorId: '101', body: count }),
    );
    const day = host.store.businessDay('2026-11-20')!;
    const totals = zTotals('TWD', host.store.dayTotals('2026-11-20'), host.store.drawerSessions({ businessDay: '2026-11-20' }), 0);
    const body = {
      zNo: 1,
      businessDay: '2026-11-20',
      firstSeq: day.firstSeq,
      lastSeq: day.lastSeq,
      lastHash: host.store.entry(day.lastSeq)!.hash,
      totals,
    };
    const z = host.store.write((tx) => tx.append({ kind: 'z-report', businessDay: '2026-11-20', ...AT_13, operatorId: '301', body }));
    const r = host.verify();
    expect(r).toMatchObject({ ok: false, seq: z.seq, reason: 'z-report-mismatch' });
    expect(r.ok ? '' : r.message).toMatch(
      /expected: the closing count says 1040 \(over\/short 0\), the drawer's entries give 1045 \(over\/short -5\)/,
    );
  });

  it('refuses to close while a drawer is still open or a receipt is owed, naming them', async () => {
    await openDrawer(host, 1000);
    host.printer.setFault('paper-out');
    const r = await (async () => {
      await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
      await host.call('sale.present');
      await host.call('sale.addTender', { type: 'cash', amount: 25 });
      return host.call('sale.complete');
    })();
    expect(await host.fail('report.z', { approval: approvalBy('301') })).toMatchObject({
      code: 'sale.obligation-open',
      details: { receiptNo: r.receiptNo },
    });
    await host.call('receipt.electronic', { receiptNo: r.receiptNo, reason: 'printer-failed' });
    expect((await host.fail('report.z', { approval: approvalBy('301') })).code).toBe('till.session-open');
  });

  it('prints the X from the screen as the X shows it, records the look, and says when the printer failed', async () => {
    await openDrawer(host, 1000);
    await sale([['p-tea']], [{ type: 'cash', amount: 25 }]);
    await loginAs(host, '301');
    const before = host.printer.printed.length;
    expect(await host.call('report.printX')).toEqual({ printed: true });
    const printed = host.printer.printed.at(-1)!;
    expect(host.printer.printed).toHaveLength(before + 1);
    // The X on screen, taken after: the same lines but for the ledger range, which the printed look itself extended.
    const onScreen = (await host.call('report.x')).document;
    const withoutRange = (d: typeof printed) => d.lines.filter((l) => !(l.type === 'pair' && l.left === 'Ledger entries'));
    expect(withoutRange(printed)).toEqual(withoutRange(onScreen));
    expect(printed.lines).toContainEqual({ type: 'pair', left: '  Amy 陳 (101)', right: '1  25' });
    const looks = [...host.store.entries()].filter((e) => e.kind === 'x-report');
    expect(looks).toHaveLength(2);
    host.printer.setFault('paper-out');
    expect(await host.call('report.printX')).toEqual({ printed: false, reason: 'paper-out' });
    expect([...host.store.entries()].at(-1)).toMatchObject({ kind: 'device-fault' });
  });
});
