// A till with the Taiwan e-invoice profile on a real SQLite ledger: each sale takes the next number
// of the period's ranges inside its own ledger transaction (consecutive, never twice, across a
// restart and across ranges), with a 4-digit random code; the receipt it owes is the 證明聯; a till
// with no number left refuses to start a sale before money is taken; the status bar warns below the
// threshold.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TerminalConfigInput } from '../../../../core/config/terminal-config.ts';
import { entryOf } from '../../../../core/ledger/bodies.ts';
import type { DeviceStatus } from '../../../../core/contract/views.ts';
import { barcodeOf, expectRefused, loginAs, openDrawer, startTestHost, type TestHost } from '../../../helpers/host.ts';

const FISCAL: Partial<TerminalConfigInput> = {
  fiscal: { profile: 'tw-einvoice', sellerUbn: '04595257', qrKey: '0123456789abcdef0123456789abcdef', lowNumbersWarning: 5 },
};

let host: TestHost;

beforeEach(async () => {
  host = startTestHost(FISCAL);
  await loginAs(host, '101');
  await openDrawer(host);
});
afterEach(() => host.close());

/** Records a range as `tillproof einvoice range add` does (period 11512: the test clock is 2026-11-20). */
function addRange(h: TestHost, track: string, from: string, to: string, period = '11512'): void {
  h.store.write((tx) => tx.append({ ...draftAt(h), kind: 'einvoice-range', body: { period, track, from, to, source: 'till' } }));
}

function draftAt(h: TestHost) {
  const at = h.clock.now().toISOString();
  return { businessDay: '2026-11-20', startedAt: at, endedAt: at, operatorId: null };
}

async function sell(h: TestHost): Promise<number> {
  await h.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
  const { total } = await h.call('sale.present');
  await h.call('sale.addTender', { type: 'cash', amount: total });
  const receipt = await h.call('sale.complete');
  return receipt.receiptNo;
}

const invoices = (h: TestHost) =>
  [...h.store.entries()].flatMap((e) => {
    const sale = entryOf(e, 'sale');
    return sale?.body.einvoice ? [sale.body.einvoice] : [];
  });

const numbersDevice = (devices: readonly DeviceStatus[]) => devices.find((d) => d.device === 'einvoice');

