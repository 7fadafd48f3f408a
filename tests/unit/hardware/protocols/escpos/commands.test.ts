import { describe, expect, it } from 'vitest';
import {
  align,
  bold,
  characterSize,
  cut,
  feedDots,
  feedLines,
  initialize,
  kanjiCodeSystem,
  lineFeed,
  reverse,
  underline,
  type Alignment,
} from '../../../../../hardware/protocols/escpos/commands.ts';
import { encodePrintText } from '../../../../../hardware/protocols/escpos/cjk.ts';
import { renderEscPos } from '../../../../../hardware/protocols/escpos/render.ts';
import { printoutToText } from '../../../../../hardware/protocols/printout/printout-text.ts';
import type { LineItem } from '../../../../../hardware/protocols/printout/printout.ts';
import { bytes } from '../../../../helpers/escpos.ts';

const outOfRange = expect.objectContaining({ code: 'printer.out-of-range' });
const text = (s: string): Uint8Array => encodePrintText(s, 'big5');

describe('raw commands', () => {
  it('have the exact Epson bytes', () => {
    expect([...initialize()]).toEqual([0x1b, 0x40]);
    expect([...lineFeed()]).toEqual([0x0a]);
    expect([...align('left')]).toEqual([0x1b, 0x61, 0]);
    expect([...align('center')]).toEqual([0x1b, 0x61, 1]);
    expect([...align('right')]).toEqual([0x1b, 0x61, 2]);
    expect([...bold(true)]).toEqual([0x1b, 0x45, 1]);
    expect([...bold(false)]).toEqual([0x1b, 0x45, 0]);
    expect([...underline(2)]).toEqual([0x1b, 0x2d, 2]);
    expect([...reverse(true)]).toEqual([0x1d, 0x42, 1]);
    expect([...characterSize(2, 2)]).toEqual([0x1d, 0x21, 0x11]);
    expect([...characterSize(1, 1)]).toEqual([0x1d, 0x21, 0x00]);
    expect([...characterSize(8, 3)]).toEqual([0x1d, 0x21, 0x72]);
    expect([...feedLines(3)]).toEqual([0x1b, 0x64, 3]);
    expect([...feedDots(24)]).toEqual([0x1b, 0x4a, 24]);
    expect([...kanjiCodeSystem('shift_jis')]).toEqual([0x1c, 0x43, 1]);
  });

  it('cut: GS V 0/1 in place, GS V 65/66 n after feeding the last line past the blade', () => {
    expect([...cut()]).toEqual([0x1d, 0x56, 0]);
    expect([...cut({ partial: true })]).toEqual([0x1d, 0x56, 1]);
    expect([...cut({ feedDots: 96 })]).toEqual([0x1d, 0x56, 65, 96]);
    expect([...cut({ partial: true, feedDots: 0 })]).toEqual([0x1d, 0x56, 66, 0]);
  });

  it('refuse values the printer cannot take', () => {
    expect(() => characterSize(0, 1)).toThrow(outOfRange);
    expect(() => characterSize(1, 9)).toThrow(outOfRange);
    expect(() => feedLines(256)).toThrow(outOfRange);
    expect(() => feedDots(-1)).toThrow(outOfRange);
    expect(() => cut({ feedDots: 300 })).toThrow(outOfRange);
    expect(() => underline(3 as 0)).toThrow(outOfRange);
    expect(() => align('middle' as Alignment)).toThrow(outOfRange);
  });

  it('print a receipt header the way a cashier expects: centred double-size shop name, bold total, cut after feed', () => {
    const stream = bytes(
      initialize(),
      align('center'),
      characterSize(2, 2),
      text('Tea House 茶館'),
      lineFeed(),
      characterSize(1, 1),
      align('left'),
      text('Oolong tea'),
      lineFeed(),
      bold(true),
      text('TOTAL  NT$180'),
      bold(false),
      lineFeed(),
      feedLines(3),
      cut({ partial: true, feedDots: 48 }),
    );
    const printout = renderEscPos(stream, { kanjiEncoding: 'big5' });
    expect(printout.fault).toBeNull();
    expect(printout.warnings).toEqual([]);
    const [title, item, total] = printout.items as LineItem[];
    expect(title).toMatchObject({
      align: 'center',
      runs: [
        { text: 'Tea House ', style: { widthScale: 2, heightScale: 2 } },
        { text: '茶館', kanji: true },
      ],
    });
    expect(item).toMatchObject({ align: 'left', runs: [{ text: 'Oolong tea', style: { widthScale: 1, bold: false } }] });
    expect(total?.runs).toMatchObject([{ text: 'TOTAL  NT$180', style: { bold: true } }]);
    expect(printout.items.at(-1)).toMatchObject({ kind: 'cut', partial: true, feedDots: 48 });
    expect(printoutToText(printout)).toBe(
      [
        '                 Tea House 茶館',
        'Oolong tea',
        'TOTAL  NT$180',
        '',
        '',
        '',
        '----------------- partial cut ------------------',
        '',
      ].join('\n'),
    );
  });
});
