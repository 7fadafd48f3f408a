// The embedded default end to end: the host, the real ESC/POS driver, TCP on 127.0.0.1, and the
// strict virtual printer reading the bytes back. Paper runs out; the receipt is owed until it
// prints or is issued electronically.
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedEmulators } from '../../../host/embedded-devices.ts';
import type { TerminalRuntime } from '../../../host/terminal-runtime.ts';
import { verifyLedgerFile } from '../../../db/ledger-verify.ts';
import { nodeLedgerCrypto } from '../../../platform/node-crypto.ts';
import type { MethodName, ParamsInput, Result } from '../../../core/contract/methods.ts';
import { startEmulatedTill, type EmulatedTill } from '../../helpers/emulated-till.ts';
import { isIdle, statusWhere, until } from '../hardware/helpers.ts';

let till: EmulatedTill;
let emulators: EmbeddedEmulators;
let runtime: TerminalRuntime;
const call = <M extends MethodName>(m: M, p: ParamsInput<M>): Promise<Result<M>> => till.call(m, p);
const GREEN_TEA = '4711037000012'; // demo catalog: 茶裏王日式無糖綠茶 600ml, 25

async function sellTea(): Promise<Result<'sale.complete'>> {
  await call('sale.scan', { code: GREEN_TEA, source: 'hid' });
  await call('sale.present', {});
  await call('sale.addTender', { type: 'cash', amount: 100 });
  return call('sale.complete', {});
}

beforeAll(async () => {
  till = await startEmulatedTill({ tempPrefix: 'tillproof-emu-' });
  ({ runtime } = till);
  emulators = till.emulators!;
});
afterAll(async () => {
  await till?.close();
});

describe('selling on the emulated printer', () => {
  it('prints the receipt over TCP: Chinese text decoded by the printer, the signed QR, and the drawer kicked', async () => {
    const kicksBefore = emulators.printer.kicks.length;
    const r = await sellTea();
    expect(r).toMatchObject({ status: 'printed', change: 75 });
    const printed = emulators.printer.receipts.at(-1)!;
    expect(printed.text).toContain('茶裏王日式無糖綠茶 600ml');
    expect(printed.text).toContain(r.qr);
    expect(printed.files?.png).toMatch(/\.png$/);
    expect(emulators.printer.kicks.length).toBeGreaterThan(kicksBefore);
    expect(runtime.store.openObligations()).toEqual([]);
  });

  it('paper out: the sale is recorded, the receipt is owed, and nothing else can be sold until it prints', async () => {
    emulators.printer.setPaperOut(true);
    const r = await sellTea();
    expect(r).toMatchObject({ status: 'failed', failure: { reason: 'paper-out' } });
    expect(runtime.store.openObligations().map((o) => o.receiptNo)).toEqual([r.receiptNo]);
    await expect(call('sale.scan', { code: GREEN_TEA, source: 'hid' })).rejects.toMatchObject({ code: 'sale.obligation-open' });
    emulators.printer.setPaperOut(false);
    const retried = await call('receipt.print', { receiptNo: r.receiptNo });
    expect(retried.status).toBe('printed');
    expect(emulators.printer.receipts.at(-1)!.text).toContain(`#${r.receiptNo}`);
    expect(runtime.store.openObligations()).toEqual([]);
  });

  it('paper out mid-receipt: the printer clears the rest, and Print again gives the one and only original', async () => {
    const before = emulators.printer.receipts.length;
    emulators.printer.setPaperLines(6);
    const r = await sellTea();
    expect(r).toMatchObject({ status: 'failed', failure: { reason: 'paper-out' } });
    const stub = emulators.printer.nextReceipt();
    emulators.printer.setPaperOut(false);
    expect((await stub).text).not.toContain(r.qr);
    const retried = await call('receipt.print', { receiptNo: r.receiptNo });
    expect(retried.status).toBe('printed');
    const withQr = emulators.printer.receipts.slice(before).filter((p) => p.text.includes(r.qr));
    expect(withQr).toHaveLength(1);
    expect(withQr[0]!.text).not.toContain('REISSUED');
  });

  it('paper out, then the customer takes the e-receipt instead', async () => {
    emulators.printer.setPaperOut(true);
    const r = await sellTea();
    expect(r.status).toBe('failed');
    const e = await call('receipt.electronic', { receiptNo: r.receiptNo, reason: 'printer-failed' });
    expect(e.status).toBe('electronic');
    emulators.printer.setPaperOut(false);
    const next = await sellTea();
    expect(next.status).toBe('printed');
    expect(verifyLedgerFile(runtime.store.path, nodeLedgerCrypto).result).toMatchObject({ ok: true });
  });
});

describe('weighing on the emulated scale (issue #15)', () => {
  /** One control line to the scale's control port, after the token; resolves with the replies. */
  async function control(lines: string[]): Promise<string[]> {
    const token = readFileSync(emulators.controlTokenFile, 'utf8').trim();
    const socket = connect(emulators.scaleControlPort, '127.0.0.1');
    socket.setEncoding('utf8');
    let got = '';
    socket.on('data', (chunk: string) => (got += chunk));
    socket.write([`token ${token}`, ...lines].map((l) => `${l}\n`).join(''));
    const want = lines.length + 1;
    await until(() => got.split('\n').filter(Boolean).length >= want, 'the scale control replies');
    socket.destroy();
    return got.split('\n').filter(Boolean);
  }

  it('the embedded scale on TCP sells a stable weight set on its control port, and refuses a moving one', async () => {
    await statusWhere(runtime.hardware.scale!, isIdle, 'scale idle');
    expect(await control(['weight 1250'])).toEqual(['ok token', 'ok weight 1250']);
    const view = await call('sale.weigh', { productId: 'TP-0059' });
    expect(view.lines.at(-1)).toMatchObject({ sku: '1059', qtyMilli: 1250, amount: 100, weighed: 'scale' });
    await control(['motion']);
    expect(await till.fail('sale.weigh', { productId: 'TP-0059' })).toMatchObject({ code: 'scale.unstable' });
    await control(['stable']);
    await call('sale.cancel', { reason: 'customer-left', approval: { method: 'pin', staffId: 'S002', pin: '2222' } });
  });

  it('refuses a control connection without the token', async () => {
    const socket = connect(emulators.scaleControlPort, '127.0.0.1');
    socket.setEncoding('utf8');
    let got = '';
    socket.on('data', (chunk: string) => (got += chunk));
    socket.write('weight 99\n');
    await until(() => got.includes('\n'), 'the refusal');
    expect(got).toMatch(/^error send "token <control token>" first/);
    expect(emulators.scale.model.grams).not.toBe(99);
  });
});
