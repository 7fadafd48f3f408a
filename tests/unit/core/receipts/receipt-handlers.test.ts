// Receipts owed to the customer: printing, retrying, giving them electronically, marked copies.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approvalBy, barcodeOf, loginAs, openDrawer, startTestHost, type TestHost } from '../../../helpers/host.ts';
import { entryOf, type EntryKind } from '../../../../core/ledger/bodies.ts';
import { fromSqliteError } from '../../../../db/errors.ts';

let host: TestHost;
beforeEach(async () => {
  host = startTestHost();
  await loginAs(host, '101');
  await openDrawer(host);
});
afterEach(() => host.close());

const kinds = () => [...host.store.entries()].map((e) => e.kind);
const lastOf = <K extends EntryKind>(kind: K) => entryOf([...host.store.entries()].filter((e) => e.kind === kind).at(-1), kind)!;

async function sell(codes: string[], cash: number): Promise<number> {
  for (const code of codes) await host.call('sale.scan', { code, source: 'hid' });
  await host.call('sale.present');
  await host.call('sale.addTender', { type: 'cash', amount: cash });
  return (await host.call('sale.complete')).receiptNo;
}

describe('receipts', () => {
  it('reprints say COPY with a counter; beyond the first they need permission', async () => {
    const no = await sell([barcodeOf('p-tea')], 25);
    const copy1 = await host.call('receipt.reprint', { receiptNo: no });
    expect(copy1.document.lines.some((l) => l.type === 'text' && /COPY 1/.test(l.text))).toBe(true);
    expect((await host.fail('receipt.reprint', { receiptNo: no })).code).toBe('approval.required');
    const copy2 = await host.call('receipt.reprint', { receiptNo: no, approval: approvalBy('201') });
    expect(copy2.document.copyNo).toBe(2);
    expect(host.printer.printed.map((d) => d.copyNo)).toEqual([0, 1, 2]);
    expect(host.store.receipt(no)!.copies).toBe(2);
  });

  it('paper out: the obligation stays open, blocks the next sale, survives a restart, and an e-receipt discharges it', async () => {
    host.printer.setFault('paper-out');
    await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    await host.call('sale.present');
    await host.call('sale.addTender', { type: 'cash', amount: 25 });
    const r = await host.call('sale.complete');
    expect(r).toMatchObject({ status: 'failed', failure: { reason: 'paper-out' } });
    const blocked = await host.fail('sale.scan', { code: barcodeOf('p-cake'), source: 'hid' });
    expect(blocked).toMatchObject({ code: 'sale.obligation-open', details: { receiptNo: r.receiptNo } });
    expect((await host.fail('report.z', { approval: approvalBy('301') })).message).toMatch(new RegExp(`receipt ${r.receiptNo}`));

    host = host.restart();
    await loginAs(host, '101');
    const state = await host.call('session.state');
    expect(state.obligation).toMatchObject({ receiptNo: r.receiptNo, status: 'failed' });
    const issued = await host.call('receipt.electronic', { receiptNo: r.receiptNo, reason: 'printer-failed' });
    expect(issued.status).toBe('electronic');
    expect(lastOf('receipt-issued').body).toMatchObject({
      channel: 'electronic',
      electronicReason: 'printer-failed',
      destination: 'screen-qr',
    });
    host.printer.setFault(null);
    await host.call('sale.scan', { code: barcodeOf('p-cake'), source: 'hid' });
  });

  it('a retry after the paper is changed prints and discharges', async () => {
    host.printer.setFault('cover-open');
    const failed = await (async () => {
      await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
      await host.call('sale.present');
      await host.call('sale.addTender', { type: 'cash', amount: 25 });
      return host.call('sale.complete');
    })();
    expect(failed.failure?.reason).toBe('cover-open');
    host.printer.setFault(null);
    const retried = await host.call('receipt.print', { receiptNo: failed.receiptNo });
    expect(retried.status).toBe('printed');
    expect(kinds().filter((k) => k.startsWith('receipt'))).toEqual(['receipt-print-failed', 'receipt-issued']);
  });

  it('a retry after a print that may have come out says it replaces any earlier print, so there are never two plain originals', async () => {
    const reissued = (doc: { lines: Array<{ type: string; text?: string }> }, no: number): boolean =>
      doc.lines.some((l) => l.type === 'text' && l.text === `*** REISSUED: REPLACES ANY EARLIER PRINT OF #${no} ***`);
    const failedSale = async (): Promise<number> => {
      await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
      await host.call('sale.present');
      await host.call('sale.addTender', { type: 'cash', amount: 25 });
      const r = await host.call('sale.complete');
      expect(r.status).toBe('failed');
      return r.receiptNo;
    };

    // The rest of the receipt is still in the printer (no buffer clear): the retry is marked.
    host.printer.setFault('paper-out', 'may-print');
    const first = await failedSale();
    host.printer.setFault(null);
    const retried = await host.call('receipt.print', { receiptNo: first });
    expect(retried.status).toBe('printed');
    expect(reissued(host.printer.printed.at(-1)!, first)).toBe(true);
    expect(host.printer.printed.at(-1)!.copyNo).toBe(0);

    // The printer confirmed it cleared the rest: the retry is the plain original.
    host.printer.setFault('cover-open', 'cleared');
    const second = await failedSale();
    host.printer.setFault(null);
    await host.call('receipt.print', { receiptNo: second });
    expect(reissued(host.printer.printed.at(-1)!, second)).toBe(false);

    // Nothing reached the printer, but the till restarted since: what happened then is not known.
    host.printer.setFault('paper-out', 'none');
    const third = await failedSale();
    host = host.restart();
    await loginAs(host, '101');
    host.printer.setFault(null);
    await host.call('receipt.print', { receiptNo: third });
    expect(reissued(host.printer.printed.at(-1)!, third)).toBe(true);
  });

  it('declining paper still logs an e-receipt', async () => {
    host.printer.setFault('offline');
    await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    await host.call('sale.present');
    await host.call('sale.addTender', { type: 'cash', amount: 25 });
    const r = await host.call('sale.complete');
    await host.call('receipt.electronic', { receiptNo: r.receiptNo, reason: 'declined-paper' });
    expect(host.store.dayTotals('2026-11-20')['receipts:declined-paper']).toEqual({ amount: 0, count: 1 });
  });
});

