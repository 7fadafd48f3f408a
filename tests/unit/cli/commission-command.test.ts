// The commission command's options and refusals, in-process on a real ledger file: every mistake
// gets a clear message and no report; a CSV field with a comma or quote stays one field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { barcodeOf, loginAs, openDrawer, startTestHost, type TestHost } from '../../helpers/host.ts';
import { commissionCommand, commissionCsv } from '../../../cli/commission-command.ts';
import { EXIT, type CommandIo } from '../../../cli/io.ts';

let host: TestHost;
let rules: string;

function run(...args: string[]): { code: number; out: string; err: string } {
  const io = { out: '', err: '' };
  const capture: CommandIo = { out: (t) => void (io.out += t), err: (t) => void (io.err += t) };
  return { code: commissionCommand(args, capture), ...io };
}

beforeAll(async () => {
  host = startTestHost();
  await loginAs(host, '101');
  await openDrawer(host);
  await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
  const { total } = await host.call('sale.present');
  await host.call('sale.addTender', { type: 'cash', amount: total });
  await host.call('sale.complete');
  rules = join(host.dataDir, 'rules.json');
  writeFileSync(rules, JSON.stringify({ currency: 'TWD', rules: [{ id: 'all', percentBp: 1000 }] }));
});
afterAll(() => host.close());

describe('report commission options', () => {
  it('computes from the ledger file given', () => {
    const r = run('--db', host.path, '--rules', rules, '--from', '2026-11-20', '--to', '2026-11-20', '--json');
    expect(r.code).toBe(EXIT.ok);
    expect(JSON.parse(r.out)).toMatchObject({ total: 3, salespersons: [{ staffId: '101', total: 3 }] });
  });

  it.each([
    [['--rules', 'r.json', '--from', '2026-11-20', '--to', '2026-11-20'], /--db LEDGER.sqlite/],
    [['--db', 'x.sqlite', '--from', '2026-11-20', '--to', '2026-11-20'], /--rules RULES.json/],
    [['--db', 'x.sqlite', '--rules', 'r.json', '--from', '2026-11-31', '--to', '2026-12-01'], /--from is a business day/],
    [['--db', 'x.sqlite', '--rules', 'r.json', '--from', '2026-11-21', '--to', '2026-11-20'], /is after --to/],
    [['--db', 'x.sqlite', '--rules', 'r.json', '--from', '2026-11-20', '--to', '2026-11-20', '--json', '--csv'], /--json or --csv/],
  ])('refuses %j', (args, message) => {
    expect(() => run(...args)).toThrow(message);
  });

  it('--help shows the options and the rules documentation', () => {
    const r = run('--help');
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toContain('--rules RULES.json');
    expect(r.out).toContain('docs/loss-prevention.md');
  });

  it('refuses a rules file it cannot read', () => {
    expect(() => run('--db', host.path, '--rules', join(host.dataDir, 'none.json'), '--from', '2026-11-20', '--to', '2026-11-20')).toThrow(
      /cannot read the commission rules/,
    );
  });

  it('refuses rules in another currency than the ledger, computing nothing', () => {
    const usd = join(host.dataDir, 'usd.json');
    writeFileSync(usd, JSON.stringify({ currency: 'USD', rules: [] }));
    const r = run('--db', host.path, '--rules', usd, '--from', '2026-11-20', '--to', '2026-11-20');
    expect(r).toMatchObject({ code: EXIT.failed, out: '' });
    expect(r.err).toMatch(/is in TWD; the rules are in USD/);
  });

  it('quotes CSV fields holding a comma or a quote', () => {
    const csv = commissionCsv({
      from: '2026-11-20',
      to: '2026-11-20',
      currency: 'TWD',
      total: 1,
      salespersons: [
        {
          staffId: '101',
          total: 1,
          lines: [
            {
              ...{ terminalId: 'T1', seq: 9, businessDay: '2026-11-20', kind: 'sale', receiptNo: 1, lineNo: 1 },
              ...{ productId: 'p', sku: 'S', name: 'Tea, "green"', qtyMilli: 1000, amount: 10, rule: 'all' },
              ...{ lineCommission: 1, shareBp: 10_000, commission: 1 },
            },
          ],
        },
      ],
    });
    expect(csv.split('\r\n')[1]).toBe('101,T1,9,2026-11-20,sale,1,,1,p,S,"Tea, ""green""",1000,10,all,1,10000,1');
  });
});
