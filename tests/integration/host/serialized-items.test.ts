// Serialized items through the host's handlers on a real SQLite ledger (issue #14): a watch is
// sold only with its serial, scanned by the till's scanner or typed with a manager's approval;
// the same serial is refused while the ledger has it sold; a return names the serial the sale
// sold; after the return it sells again; `tillproof serial show` tells the whole story.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approvalBy, expectRefused, loginAs, openDrawer, startTestHost, type TestHost, type TestProduct } from '../../helpers/host.ts';
import { entryOf } from '../../../core/ledger/bodies.ts';
import { run } from '../../../cli/main.ts';

const WATCH: TestProduct = {
  productId: 'p-watch',
  sku: 'WATCH-99',
  name: 'Limited watch 限量錶',
  names: { en: 'Limited watch' },
  department: 'watches',
  taxClass: 'standard',
  unit: 'each',
  prices: { retail: 20_000, vip: 18_000 },
  barcodes: ['04710000000066'],
  active: true,
  serialized: true,
};
const WATCH_EAN = '4710000000066';

let host: TestHost;
beforeEach(async () => {
  host = startTestHost({}, undefined, { products: [WATCH] });
  await loginAs(host, '101');
  await openDrawer(host);
});
afterEach(() => host.close());

const sales = () => [...host.store.entries()].flatMap((e) => entryOf(e, 'sale') ?? []);

/** Rings up the watch with a serial read by the till's scanner, pays cash, completes. */
async function sellScanned(serial: string, member?: string): Promise<number> {
  await host.scanner(WATCH_EAN);
  if (member) await host.call('sale.attachMember', { method: 'token', token: host.token(member) });
  const view = await host.scanner(serial);
  expect(view.lines[0]).toMatchObject({ serialRequired: true, serial });
  await host.call('sale.present');
  await host.call('sale.addTender', { type: 'cash', amount: view.total });
  return (await host.call('sale.complete')).receiptNo;
}

async function cliShow(...args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await run(['serial', 'show', ...args], { out: (t) => void (out += `${t}\n`), err: (t) => void (out += `${t}\n`) });
  return { code, out };
}