describe('the disk fills up while the receipt prints', () => {
  /**
   * From the printer's first confirmation on, every ledger write fails as the SQLite adapter fails on a
   * full disk (SQLITE_FULL through the store's own error mapping), until `free()`.
   */
  function diskFullAfterPrint(h: TestHost): { free: () => void } {
    let full = false;
    let filled = false;
    const print = h.printer.print.bind(h.printer);
    h.printer.print = async (document) => {
      const outcome = await print(document);
      full ||= !filled;
      filled = true;
      return outcome;
    };
    const write = h.store.write.bind(h.store);
    h.store.write = (fn, durability) => {
      if (full) throw fromSqliteError(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }), h.path);
      return write(fn, durability);
    };
    return { free: () => void (full = false) };
  }

  it('tells the truth, keeps the receipt owed without printing a second original, and records it once there is space', async () => {
    const disk = diskFullAfterPrint(host);
    await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    await host.call('sale.present');
    await host.call('sale.addTender', { type: 'cash', amount: 25 });
    const e = await host.fail('sale.complete');
    expect(e.code).toBe('receipt.not-recorded');
    expect(e.messageKey).toBe('error.receipt.not-recorded');
    expect(e.message).toMatch(
      /receipt 1 printed on front and its sale is recorded, but recording the receipt failed \(the disk holding .* is full/,
    );
    expect(e.message).not.toMatch(/nothing was recorded/);
    expect(host.store.receipt(1)).toMatchObject({ receiptNo: 1, dischargedSeq: null });
    expect(host.printer.printed.map((d) => d.copyNo)).toEqual([0]);

    // The screen says it printed but is not recorded; pressing Print again records, never prints again.
    expect(await host.call('receipt.get', { receiptNo: 1 })).toMatchObject({ status: 'failed', failure: { reason: 'not-recorded' } });
    expect((await host.fail('receipt.print', { receiptNo: 1 })).code).toBe('receipt.not-recorded');
    expect((await host.fail('receipt.electronic', { receiptNo: 1, reason: 'printer-failed' })).code).toBe('receipt.not-recorded');
    expect((await host.fail('sale.scan', { code: barcodeOf('p-cake'), source: 'hid' })).code).toBe('sale.obligation-open');
    expect(host.printer.printed).toHaveLength(1);

    disk.free();
    expect(await host.call('receipt.print', { receiptNo: 1 })).toMatchObject({ status: 'printed', failure: null });
    expect(host.printer.printed).toHaveLength(1);
    expect(lastOf('receipt-issued').body).toMatchObject({ receiptNo: 1, channel: 'printed', copyNo: 0, printerId: 'front' });
    expect(kinds().filter((k) => k === 'receipt-issued')).toHaveLength(1);
    // Anything printed from now on is a marked copy.
    expect((await host.call('receipt.reprint', { receiptNo: 1 })).document.copyNo).toBe(1);
    await host.call('sale.scan', { code: barcodeOf('p-cake'), source: 'hid' });
    expect(host.verify()).toMatchObject({ ok: true });
  });
});
