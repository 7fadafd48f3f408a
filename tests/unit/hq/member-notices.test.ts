import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileMessageProvider, noticeSubjectOf, salespersonsOf } from '../../../hq/member-notices.ts';

const sale = { saleId: 's-1', receiptNo: 3, currency: 'TWD', total: 18_000, training: false, member: { memberId: 'M0002', tier: 'vip' } };

describe('what gets a notice', () => {
  it('a member sale; not a sale without a member, nor a training sale', () => {
    expect(noticeSubjectOf('sale', sale)).toEqual({ kind: 'sale', saleId: 's-1', memberId: 'M0002', amount: 18_000, currency: 'TWD' });
    expect(noticeSubjectOf('sale', { ...sale, member: undefined })).toBeNull();
    expect(noticeSubjectOf('sale', { ...sale, training: true })).toBeNull();
  });

  it("a return of a sale and a post-void (their member is the sale's); not a line void or an abandoned sale", () => {
    const ret = { returnId: 'r-1', receiptNo: 4, currency: 'TWD', originalSaleId: 's-1', total: 500, training: false };
    expect(noticeSubjectOf('return', ret)).toEqual({ kind: 'return', saleId: 's-1', memberId: null, amount: 500, currency: 'TWD' });
    expect(noticeSubjectOf('return', { ...ret, originalSaleId: undefined })).toBeNull();
    expect(noticeSubjectOf('void', { scope: 'post-void', saleId: 's-1', receiptNo: 3, amount: 18_000 })).toEqual({
      kind: 'post-void',
      saleId: 's-1',
      memberId: null,
      amount: 18_000,
      currency: null,
    });
    expect(noticeSubjectOf('void', { scope: 'line', saleId: 's-1', lineNo: 1, amount: 10 })).toBeNull();
    expect(noticeSubjectOf('void', { scope: 'sale', saleId: 's-1', amount: 10 })).toBeNull();
    expect(noticeSubjectOf('no-sale', { reason: 'x' })).toBeNull();
    expect(noticeSubjectOf('sale', 'not an object')).toBeNull();
  });
});

describe('who sold it', () => {
  it('reads the salespersons the sale names, else the cashier', () => {
    expect(salespersonsOf(sale, 'S001')).toEqual(['S001']);
    expect(
      salespersonsOf(
        {
          ...sale,
          salespersons: [
            { staffId: 'S010', shareBp: 6000 },
            { staffId: 'S011', shareBp: 4000 },
          ],
        },
        'S001',
      ),
    ).toEqual(['S010', 'S011']);
    expect(salespersonsOf({ ...sale, salespersons: [] }, 'S001')).toEqual(['S001']);
    expect(salespersonsOf(sale, null)).toEqual([]);
  });
});

describe('the file provider (SMS / LINE in tests)', () => {
  it('appends one JSON line per message and touches no network', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tillproof-sms-'));
    try {
      const path = join(dir, 'sms.jsonl');
      const provider = fileMessageProvider(path, () => new Date('2026-12-07T00:00:00.000Z'));
      expect(await provider.send({ channel: 'sms', to: '+886912345678', text: 'a\nb', messageId: '<n.1>' })).toEqual({
        messageId: '<n.1>',
      });
      await provider.send({ channel: 'line', to: 'U123', text: 'c', messageId: '<n.2>' });
      const lines = readFileSync(path, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown);
      expect(lines).toEqual([
        { at: '2026-12-07T00:00:00.000Z', channel: 'sms', to: '+886912345678', text: 'a\nb', messageId: '<n.1>' },
        { at: '2026-12-07T00:00:00.000Z', channel: 'line', to: 'U123', text: 'c', messageId: '<n.2>' },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