describe('serialized items', () => {
  it('waits for the serial, takes a scanned one directly, and records it in the sale', async () => {
    const view = await host.call('sale.scan', { code: WATCH_EAN, source: 'wedge' });
    expect(view.lines[0]).toMatchObject({ serialRequired: true });
    expect(view.lines[0]?.serial).toBeUndefined();
    await expectRefused(host, 'sale.present', {}, 'serial.required');
    // Another item, or the serial from the screen as a scan, is not taken while the serial is due.
    await expectRefused(host, 'sale.scan', { code: 'SN-0001', source: 'serial' }, 'serial.required');
    await expectRefused(host, 'sale.addItem', { productId: 'p-tea' }, 'serial.required');
    await expectRefused(host, 'sale.setQuantity', { lineNo: 1, qtyMilli: 2000 }, 'serial.required');

    // Read with the symbology identifier the scanner is set to send (a Code 128 tag).
    await host.scanner(']C0sn-0001');
    await host.call('sale.present');
    await host.call('sale.addTender', { type: 'cash', amount: 20_000 });
    await host.call('sale.complete');
    const line = sales().at(-1)!.body.lines[0]!;
    expect(line).toMatchObject({ productId: 'p-watch', qtyMilli: 1000, serial: { value: 'SN-0001', entry: 'scanned' } });
    // The receipt names the piece sold.
    expect(host.printer.printed.at(-1)!.lines).toContainEqual({ type: 'text', text: '  S/N SN-0001' });
    expect(host.verify().ok).toBe(true);
  });

  it('a typed serial needs a manager, and the approval names the serial', async () => {
    await host.call('sale.addItem', { productId: 'p-watch' });
    await expectRefused(host, 'sale.setSerial', { lineNo: 1, serial: 'SN-0002' }, 'approval.required');
    await expectRefused(host, 'sale.setSerial', { lineNo: 1, serial: 'SN-0002', approval: approvalBy('102') }, 'approval.denied');
    await expectRefused(host, 'sale.setSerial', { lineNo: 1, serial: 'SN 00 2!' }, 'serial.invalid');
    const view = await host.call('sale.setSerial', { lineNo: 1, serial: 'SN-0002', approval: approvalBy('201') });
    expect(view.lines[0]?.serial).toBe('SN-0002');
    await host.call('sale.present');
    await host.call('sale.addTender', { type: 'cash', amount: 20_000 });
    await host.call('sale.complete');
    const sale = sales().at(-1)!.body;
    const serial = sale.lines[0]!.serial!;
    expect(serial).toMatchObject({ value: 'SN-0002', entry: 'typed' });
    const approval = entryOf(host.store.entry(serial.approvalSeq!), 'approval')!;
    expect(approval.body).toMatchObject({ action: 'sale.serial-typed', approverId: '201', requesterId: '101' });
    expect(approval.body.subject).toMatchObject({ serial: 'SN-0002', productId: 'p-watch' });
    expect(sale.approvals).toContain(serial.approvalSeq);
  });

  it('refuses a serial sold and not returned; a return names the sold serial; then it sells again; serial show tells it all', async () => {
    const first = await sellScanned('SN-0003', 'M-2001');
    // The same piece again: refused by the scanner path and the typed path alike, nothing written.
    await host.scanner(WATCH_EAN);
    await expect(host.scanner('SN-0003')).rejects.toMatchObject({ code: 'serial.sold' });
    await expectRefused(host, 'sale.setSerial', { lineNo: 1, serial: 'sn-0003', approval: approvalBy('201') }, 'serial.sold');
    await host.call('sale.voidLine', { lineNo: 1, reason: 'wrong piece' });
    await host.call('sale.cancel', { reason: 'no sale', approval: approvalBy('201') });

    // The return must name the serial the sale sold.
    const back = { originalReceiptNo: first, lines: [{ lineNo: 1, qtyMilli: 1000 }], reason: 'changed mind' };
    await expectRefused(host, 'return.complete', back, 'serial.required');
    await expectRefused(host, 'return.complete', { ...back, lines: [{ lineNo: 1, qtyMilli: 1000, serial: 'SN-9999' }] }, 'serial.not-sold');
    await host.call('return.complete', { ...back, lines: [{ lineNo: 1, qtyMilli: 1000, serial: 'sn-0003' }] });
    const ret = [...host.store.entries()].flatMap((e) => entryOf(e, 'return') ?? []).at(-1)!;
    expect(ret.body.lines[0]).toMatchObject({ productId: 'p-watch', serial: 'SN-0003' });
    // Returned once: not again, with or without the receipt.
    await expectRefused(
      host,
      'return.complete',
      { ...back, lines: [{ lineNo: 1, qtyMilli: 1000, serial: 'SN-0003' }] },
      'return.exceeds-sold',
    );
    const noReceipt = {
      lines: [{ productId: 'p-watch', qtyMilli: 1000, serial: 'SN-0003' }],
      reason: 'no receipt',
      approval: approvalBy('301'),
    };
    await expectRefused(host, 'return.complete', noReceipt, 'serial.not-sold');

    // Back in the store, the piece sells again, to a walk-in this time.
    const second = await sellScanned('SN-0003');
    // Without a receipt, a return must name a serial sold here.
    await host.call('return.complete', noReceipt);
    expect(host.verify().ok).toBe(true);

    const shown = await cliShow('SN-0003', '--db', host.path);
    expect(shown.code).toBe(0);
    expect(shown.out).toMatch(/SOLD\s+to M-2001/);
    expect(shown.out).toMatch(new RegExp(`RETURNED\\s+\\(sold to M-2001\\).*receipt \\d+ line 1 against receipt ${first}`));
    expect(shown.out).toMatch(new RegExp(`SOLD\\s+to walk-in.*receipt ${second} line 1`));
    expect(shown.out).toMatch(/RETURNED .*without receipt/);
    expect(shown.out).toMatch(/owner of record: none: returned to the store/);

    const json = await cliShow('sn-0003', '--db', host.path, '--json');
    const parsed = JSON.parse(json.out) as { serial: string; owner: unknown; events: Array<Record<string, unknown>> };
    expect(parsed.serial).toBe('SN-0003');
    expect(parsed.events.map((e) => [e.event, e.memberId, e.receiptNo])).toEqual([
      ['sold', 'M-2001', first],
      ['returned', 'M-2001', expect.any(Number)],
      ['sold', null, second],
      ['returned', null, expect.any(Number)],
    ]);
    const firstSale = host.store.entry(parsed.events[0]!.seq as number)!;
    expect(parsed.events[0]).toMatchObject({
      terminalId: 'T-01',
      hash: firstSale.hash,
      storeId: 'S-TPE',
      cashierId: '101',
      entry: 'scanned',
    });
    expect(parsed.owner).toEqual({ status: 'in-store', memberId: null });
  });

  it('a post-void puts the serial back; the owner of record is the member while sold', async () => {
    const receiptNo = await sellScanned('SN-0004', 'M-1001');
    expect((await cliShow('SN-0004', '--db', host.path)).out).toMatch(/owner of record: M-1001/);
    await loginAs(host, '301');
    await host.call('sale.postVoid', { receiptNo, reason: 'rang wrong' });
    await loginAs(host, '101');
    await sellScanned('SN-0004');
    const shown = await cliShow('SN-0004', '--db', host.path, '--json');
    const parsed = JSON.parse(shown.out) as { owner: unknown; events: Array<{ event: string }> };
    expect(parsed.events.map((e) => e.event)).toEqual(['sold', 'post-voided', 'sold']);
    expect(parsed.owner).toEqual({ status: 'sold', memberId: null });
  });

  it('serial show flags a piece two tills both sold, across ledgers', async () => {
    await sellScanned('SN-0005', 'M-1001');
    const other = startTestHost({ terminal: { terminalId: 'T-02' } }, undefined, { products: [WATCH] });
    try {
      await loginAs(other, '101');
      await openDrawer(other);
      other.clock.advance(60_000);
      await other.scanner(WATCH_EAN);
      await other.scanner('SN-0005');
      await other.call('sale.present');
      await other.call('sale.addTender', { type: 'cash', amount: 20_000 });
      await other.call('sale.complete');
      const shown = await cliShow('SN-0005', '--db', host.path, '--db', other.path);
      expect(shown.code).toBe(1);
      expect(shown.out).toMatch(/T-02#\d+.*!! sold-while-sold/);
      expect(shown.out).toMatch(/owner of record: walk-in/);
    } finally {
      other.close();
    }
  });
});