describe('e-invoice numbers in the sale', () => {
  it('issues consecutive numbers range by range, each once, across a restart, each sale entry carrying its number and random code', async () => {
    // Recorded out of order: issued by letters, then by first number.
    addRange(host, 'AC', '00000050', '00000054');
    addRange(host, 'AB', '11223300', '11223309');
    for (let i = 0; i < 8; i++) await sell(host);
    host = host.restart();
    await loginAs(host, '101');
    for (let i = 0; i < 7; i++) await sell(host);
    const issued = invoices(host);
    const expected = [
      ...Array.from({ length: 10 }, (_, i) => `AB112233${String(i).padStart(2, '0')}`),
      ...Array.from({ length: 5 }, (_, i) => `AC000000${50 + i}`),
    ];
    expect(issued.map((x) => x.number)).toEqual(expected);
    expect(issued.every((x) => x.period === '11512' && /^\d{4}$/.test(x.randomCode))).toBe(true);
    expect(host.verify().ok).toBe(true);
  });

  it('prints the 證明聯 as the sale receipt and discharges the obligation with it', async () => {
    addRange(host, 'AB', '11223300', '11223349');
    const receiptNo = await sell(host);
    const doc = host.printer.printed.at(-1)!;
    const texts = doc.lines.flatMap((l) => (l.type === 'text' ? [l.text] : l.type === 'pair' ? [l.left, l.right] : []));
    expect(texts).toEqual(expect.arrayContaining(['電子發票證明聯', '115年11-12月', 'AB-11223300', '賣方 04595257']));
    const { randomCode } = invoices(host)[0]!;
    expect(doc.lines).toContainEqual({ type: 'barcode', symbology: 'CODE39', data: `11512AB11223300${randomCode}` });
    const qr = doc.lines.find((l) => l.type === 'qr-pair');
    expect(qr && qr.type === 'qr-pair' && qr.left.startsWith(`AB11223300${'1151120'}${randomCode}`)).toBe(true);
    expect(doc.receiptNo).toBe(receiptNo);
    expect(host.store.openObligations()).toEqual([]);
    expect(host.store.receipt(receiptNo)?.channel).toBe('printed');
  });

  it('refuses to start a sale when no number is left, before any money is taken, and says so', async () => {
    addRange(host, 'AB', '11223300', '11223301');
    await sell(host);
    await sell(host);
    await expectRefused(host, 'sale.scan', { code: barcodeOf('p-tea'), source: 'hid' }, 'einvoice.no-numbers');
    const refusal = await host.fail('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    expect(refusal.message).toMatch(/no e-invoice number is left for period 11512/);
    expect(numbersDevice((await host.call('session.state')).devices)).toMatchObject({ state: 'error', reason: 'numbers-out' });
    // A new range lets the till sell again, from its first number.
    addRange(host, 'AB', '11223350', '11223399');
    await sell(host);
    expect(invoices(host).at(-1)!.number).toBe('AB11223350');
  });

  it('two completions racing for one sale take one number; the next sale takes the next', async () => {
    addRange(host, 'AB', '11223300', '11223349');
    await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    const { total } = await host.call('sale.present');
    await host.call('sale.addTender', { type: 'cash', amount: total });
    const results = await Promise.allSettled([host.call('sale.complete'), host.call('sale.complete')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    await sell(host);
    expect(invoices(host).map((x) => x.number)).toEqual(['AB11223300', 'AB11223301']);
  });

  it("a sale started on the last evening of a period and paid after midnight takes the new period's number, or is refused with the reason", async () => {
    addRange(host, 'AB', '11223300', '11223349');
    host.clock.set('2026-12-31T15:55:00.000Z'); // 23:55 in Taipei, period 11512
    await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    const { total } = await host.call('sale.present');
    await host.call('sale.addTender', { type: 'cash', amount: total });
    host.clock.set('2026-12-31T16:05:00.000Z'); // 00:05 on 1 January: period 11602, no range yet
    const refused = await host.fail('sale.complete');
    expect(refused).toMatchObject({ code: 'einvoice.no-numbers' });
    expect(refused.message).toMatch(/period 11602/);
    expect(invoices(host)).toEqual([]);
    addRange(host, 'CD', '00000100', '00000149', '11602');
    await host.call('sale.complete');
    expect(invoices(host)).toMatchObject([{ period: '11602', number: 'CD00000100' }]);
  });

  it('a till with no range at all refuses the first sale', async () => {
    await expectRefused(host, 'sale.scan', { code: barcodeOf('p-tea'), source: 'hid' }, 'einvoice.no-numbers');
  });

  it('warns in the status bar when fewer numbers than the threshold are left', async () => {
    addRange(host, 'AB', '11223300', '11223306'); // 7 numbers, warning below 5
    expect(numbersDevice((await host.call('session.state')).devices)).toMatchObject({ state: 'idle' });
    expect(numbersDevice((await host.call('session.state')).devices)?.reason).toBeUndefined();
    await sell(host);
    await sell(host);
    expect(host.events.filter((e) => e.event === 'device.status').at(-1)?.payload).toMatchObject({ device: 'einvoice' });
    expect((host.events.filter((e) => e.event === 'device.status').at(-1)?.payload as DeviceStatus).reason).toBeUndefined();
    await sell(host); // 4 left
    expect(host.events.filter((e) => e.event === 'device.status').at(-1)?.payload).toMatchObject({
      device: 'einvoice',
      state: 'idle',
      reason: 'numbers-low',
      detail: '4 e-invoice number(s) left in period 11512',
    });
  });

  it('training sales take no number', async () => {
    addRange(host, 'AB', '11223300', '11223349');
    await host.call('session.logout', { reason: 'manual' });
    await loginAs(host, '101', true);
    await sell(host);
    expect(invoices(host)).toEqual([]);
  });
});

describe('without the profile', () => {
  it('a sale carries no e-invoice and the status bar shows no e-invoice device', async () => {
    const plain = startTestHost();
    try {
      await loginAs(plain, '101');
      await openDrawer(plain);
      await sell(plain);
      expect(invoices(plain)).toEqual([]);
      expect(numbersDevice((await plain.call('session.state')).devices)).toBeUndefined();
    } finally {
      plain.close();
    }
  });
});
