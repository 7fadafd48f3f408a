// `tillproof catalog import` end to end on a real terminal data directory: progress, per-row
// errors with line numbers, all-or-nothing by default, --partial, --dry-run, and the ledger's
// config-change entry written in the same transaction (the ledger still verifies).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { catalogCommand } from '../../../cli/catalog-commands.ts';
import type { CommandIo } from '../../../cli/io.ts';
import { openTerminalLedger, ledgerPath } from '../../../host/terminal-ledger.ts';
import { DEMO_CATALOG_CSV } from '../../../host/demo-data.ts';
import { DEMO_CONFIG } from '../../../host/config.ts';
import { verifyLedgerFile } from '../../../db/ledger-verify.ts';
import { readLedgerEntries } from '../../../db/ledger-file.ts';
import { nodeLedgerCrypto } from '../../../platform/node-crypto.ts';
import { CATALOG_CSV_HEADER, catalogCsv, syntheticProducts } from '../../helpers/catalog.ts';
import { tempDir } from '../../helpers/ledger.ts';

const clock = { now: () => new Date('2026-11-20T02:00:00.000Z') };
const IDENTITY = { terminalId: 'DEMO-01', storeId: 'DEMO-STORE', timeZone: 'Asia/Taipei', rolloverHour: 4 };

let dir: { path: string; cleanup: () => void };
let dataDir: string;

beforeEach(() => {
  dir = tempDir();
  dataDir = join(dir.path, 'terminal');
  openTerminalLedger(dataDir, IDENTITY, clock).store.close();
});

afterEach(() => dir.cleanup());

