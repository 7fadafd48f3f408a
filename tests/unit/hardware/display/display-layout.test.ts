import { describe, expect, it } from 'vitest';
import { layoutDisplay } from '../../../../hardware/display/display-layout.ts';
import { printerCharset, textColumns } from '../../../../hardware/protocols/text/layout.ts';

describe('layoutDisplay', () => {
  it('shows the item with its amount on top and the total below, 20 columns each', () => {
    expect(
      layoutDisplay(
        { item: { name: 'Oolong tea 600ml bottle', amount: '35.00' }, total: { label: 'TOTAL', amount: '1,234.00' } },
        { columns: 20, rows: 2, encoding: 'ascii' },
      ),
    ).toEqual(['Oolong tea 600 35.00', 'TOTAL       1,234.00']);
  });

  it('counts CJK characters as two columns and never splits one', () => {
    const charset = printerCharset('big5');
    const [top, bottom] = layoutDisplay(
      { item: { name: '珍珠奶茶大杯少冰半糖', amount: '65.00' }, total: { label: '合計', amount: '130.00' } },
      { columns: 20, rows: 2, encoding: 'big5' },
    );
    expect(top).toBe('珍珠奶茶大杯少 65.00');
    expect(bottom).toBe('合計          130.00');
    expect(textColumns(top!, charset)).toBe(20);
    expect(textColumns(bottom!, charset)).toBe(20);
  });

  it('on an ASCII display shows the Latin name for a CJK name, else ? for what it cannot show', () => {
    const geometry = { columns: 20, rows: 2 as const, encoding: 'ascii' as const };
    expect(layoutDisplay({ item: { name: '烏龍茶', latinName: 'Oolong tea', amount: '35.00' } }, geometry)[0]).toBe('Oolong tea     35.00');
    expect(layoutDisplay({ item: { name: '烏龍茶', amount: '35.00' } }, geometry)[0]).toBe('???            35.00');
    expect(layoutDisplay({ item: { name: 'Crème brûlée', amount: '4.50' } }, geometry)[0]).toBe('Creme brulee    4.50');
  });

  it('puts the total on a one-line display, and messages as they are', () => {
    expect(
      layoutDisplay(
        { item: { name: 'Tea', amount: '1.00' }, total: { label: 'TOTAL', amount: '9.00' } },
        { columns: 20, rows: 1, encoding: 'ascii' },
      ),
    ).toEqual(['TOTAL           9.00']);
    expect(layoutDisplay({ message: ['Welcome', 'Lane closed \x1b@'] }, { columns: 20, rows: 2, encoding: 'ascii' })).toEqual([
      'Welcome             ',
      'Lane closed  @      ',
    ]);
  });
});
