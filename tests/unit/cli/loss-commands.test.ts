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
