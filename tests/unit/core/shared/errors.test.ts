import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorMessage, TillproofError } from '../../../../core/shared/errors.ts';
import { HostError } from '../../../../core/contract/errors.ts';
import { MoneyError } from '../../../../core/money/errors.ts';
import { SyncError } from '../../../../core/sync/errors.ts';
import { LedgerStoreError } from '../../../../db/errors.ts';
import { HqError } from '../../../../hq/errors.ts';

const root = join(import.meta.dirname, '../../../..');
const PRODUCT_FOLDERS = ['core', 'db', 'hardware', 'platform', 'host', 'cli', 'hq', 'electron', 'renderer'];
/** Error classes allowed to extend Error directly: none, so a new one must build on TillproofError. */
const NOT_YET_SWEPT = new Set<string>([]);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'dist' ? [] : sources(path);
    return /\.tsx?$/.test(e.name) ? [path] : [];
  });
}

describe('TillproofError', () => {
  it('carries a code, the message, details and the cause', () => {
    const cause = new Error('disk');
    const e = new TillproofError('x.failed', 'it failed', { details: { n: 1 }, cause });
    expect(e).toBeInstanceOf(Error);
    expect(e).toMatchObject({ name: 'TillproofError', code: 'x.failed', message: 'it failed', details: { n: 1 } });
    expect(e.cause).toBe(cause);
    expect('cause' in new TillproofError('x.failed', 'no cause')).toBe(false);
  });

  it('is the base of each layer error, which keeps its own name and fields', () => {
    const errors = [
      new HostError('sale.empty', 'no lines'),
      new MoneyError('money.overflow', 'too big'),
      new SyncError('sync.offline', 'down'),
      new LedgerStoreError('ledger.io', 'io'),
      new HqError('hq.busy', 'busy'),
    ];
    for (const e of errors) expect(e).toBeInstanceOf(TillproofError);
    expect(errors.map((e) => e.name)).toEqual(['HostError', 'MoneyError', 'SyncError', 'LedgerStoreError', 'HqError']);
    expect(new HqError('hq.busy', 'busy')).toMatchObject({ status: 503, details: {} });
    expect(new SyncError('sync.offline', 'down')).toMatchObject({ retryable: true, details: {} });
  });

  it('HostError keeps its wire shape', () => {
    expect(new HostError('sale.empty', 'no lines').toShape()).toEqual({
      code: 'sale.empty',
      messageKey: 'error.sale.empty',
      message: 'no lines',
    });
    const withDetails = new HostError('sale.underpaid', 'short', { shortfall: 5 }).toShape();
    expect(withDetails).toEqual({
      code: 'sale.underpaid',
      messageKey: 'error.sale.underpaid',
      message: 'short',
      details: { shortfall: 5 },
    });
  });

  it('every error class of ours extends it', () => {
    const plain = PRODUCT_FOLDERS.flatMap((folder) => sources(join(root, folder))).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/class (\w+) extends Error\b/g)].map((m) => `${relative(root, file)}: ${m[1]}`),
    );
    expect(plain.filter((p) => !NOT_YET_SWEPT.has(p.split(': ')[1]!))).toEqual([]);
  });
});

describe('errorMessage', () => {
  it("is an Error's message, or anything else as text", () => {
    expect(errorMessage(new HostError('sale.empty', 'no lines'))).toBe('no lines');
    expect(errorMessage('plain text')).toBe('plain text');
    expect(errorMessage(42)).toBe('42');
    expect(errorMessage(undefined)).toBe('undefined');
  });
});
