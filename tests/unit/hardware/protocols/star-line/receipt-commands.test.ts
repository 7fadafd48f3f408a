import { describe, expect, it } from 'vitest';
import { starLineReceiptCommands } from '../../../../../hardware/protocols/star-line/receipt-commands.ts';
import { starBarcode, starDrawerKick } from '../../../../../hardware/protocols/star-line/commands.ts';

describe('starLineReceiptCommands', () => {
  it('prints ASCII text only, no Kanji set-up and no logo', () => {
    expect(starLineReceiptCommands.textEncoding('gb18030')).toBe('ascii');
    expect(starLineReceiptCommands.kanjiSetup('shift_jis')).toBeNull();
    expect(starLineReceiptCommands.logo({ width: 8, height: 1, data: Uint8Array.of(0xff) })).toBeNull();
  });

  it('prints barcodes with ESC b whatever the paper width, and kicks the same way when stopped', () => {
    expect(starLineReceiptCommands.barcode('CODE128', 'X'.repeat(40), 60, 384)).toEqual({
      bytes: starBarcode('CODE128', 'X'.repeat(40), 60),
    });
    const pulse = { pin: 2 as const, onMs: 100, offMs: 200 };
    expect(starLineReceiptCommands.drawerKick(pulse, true)).toEqual(starDrawerKick(pulse));
  });
});
