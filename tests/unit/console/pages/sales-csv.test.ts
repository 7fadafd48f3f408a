import { describe, expect, it } from 'vitest';
import { csvCell, csvText } from '../../../../console/pages/sales-csv.ts';

describe('the sales CSV export', () => {
  it('starts with a UTF-8 byte-order mark and ends rows with CRLF, so Excel reads Chinese names', () => {
    const text = csvText([
      ['門市', 'Net'],
      ['台北店', 400],
    ]);
    expect(text).toBe('\uFEFF門市,Net\r\n台北店,400\r\n');
    expect(new TextEncoder().encode(text).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });

  it('quotes commas, quotes, line breaks and edge spaces, doubling quotes', () => {
    expect(csvCell('Tea, green')).toBe('"Tea, green"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(' padded')).toBe('" padded"');
    expect(csvCell('plain')).toBe('plain');
  });

  it('guards text a spreadsheet would run as a formula, but keeps numbers (negative ones too) as numbers', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell(-100)).toBe('-100');
    expect(csvCell(12.5)).toBe('12.5');
    expect(csvCell(null)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
  });
});
