import { describe, expect, it } from 'vitest';
import { escPosReceiptCommands } from '../../../../../hardware/protocols/escpos/receipt-commands.ts';
import { code128, ean13 } from '../../../../../hardware/protocols/escpos/barcode.ts';
import { drawerKick, realtimeDrawerKick } from '../../../../../hardware/protocols/escpos/drawer.ts';

describe('escPosReceiptCommands', () => {
  it('prints text in the configured encoding, selecting Shift_JIS with FS C 1', () => {
    expect(escPosReceiptCommands.textEncoding('big5')).toBe('big5');
    expect([...escPosReceiptCommands.kanjiSetup('shift_jis')!]).toEqual([0x1c, 0x43, 0x01]);
    expect(escPosReceiptCommands.kanjiSetup('gb18030')).toBeNull();
  });

  it('prints a CODE128 too wide for the paper as its data', () => {
    expect(escPosReceiptCommands.barcode('CODE128', 'AB-12', 60, 576)).toEqual({
      bytes: code128('AB-12', { heightDots: 60, moduleWidth: 2, hri: 'below' }),
    });
    expect(escPosReceiptCommands.barcode('CODE128', 'X'.repeat(40), 60, 384)).toEqual({ text: 'X'.repeat(40) });
    expect(escPosReceiptCommands.barcode('EAN13', '400638133393', 60, 384)).toEqual({
      bytes: ean13('400638133393', { heightDots: 60, moduleWidth: 2, hri: 'below' }),
    });
  });

  it('kicks with ESC p, or with DLE DC4 in whole 100 ms steps while the printer is stopped', () => {
    const pulse = { pin: 5 as const, onMs: 120, offMs: 500 };
    expect(escPosReceiptCommands.drawerKick(pulse, false)).toEqual(drawerKick(pulse));
    expect(escPosReceiptCommands.drawerKick(pulse, true)).toEqual(realtimeDrawerKick(5, 100));
  });
});

describe('escPosReceiptCommands: the e-invoice Code 39', () => {
  it('prints the 19 characters at 1-dot bars on 57 mm paper, and as text where even those do not fit', () => {
    const out = escPosReceiptCommands.barcode('CODE39', '10404UZ176908720122', 60, 384);
    expect('bytes' in out && [...out.bytes.slice(6, 12)]).toEqual([0x1d, 0x77, 1, 0x1d, 0x6b, 69]);
    expect(escPosReceiptCommands.barcode('CODE39', '10404UZ176908720122', 60, 300)).toEqual({ text: '10404UZ176908720122' });
  });
});
