// Two receipt printers, both real ESC/POS drivers talking TCP to strict virtual printers: the
// front printer runs out of paper, the cashier prints the owed receipt on the back printer, the
// obligation is discharged, and the ledger names the printer each attempt was on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_CONFIG, parseConfig } from '../../../host/config.ts';
import { startTerminal, type TerminalRuntime } from '../../../host/terminal-runtime.ts';
import { dispatchCall } from '../../../host/dispatch.ts';
import { VirtualPrinter } from '../../../hardware/emulators/virtual-printer.ts';
import { verifyLedgerFile } from '../../../db/ledger-verify.ts';
import { nodeLedgerCrypto } from '../../../platform/node-crypto.ts';
import type { LedgerEntry } from '../../../core/ledger/entry.ts';
import type { MethodName, ParamsInput, Result } from '../../../core/contract/methods.ts';
import type { HostErrorShape } from '../../../core/contract/errors.ts';
import { tempDir } from '../../helpers/ledger.ts';
import { isIdle, statusWhere } from '../hardware/helpers.ts';

const dir = tempDir('tillproof-two-printers-');
const front = new VirtualPrinter({ kanjiEncoding: 'big5' });
const back = new VirtualPrinter({ kanjiEncoding: 'big5' });
let runtime: TerminalRuntime;
let owedReceiptNo = 0;
const log = { error: () => undefined };
const call = async <M extends MethodName>(m: M, p: ParamsInput<M>): Promise<Result<M>> => {
  const r = await dispatchCall(runtime.handlers, m, p, log);
  if (!r.ok) throw Object.assign(new Error(`${m}: ${r.error.code} ${r.error.message}`), { code: r.error.code });
  return r.result as Result<M>;
};
const fail = async (m: MethodName, p: unknown): Promise<HostErrorShape> => {
  const r = await dispatchCall(runtime.handlers, m, p, log);
  if (r.ok) throw new Error(`${m} was expected to fail`);
  return r.error;
};
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
  mkdirSync(join(dir.path, 'data'), { recursive: true });
  const [frontPort, backPort] = [await front.listenTcp(0, '127.0.0.1'), await back.listenTcp(0, '127.0.0.1')];
  const config = parseConfig(
    {
      ...DEMO_CONFIG,
      devices: {
        front: { type: 'printer', transport: { kind: 'tcp', host: '127.0.0.1', port: frontPort }, encoding: 'big5' },
        back: { type: 'printer', transport: { kind: 'tcp', host: '127.0.0.1', port: backPort }, encoding: 'big5' },
        drawer: { type: 'drawer', connection: { kind: 'printer', printer: 'front' }, sensor: { polarity: 'high-is-open' } },
      },
    },
    'two printers',
  );
  runtime = startTerminal({ dataDir: join(dir.path, 'data'), config, demo: true });
  await statusWhere(runtime.hardware.printers[0]!, isIdle, 'idle');
  await statusWhere(runtime.hardware.printers[1]!, isIdle, 'idle');
  await call('session.login', { method: 'pin', staffId: 'S001', pin: '1111' });
  await call('till.openDrawer', { counts: [{ value: 1000, count: 2 }] });
});
afterAll(async () => {
  await runtime.close();
  await front.close();
  await back.close();
  dir.cleanup();
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

    expect(await fail('receipt.print', { receiptNo: r.receiptNo, printerId: 'kitchen' })).toMatchObject({ code: 'receipt.unknown-printer', details: { printerId: 'kitchen', printers: ['front', 'back'] } });

    const printed = await call('receipt.print', { receiptNo: r.receiptNo, printerId: 'back' });
    expect(printed).toMatchObject({ status: 'printed', failure: null });
    expect(back.receipts.at(-1)!.text).toContain(`#${r.receiptNo}`);
    expect(back.receipts.at(-1)!.text).toContain('茶裏王日式無糖綠茶 600ml');
    expect(runtime.store.openObligations()).toEqual([]);
    expect(runtime.store.receipt(r.receiptNo)).toMatchObject({ channel: 'printed' });

    const receiptEntries = entriesSince(before)
      .filter((e) => e.kind.startsWith('receipt-'))
      .map((e) => ({ kind: e.kind, printerId: (e.body as { printerId?: string }).printerId, receiptNo: (e.body as { receiptNo?: number }).receiptNo }));
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
