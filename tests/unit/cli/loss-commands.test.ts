import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lossCommand } from '../../../cli/loss-commands.ts';
import { UsageError } from '../../../cli/io.ts';
import { SqliteLedgerStore } from '../../../db/sqlite-ledger.ts';
import { nodeLedgerCrypto } from '../../../platform/node-crypto.ts';
import { draft, newSigner, saleBody, tempDir } from '../../helpers/ledger.ts';

const dir = tempDir('tillproof-loss-cli-');
afterAll(() => dir.cleanup());

function io() {
  const out: string[] = [];
  return { out, io: { out: (t: string) => out.push(t), err: () => undefined } };
}

/** A ledger of `terminalId` with one member sale per business day given, by S001. */
function ledger(terminalId: string, days: string[]): string {
  const path = join(dir.path, `${terminalId}.sqlite`);
  const store = SqliteLedgerStore.create(path, nodeLedgerCrypto, newSigner(), {
    terminalId,
    storeId: 'ST-1',
    software: 'test',
    businessDay: days[0]!,
    at: `${days[0]}T01:00:00.000Z`,
  });
  try {
    store.write((tx) => {
      for (const day of days) {
        const no = tx.nextReceiptNo();
        const body = { ...saleBody(no), member: { memberId: 'M0002', tier: 'vip', verification: 'app-code' as const } };
        tx.append(draft('sale', body, `${day}T03:00:00.000Z`, day, 'S001'));
      }
    });
  } finally {
    store.close();
  }
  return path;
}

/** A signed ledger where a card sale is refunded in cash, a cash sale is refunded minutes later by its cashier, and a serial is sold twice. */
function refundsLedger(): string {
  const path = join(dir.path, 'T-R.sqlite');
  const store = SqliteLedgerStore.create(path, nodeLedgerCrypto, newSigner(), {
    terminalId: 'T-R',
    storeId: 'ST-1',
    software: 'test',
    businessDay: '2026-03-02',
    at: '2026-03-02T01:00:00.000Z',
  });
  const refund = (sale: ReturnType<typeof saleBody>, no: number, type: 'cash' | 'card', other: boolean) => ({
    returnId: `r-${no}`,
    receiptNo: no,
    currency: 'TWD',
    originalSaleId: sale.saleId,
    originalReceiptNo: sale.receiptNo,
    lines: sale.lines.map((l) => ({
      lineNo: l.lineNo,
      productId: l.productId,
      sku: l.sku,
      name: l.name,
      qtyMilli: l.qtyMilli,
      amount: l.amount,
      tax: l.tax,
      taxRateBp: l.taxRateBp,
    })),
    refunds: [{ type, amount: sale.total }],
    total: sale.total,
    tax: sale.tax,
    reason: 'changed mind',
    withReceipt: true,
    training: false,
    ...(other ? { otherTender: { amount: sale.total, approvalSeq: 1 } } : {}),
  });
  try {
    store.write((tx) => {
      const card = { ...saleBody(tx.nextReceiptNo()) };
      card.tenders = [{ type: 'card', amount: card.total }];
      tx.append(draft('sale', card, '2026-03-02T03:00:00.000Z', '2026-03-02', 'S002'));
      tx.append(draft('return', refund(card, tx.nextReceiptNo(), 'cash', true), '2026-03-03T03:00:00.000Z', '2026-03-03', 'S003'));
      const cash = saleBody(tx.nextReceiptNo());
      tx.append(draft('sale', cash, '2026-03-03T04:00:00.000Z', '2026-03-03', 'S004'));
      tx.append(draft('return', refund(cash, tx.nextReceiptNo(), 'cash', false), '2026-03-03T04:06:00.000Z', '2026-03-03', 'S004'));
      for (const day of ['2026-03-04', '2026-03-05']) {
        const watch = saleBody(tx.nextReceiptNo());
        watch.lines = [{ ...watch.lines[0]!, serial: { value: 'SN-0042', entry: 'scanned' } }];
        watch.subtotal = watch.total = watch.lines[0]!.amount;
        watch.tax = watch.lines[0]!.tax;
        watch.tenders = [{ type: 'card', amount: watch.total }];
        tx.append(draft('sale', watch, `${day}T03:00:00.000Z`, day, 'S001'));
      }
    });
  } finally {
    store.close();
  }
  return path;
}

const a = ledger('T-1', ['2026-03-02', '2026-03-03']);
const b = ledger('T-2', ['2026-03-02']);
const rulesFile = join(dir.path, 'rules.json');
writeFileSync(rulesFile, JSON.stringify({ memberVelocity: { maxSalesPerDay: 1 } }));

