import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { salesPdf, salesPdfLocaleOf, salesPdfName, salesPdfRows } from '../../../hq/sales-pdf.ts';
import type { SalesReport } from '../../../hq/sales-report.ts';
import type { SalesFigure } from '../../../hq/sales-figures.ts';

const figure = (key: string, netTotal: number, extra: Partial<SalesFigure> = {}): SalesFigure => ({
  key,
  currency: 'TWD',
  salesCount: 2,
  salesTotal: netTotal,
  returnsCount: 0,
  returnsTotal: 0,
  postVoidsCount: 0,
  postVoidsTotal: 0,
  netTotal,
  ...extra,
});

const report: SalesReport = {
  from: '2026-11-20',
  to: '2026-11-20',
  previous: { from: '2026-11-19', to: '2026-11-19' },
  dimension: 'store',
  figures: [figure('S-1', 1_200), figure('S-3', 500)],
  previousFigures: [figure('S-1', 1_000), figure('S-2', 300)],
  byHour: [],
  exceptions: [],
};

describe('salesPdfRows', () => {
  it('puts the previous net beside each figure, keeps keys only the previous period had at zero, and the change in per cent', () => {
    expect(salesPdfRows(report).map((r) => [r.key, r.netTotal, r.previousNet, r.change])).toEqual([
      ['S-1', 1_200, 1_000, 20],
      ['S-3', 500, 0, null],
      ['S-2', 0, 300, -100],
    ]);
  });
});

describe('salesPdf', () => {
  it('draws the title, stores, period and figures (read back with pdftotext), named for the period', async () => {
    expect(salesPdfName(report)).toBe('sales-store-2026-11-20-2026-11-20.pdf');
    expect(salesPdfLocaleOf('zh-TW')).toBe('zh-TW');
    expect(salesPdfLocaleOf('fr')).toBe('en');
    const bytes = await salesPdf(report, { locale: 'en', stores: ['S-1', 'S-3'], generatedAt: new Date('2026-11-21T08:00:00Z') });
    const dir = mkdtempSync(join(tmpdir(), 'sales-pdf-'));
    try {
      writeFileSync(join(dir, 'sales.pdf'), bytes);
      const text = execFileSync('pdftotext', ['-layout', join(dir, 'sales.pdf'), '-'], { encoding: 'utf8' });
      expect(text).toContain('Sales report');
      expect(text).toContain('Stores: S-1, S-3');
      expect(text).toContain('Period: 2026-11-20 – 2026-11-20');
      expect(text).toMatch(/S-1\s+TWD\s+1,200 \(2\)\s+0\s+0\s+1,200\s+1,000\s+\+20 %/);
      expect(text).toMatch(/Total\s+TWD\s+1,700\s+0\s+0\s+1,700\s+1,300/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
