// `tillproof einvoice range` on a real till data folder: a range recorded as a ledger entry (the
// chain verifies), listed with the next number and how many are left, overlapping and backwards
// ranges refused with nothing recorded; the till then sells from it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { einvoiceCommand } from '../../../cli/einvoice-commands.ts';
import { entryOf } from '../../../core/ledger/bodies.ts';
import { barcodeOf, loginAs, openDrawer, startTestHost, type TestHost } from '../../helpers/host.ts';

let host: TestHost;

beforeEach(() => {
  host = startTestHost({
    fiscal: { profile: 'tw-einvoice', sellerUbn: '04595257', qrKey: '0123456789abcdef0123456789abcdef', lowNumbersWarning: 5 },
  });
  // The till is stopped for a change, as for `tillproof staff`.
  host.store.close();
});
afterEach(() => host.close());

async function einvoice(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t) };
  const clock = { now: () => new Date('2026-11-20T03:00:00.000Z') };
  const code = await einvoiceCommand([...args, '--data-dir', host.dataDir, '--config', join(host.dataDir, 'config.json')], io, { clock });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const add = (track: string, from: string, to: string, period = '11512') =>
  einvoice(['range', 'add', '--track', track, '--from', from, '--to', to, '--period', period]);

describe('tillproof einvoice range', () => {
  it('records a range in the ledger, lists it, and the till sells from it', async () => {
    const added = await add('AB', '11223300', '11223349', '2026-12');
    expect(added).toMatchObject({ code: 0 });
    expect(added.out).toMatch(/11512: recorded AB11223300-AB11223349 \(50 numbers\) as ledger entry \d+; 50 number\(s\) left/);
    const list = await einvoice(['range', 'list']);
    expect(list.out).toContain('11512 (115年11-12月): 50 number(s) left, next AB11223300, last issued none');
    expect(list.out).toContain('AB11223300-AB11223349\t50 numbers');

    host = host.restart();
    const entry = [...host.store.entries()].map((e) => entryOf(e, 'einvoice-range')).find(Boolean);
    expect(entry?.body).toEqual({ period: '11512', track: 'AB', from: '11223300', to: '11223349', source: 'till' });
    expect(host.verify().ok).toBe(true);
    await loginAs(host, '101');
    await openDrawer(host);
    await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    const { total } = await host.call('sale.present');
    await host.call('sale.addTender', { type: 'cash', amount: total });
    await host.call('sale.complete');
    host.store.close();
    expect((await einvoice(['range', 'list', '--period', '11512'])).out).toContain(
      '49 number(s) left, next AB11223301, last issued AB11223300',
    );
    // Numbers are issued in order: a range before the last one issued would never be used.
    const before = await add('AA', '00000000', '00000049');
    expect(before.code).toBe(1);
    expect(before.err).toMatch(/AA00000000-AA00000049 lies before AB11223300, the last number this till issued in the period/);
  });

  it('refuses an overlapping range, recording nothing; another period may use the same numbers', async () => {
    expect((await add('AB', '11223300', '11223349')).code).toBe(0);
    const overlap = await add('AB', '11223340', '11223399');
    expect(overlap.code).toBe(1);
    expect(overlap.err).toMatch(/overlaps AB11223300-AB11223349, already recorded for this period; nothing was recorded/);
    // Another period may use the same numbers.
    expect((await add('AB', '11223300', '11223349', '11602')).code).toBe(0);
    const list = await einvoice(['range', 'list']);
    expect(list.out.match(/AB11223300-AB11223349/g)).toHaveLength(2);
  });

  it('says what is wrong with a track, a number or a period', async () => {
    await expect(add('ab', '11223300', '11223349')).rejects.toThrow(/--track: two uppercase letters/);
    await expect(add('AB', '1122330', '11223349')).rejects.toThrow(/--from: eight digits/);
    await expect(add('AB', '11223300', '11223349', '11511')).rejects.toThrow(/--period: a period code is the ROC year/);
    const backwards = await add('AB', '11223349', '11223300');
    expect(backwards).toMatchObject({ code: 1 });
    expect(backwards.err).toMatch(/11223349 is after 11223300/);
  });
});