describe('tillproof loss scan', () => {
  it('reads several ledgers, applies the rules file and lists cases as JSON', () => {
    const t = io();
    expect(lossCommand(['scan', '--db', a, '--db', b, '--rules', rulesFile, '--json'], t.io)).toBe(0);
    const cases = JSON.parse(t.out.join('')) as Array<Record<string, unknown>>;
    expect(cases).toEqual([
      expect.objectContaining({
        rule: 'member-velocity',
        memberId: 'M0002',
        businessDay: '2026-03-02',
        evidence: [
          { terminalId: 'T-1', seq: 2 },
          { terminalId: 'T-2', seq: 2 },
        ],
      }),
    ]);
  });

  it('finds nothing with the default rules, and says so in the table', () => {
    const t = io();
    expect(lossCommand(['scan', '--db', a, '--db', b], t.io)).toBe(0);
    expect(t.out.join('')).toBe('0 cases in 5 entries of 2 ledgers\n');
  });

  it('prints a table and CSV with one row per case, and honours the business days asked for', () => {
    const table = io();
    lossCommand(['scan', '--db', a, '--db', b, '--rules', rulesFile], table.io);
    expect(table.out.join('')).toMatch(
      /SCORE +RULE +DAY +TERMINAL +SEQS +STAFF +MEMBER +AT RISK\n +40 +member-velocity +2026-03-02 +T-1 +2 +S001 +M0002/,
    );
    const csv = io();
    lossCommand(['scan', '--db', a, '--db', b, '--rules', rulesFile, '--csv'], csv.io);
    const rows = csv.out.join('').trimEnd().split('\r\n');
    expect(rows[0]).toBe('rule,score,staffIds,memberId,terminalId,seqs,businessDay,amountAtRisk,explanation');
    expect(rows).toHaveLength(2);
    const later = io();
    lossCommand(['scan', '--db', a, '--db', b, '--rules', rulesFile, '--from', '2026-03-03', '--json'], later.io);
    expect(JSON.parse(later.out.join(''))).toEqual([]);
  });

  it('finds a card sale refunded in cash, a refund minutes after the sale by its cashier and a serial sold twice in a signed ledger', () => {
    const t = io();
    expect(lossCommand(['scan', '--db', refundsLedger(), '--json'], t.io)).toBe(0);
    const cases = JSON.parse(t.out.join('')) as Array<{ rule: string; seqs: number[]; staffIds: string[]; explanation: string }>;
    expect(cases.map((c) => [c.rule, c.seqs, c.staffIds]).sort()).toEqual([
      ['quick-refund', [4, 5], ['S004']],
      ['refund-other-tender', [2, 3], ['S003', 'S002']],
      ['serial-anomaly', [6, 7], ['S001']],
    ]);
    expect(cases.find((c) => c.rule === 'serial-anomaly')!.explanation).toContain('Serial SN-0042 was sold to a walk-in customer at seq 7');
  });

  it('evaluates the rules on a generated store-year with injected fraud, as a table or JSON', { timeout: 120_000 }, () => {
    const t = io();
    expect(lossCommand(['evaluate', '--seed', '3', '--sales', '4000', '--days', '56', '--json'], t.io)).toBe(0);
    const r = JSON.parse(t.out.join('')) as {
      sales: number;
      injected: number;
      rules: Array<{ rule: string; injected: number; found: number }>;
    };
    expect(r.sales).toBeGreaterThanOrEqual(4000);
    expect(r.injected).toBeGreaterThanOrEqual(8);
    expect(r.rules.find((x) => x.rule === 'seed-pattern')).toMatchObject({ injected: 8, found: 8 });
    const table = io();
    lossCommand(['evaluate', '--seed', '3', '--sales', '4000', '--days', '56'], table.io);
    expect(table.out.join('')).toMatch(/RULE +INJECTED +FOUND +CASES +FALSE ALARMS +PER 1,000 SALES +PER STORE-WEEK\nseed-pattern +8 +8 /);
    expect(() => lossCommand(['evaluate', '--sales', 'many'], t.io)).toThrow(/--sales is a whole number/);
    expect(() => lossCommand(['evaluate', '--days', '7'], t.io)).toThrow(/--days is at least 28/);
  });

  it('refuses bad options and a bad rules file with a clear message', () => {
    const t = io();
    expect(() => lossCommand(['scan'], t.io)).toThrow(UsageError);
    expect(() => lossCommand(['scan', '--db', a, '--from', '2026-13-01'], t.io)).toThrow(/--from is a business day/);
    expect(() => lossCommand(['scan', '--db', a, '--json', '--csv'], t.io)).toThrow(/not both/);
    const bad = join(dir.path, 'bad-rules.json');
    writeFileSync(bad, JSON.stringify({ seedPattern: { highValue: 'a lot' } }));
    expect(() => lossCommand(['scan', '--db', a, '--rules', bad], t.io)).toThrow(/rules file .* not valid: seedPattern\.highValue/);
    writeFileSync(bad, '{');
    expect(() => lossCommand(['scan', '--db', a, '--rules', bad], t.io)).toThrow(/cannot read the rules file/);
    expect(() => lossCommand(['sweep'], t.io)).toThrow(/unknown loss command "sweep"/);
  });
});
