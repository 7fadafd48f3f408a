import { describe, expect, it } from 'vitest';
import { displayBytes } from '../../../../../hardware/protocols/escpos/line-display.ts';
import { printerCharset } from '../../../../../hardware/protocols/text/layout.ts';

describe('displayBytes', () => {
  it('writes each line at its own cursor position, control bytes from data never reach the display', () => {
    const bytes = displayBytes(['A\x0cB', 'C'], printerCharset('ascii'));
    expect(Buffer.from(bytes).toString('hex')).toBe('1f240101412042' + '1f240102' + '43');
  });
});
