// Two receipt printers, both real ESC/POS drivers talking TCP to strict virtual printers: the
// front printer runs out of paper, the cashier prints the owed receipt on the back printer, the
// obligation is discharged, and the ledger names the printer each attempt was on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TerminalRuntime } from '../../../host/terminal-runtime.ts';
import type { VirtualPrinter } from '../../../hardware/emulators/virtual-printer.ts';
import { verifyLedgerFile } from '../../../db/ledger-verify.ts';
import { nodeLedgerCrypto } from '../../../platform/node-crypto.ts';
import type { LedgerEntry } from '../../../core/ledger/entry.ts';
import type { MethodName, ParamsInput, Result } from '../../../core/contract/methods.ts';
import type { HostErrorShape } from '../../../core/contract/errors.ts';
import { startEmulatedTill, type EmulatedTill } from '../../helpers/emulated-till.ts';

let till: EmulatedTill<'front' | 'back'>;
let front: VirtualPrinter;
let back: VirtualPrinter;
let runtime: TerminalRuntime;
let owedReceiptNo = 0;
const call = <M extends MethodName>(m: M, p: ParamsInput<M>): Promise<Result<M>> => till.call(m, p);
const fail = (m: MethodName, p: unknown): Promise<HostErrorShape> => till.fail(m, p);
const GREEN_TEA = '4711037000012'; // demo catalog: 茶裏王日式無糖綠茶 600ml, 25

async function sellTea(): Promise<Result<'sale.complete'>> {
  await call('sale.scan', { code: GREEN_TEA, source: 'hid' });
  await call('sale.present', {});
  await call('sale.addTender', { type: 'cash', amount: 100 });
  return call('sale.complete', {});
}

function entriesSince(seq: number): LedgerEntry[] {
  const out: LedgerEntry[] = [];
  for (let s = seq + 1; s <= runtime.store.head().seq; s++) out.push(runtime.store.entry(s)!);
  return out;
}

beforeAll(async () => {
  till = await startEmulatedTill({ tempPrefix: 'tillproof-two-printers-', printers: ['front', 'back'] });
  ({ runtime } = till);
  ({ front, back } = till.printers);
});
afterAll(async () => {
  await till?.close();
});

describe('a receipt owed after paper-out goes to the other printer', () => {
  it('both printers report to the till; receipts go to the primary', async () => {
    const devices = await call('devices.status', {});
    expect(devices.filter((d) => d.device === 'printer').map((d) => [d.id, d.state])).toEqual([
      ['front', 'idle'],
      ['back', 'idle'],
    ]);
    const r = await sellTea();
    expect(r).toMatchObject({ status: 'printed', printers: ['front', 'back'] });
    expect(front.receipts.at(-1)!.text).toContain(`#${r.receiptNo}`);
    expect(back.receipts).toEqual([]);
  });

  it('paper out on the front: printed on the back, obligation discharged, ledger names both printers and verifies', async () => {
    front.setPaperOut(true);
    const before = runtime.store.head().seq;
    const r = await sellTea();
    owedReceiptNo = r.receiptNo;
    expect(r).toMatchObject({ status: 'failed', failure: { reason: 'paper-out', printerId: 'front' }, printers: ['front', 'back'] });
    expect(runtime.store.openObligations().map((o) => o.receiptNo)).toEqual([r.receiptNo]);

    expect(await fail('receipt.print', { receiptNo: r.receiptNo, printerId: 'kitchen' })).toMatchObject({
      code: 'receipt.unknown-printer',
      details: { printerId: 'kitchen', printers: ['front', 'back'] },
    });

    const printed = await call('receipt.print', { receiptNo: r.receiptNo, printerId: 'back' });
    expect(printed).toMatchObject({ status: 'printed', failure: null });
    expect(back.receipts.at(-1)!.text).toContain(`#${r.receiptNo}`);
    expect(back.receipts.at(-1)!.text).toContain('茶裏王日式無糖綠茶 600ml');
    expect(runtime.store.openObligations()).toEqual([]);
    expect(runtime.store.receipt(r.receiptNo)).toMatchObject({ channel: 'printed' });

    const receiptEntries = entriesSince(before)
      .filter((e) => e.kind.startsWith('receipt-'))
      .map((e) => ({
        kind: e.kind,
        printerId: (e.body as { printerId?: string }).printerId,
        receiptNo: (e.body as { receiptNo?: number }).receiptNo,
      }));
    expect(receiptEntries).toEqual([
      { kind: 'receipt-print-failed', printerId: 'front', receiptNo: r.receiptNo },
      { kind: 'receipt-issued', printerId: 'back', receiptNo: r.receiptNo },
    ]);
    expect(verifyLedgerFile(runtime.store.path, nodeLedgerCrypto).result).toMatchObject({ ok: true });
  });

  it('the next sale can start; a copy can be reprinted on the back printer too', async () => {
    const copy = await call('receipt.reprint', { receiptNo: owedReceiptNo, printerId: 'back' });
    expect(copy.document.copyNo).toBe(1);
    expect(back.receipts.at(-1)!.text).toContain('*** 副本 1 ***'); // the demo store's locale: COPY
    const last = runtime.store.entry(runtime.store.head().seq)!;
    expect(last).toMatchObject({ kind: 'receipt-reprinted', body: { printerId: 'back', receiptNo: owedReceiptNo } });
    front.setPaperOut(false);
    expect((await sellTea()).status).toBe('printed');
    expect(verifyLedgerFile(runtime.store.path, nodeLedgerCrypto).result).toMatchObject({ ok: true });
  });
});