function run(...args: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = { out: (t) => out.push(t), err: (t) => err.push(t) };
  const code = catalogCommand(args, io, { clock });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function file(name: string, text: string | Buffer): string {
  const path = join(dir.path, name);
  writeFileSync(path, text);
  return path;
}

function entries() {
  return [...readLedgerEntries(ledgerPath(dataDir))];
}

function catalogState(): { version: number | null; products: number; active: number } {
  const db = new Database(ledgerPath(dataDir), { readonly: true });
  try {
    return {
      version: db.prepare("SELECT MAX(version) FROM master_data_versions WHERE section = 'catalog'").pluck().get() as number | null,
      products: db.prepare('SELECT COUNT(*) FROM products').pluck().get() as number,
      active: db.prepare('SELECT COUNT(*) FROM products WHERE active = 1').pluck().get() as number,
    };
  } finally {
    db.close();
  }
}

const header = CATALOG_CSV_HEADER.join(',');

describe('tillproof catalog import', () => {
  it('imports a file with progress, logs a config-change entry in the same transaction, and the ledger verifies', () => {
    const csv = file('catalog.csv', '\ufeff' + catalogCsv(syntheticProducts(25)));
    const r = run('import', csv, '--data-dir', dataDir, '--progress-every', '10');
    expect(r.code).toBe(0);
    expect(r.err).toContain('read 10 rows');
    expect(r.err).toContain('read 20 rows');
    expect(r.err).toContain('read 25 rows: 25 good, 0 rejected');
    expect(r.err).toContain('applied 10 of 25 rows');
    expect(r.err).toContain('applied 25 of 25 rows');
    expect(r.out).toMatch(
      /^catalog version 1-[0-9a-f]{16}: 25 inserted, 0 updated, 0 deactivated, 0 unchanged; 25 of 25 products active; logged as ledger entry 2$/,
    );

    const all = entries();
    expect(all).toHaveLength(2);
    const entry = all[1]!;
    expect(entry.kind).toBe('config-change');
    expect(entry.businessDay).toBe('2026-11-20');
    const db = new Database(ledgerPath(dataDir), { readonly: true });
    const recorded = db.prepare("SELECT version, digest FROM master_data_versions WHERE section = 'catalog'").get() as {
      version: number;
      digest: string;
    };
    db.close();
    expect(entry.body).toEqual({
      section: 'catalog',
      version: `1-${recorded.digest.slice(0, 16)}`,
      digest: recorded.digest,
      summary: 'import of catalog.csv: 25 inserted, 0 updated, 0 deactivated, 0 unchanged; 25 of 25 products active',
    });
    expect(verifyLedgerFile(ledgerPath(dataDir), nodeLedgerCrypto).result).toMatchObject({ ok: true, entries: 2 });

    // The same file again changes nothing and logs nothing.
    const again = run('import', csv, '--data-dir', dataDir);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/^catalog unchanged \(version 1-/);
    expect(entries()).toHaveLength(2);
  });

  it('runs through the tillproof command, and `tillproof ledger verify` passes afterwards', () => {
    const cli = join(import.meta.dirname, '../../../cli/main.ts');
    const csv = file('catalog.csv', catalogCsv(syntheticProducts(12)));
    const imported = spawnSync(process.execPath, [cli, 'catalog', 'import', csv, '--data-dir', dataDir, '--progress-every', '5'], {
      encoding: 'utf8',
    });
    expect(imported.status).toBe(0);
    expect(imported.stderr).toContain('read 12 rows: 12 good, 0 rejected');
    expect(imported.stdout).toMatch(/^catalog version 1-[0-9a-f]{16}: 12 inserted/);
    const verified = spawnSync(process.execPath, [cli, 'ledger', 'verify', '--data-dir', dataDir], { encoding: 'utf8' });
    expect(verified.status).toBe(0);
    expect(verified.stdout).toMatch(/^OK .*2 entries/);
    const bad = spawnSync(process.execPath, [cli, 'catalog', 'import', join(dir.path, 'missing.csv'), '--data-dir', dataDir], {
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
  });

  it('imports the demo catalog through --db', () => {
    const r = run('import', DEMO_CATALOG_CSV.pathname, '--db', ledgerPath(dataDir));
    expect(r.code).toBe(0);
    expect(catalogState()).toMatchObject({ version: 1, products: 66, active: 65 });
  });

  it('rejects a file with bad rows as a whole, naming each line and column', () => {
    run('import', file('first.csv', catalogCsv(syntheticProducts(5))), '--data-dir', dataDir);
    const good = catalogCsv(syntheticProducts(6)).trimEnd().split('\r\n');
    good[3] = good[3]!.replace(/,(\d+),(\d+),(\d+),/, ',$1.5,$2,$3,'); // line 4: price with decimals in TWD
    good[6] = good[6]!.replace(/4710(\d{9})/, (m) => m.slice(0, -1) + String((Number(m.at(-1)) + 1) % 10)); // line 7: check digit
    const r = run('import', file('bad.csv', good.join('\r\n')), '--data-dir', dataDir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('read 6 rows: 4 good, 2 rejected');
    expect(r.err).toMatch(/bad\.csv: line 4, column price_retail: "\d+\.5" is not a price with at most 0 decimals \[catalog\.bad-price\]/);
    expect(r.err).toMatch(/bad\.csv: line 7, column barcodes: .*should end in \d \[catalog\.bad-barcode\]/);
    expect(r.err).toContain('2 of 6 rows rejected; nothing was applied (fix the rows, or give --partial to apply the 4 good rows)');
    expect(r.out).toBe('');
    expect(catalogState()).toEqual({ version: 1, products: 5, active: 5 });
    expect(entries()).toHaveLength(2);
  });

  it('refuses a row whose tax class the store does not define, naming its line (the till could not price it)', () => {
    run('import', file('first.csv', catalogCsv(syntheticProducts(5))), '--data-dir', dataDir);
    const lines = catalogCsv(syntheticProducts(6)).trimEnd().split('\r\n');
    lines[3] = lines[3]!.replace(',standard,each,', ',luxury,each,'); // line 4
    const r = run('import', file('tax.csv', lines.join('\r\n')), '--data-dir', dataDir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /tax\.csv: line 4, column tax_class: tax class "luxury" is not one of this store's tax classes \(standard, zero\); .* \[catalog\.unknown-tax-class\]/,
    );
    expect(r.err).toContain('1 of 6 rows rejected; nothing was applied');
    expect(catalogState()).toEqual({ version: 1, products: 5, active: 5 });
    // The tax classes HQ published into the data folder count as the till's own.
    writeFileSync(
      join(dataDir, 'hq-config.json'),
      JSON.stringify({ taxClasses: { luxury: { id: 'luxury', rates: [{ id: 'VAT', bp: 500 }] } } }),
    );
    expect(run('import', file('tax.csv', lines.join('\r\n')), '--data-dir', dataDir).code).toBe(0);
  });

  it('--partial applies the good rows, leaves the bad rows products alone, and still exits 1', () => {
    run('import', file('first.csv', catalogCsv(syntheticProducts(5))), '--data-dir', dataDir);
    const lines = catalogCsv(syntheticProducts(6)).trimEnd().split('\r\n');
    lines[2] = lines[2]!.replace(',standard,each,', ',standard,box,'); // product 1 (already in the catalog): bad unit
    const r = run('import', file('partial.csv', lines.join('\r\n')), '--data-dir', dataDir, '--partial');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/line 3, column unit: "box" is not a unit/);
    expect(r.out).toMatch(
      /catalog version 2-[0-9a-f]{16}: 1 inserted, 0 updated, 0 deactivated, 4 unchanged; 6 of 6 products active; logged as ledger entry 3$/,
    );
    expect(r.err).toContain('1 of 6 rows rejected (--partial: the 5 good rows were applied)');
    const last = entries().at(-1)!;
    expect(last.body).toMatchObject({
      section: 'catalog',
      summary: expect.stringContaining('1 rows rejected and their products left alone'),
    });
    expect(verifyLedgerFile(ledgerPath(dataDir), nodeLedgerCrypto).result.ok).toBe(true);
  });

  it('deactivates products missing from the file unless --merge; --dry-run changes nothing', () => {
    run('import', file('first.csv', catalogCsv(syntheticProducts(5))), '--data-dir', dataDir);
    const fewer = file('fewer.csv', catalogCsv(syntheticProducts(3)));
    const dry = run('import', fewer, '--data-dir', dataDir, '--dry-run');
    expect(dry).toMatchObject({
      code: 0,
      out: 'dry run: 0 inserted, 0 updated, 2 deactivated, 3 unchanged; 3 of 5 products active; nothing was changed',
    });
    expect(catalogState()).toEqual({ version: 1, products: 5, active: 5 });
    expect(run('import', fewer, '--data-dir', dataDir, '--merge').out).toMatch(/^catalog unchanged/);
    expect(run('import', fewer, '--data-dir', dataDir).out).toMatch(/2 deactivated/);
    expect(catalogState()).toEqual({ version: 2, products: 5, active: 3 });
    expect(entries()).toHaveLength(3);
  });

  it('refuses to empty the catalog with a file that has no rows', () => {
    run('import', file('first.csv', catalogCsv(syntheticProducts(5))), '--data-dir', dataDir);
    const r = run('import', file('empty.csv', header + '\r\n'), '--data-dir', dataDir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('refusing to deactivate the whole catalog');
    expect(catalogState().active).toBe(5);
  });

  it('reports a SKU the catalog gives to a product the file does not list, and applies nothing', () => {
    run('import', file('first.csv', catalogCsv(syntheticProducts(5))), '--data-dir', dataDir);
    const stolen = [...syntheticProducts(1, { start: 7 })].map((p) => ({ ...p, sku: 'S00000002' }));
    const r = run('import', file('stolen.csv', catalogCsv(stolen)), '--data-dir', dataDir, '--merge');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/SKU S00000002 belongs to product P00000002.*\[master-data\.sku-taken\]; nothing was applied/);
    expect(catalogState()).toEqual({ version: 1, products: 5, active: 5 });
  });

  it('exits 1 for a bad header and for a file that is not UTF-8', () => {
    const badHeader = run('import', file('h.csv', 'id,name\r\n1,x\r\n'), '--data-dir', dataDir);
    expect(badHeader.code).toBe(1);
    expect(badHeader.err).toMatch(/line 1, column product_id: the header has no "product_id" column/);
    expect(badHeader.err).toContain('the header row is not usable; nothing was applied');
    const big5 = Buffer.concat([
      Buffer.from(`${header}\r\nP-1,1,`),
      Buffer.from([0xaf, 0x51, 0xc0, 0x73]),
      Buffer.from(',,,,drinks,standard,each,10,,,,1,\r\n'),
    ]);
    const r = run('import', file('big5.csv', big5), '--data-dir', dataDir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('is not UTF-8 text');
  });

  it('exits 2 on usage and I/O errors', () => {
    const csv = file('c.csv', catalogCsv(syntheticProducts(2)));
    expect(run('import', csv).code).toBe(2);
    expect(run('import', '--data-dir', dataDir).code).toBe(2);
    expect(run('import', csv, '--db', 'x', '--data-dir', dataDir).code).toBe(2);
    expect(run('import', csv, '--data-dir', dataDir, '--bogus').code).toBe(2);
    expect(run('import', csv, '--data-dir', dataDir, '--progress-every', '0').code).toBe(2);
    expect(run('export').code).toBe(2);
    expect(run().code).toBe(2);
    const missingFile = run('import', join(dir.path, 'nope.csv'), '--data-dir', dataDir);
    expect(missingFile.code).toBe(2);
    expect(missingFile.err).toMatch(/ENOENT|no such file/);
    const noLedger = run('import', csv, '--data-dir', join(dir.path, 'elsewhere'));
    expect(noLedger).toMatchObject({ code: 2, err: expect.stringMatching(/no ledger at .*\[ledger\.missing\]/) });
    expect(run('import', csv, '--data-dir', dataDir, '--config', file('bad.json', '{}')).code).toBe(2);
    // The config names the store currency and zone: another terminal's config is refused, dry run too.
    const other = file('other.json', JSON.stringify({ ...DEMO_CONFIG, terminal: { terminalId: 'OTHER-01' } }));
    for (const extra of [[], ['--dry-run']]) {
      expect(run('import', csv, '--data-dir', dataDir, '--config', other, ...extra)).toMatchObject({
        code: 2,
        err: expect.stringMatching(/terminal-mismatch/),
      });
    }
  });
});
