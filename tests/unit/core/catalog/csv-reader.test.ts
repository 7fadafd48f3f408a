import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CsvReader, formatCsv, parseCsv } from '../../../../core/catalog/csv-reader.ts';

const fields = (text: string | string[]) => parseCsv(text).map((r) => r.fields);

/** Feeds `text` in pieces cut at the given positions. */
function pieces(text: string, cuts: number[]): string[] {
  const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let prev = 0;
  for (const c of at) {
    out.push(text.slice(prev, c));
    prev = c;
  }
  out.push(text.slice(prev));
  return out;
}

describe('RFC 4180 reader', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    const text = 'a,"b,c","say ""hi""","line1\nline2",""\r\n1,2,3,4,5\r\n';
    expect(fields(text)).toEqual([
      ['a', 'b,c', 'say "hi"', 'line1\nline2', ''],
      ['1', '2', '3', '4', '5'],
    ]);
  });

  it('takes CRLF, LF and CR line ends, keeps CRLF inside quotes verbatim, and needs no final line break', () => {
    expect(fields('a,b\r\nc,d\ne,f\rg,h')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
      ['g', 'h'],
    ]);
    expect(fields('"x\r\ny",z\r\n')).toEqual([['x\r\ny', 'z']]);
  });

  it('strips one UTF-8 BOM at the start only', () => {
    expect(fields('\ufeffid,name\r\n1,\ufeffx\r\n')).toEqual([
      ['id', 'name'],
      ['1', '\ufeffx'],
    ]);
    expect(fields(['', '\ufeff', 'a,b'])).toEqual([['a', 'b']]);
  });

  it('skips blank lines; a record of one empty field is written ""', () => {
    expect(fields('a\r\n\r\n\nb\r\n""\r\n')).toEqual([['a'], ['b'], ['']]);
    expect(fields('a,\r\n,\r\n')).toEqual([
      ['a', ''],
      ['', ''],
    ]);
    expect(fields('')).toEqual([]);
  });

  it('numbers records by the line they start on, counting line breaks inside quotes', () => {
    const records = parseCsv('h1,h2\r\n"multi\r\nline\nvalue",x\r\n\r\nnext,y\r\n');
    expect(records.map((r) => r.line)).toEqual([1, 2, 6]);
  });

  it('reports a stray quote, text after a closing quote and an unterminated quote with line and field', () => {
    const [a, b, c] = parseCsv('ok,ab"c\r\n"ab"c,ok\r\nok,"never closed\r\nmore\r\n');
    expect(a!.error).toMatchObject({ code: 'csv.stray-quote', line: 1, field: 1 });
    expect(a!.fields).toEqual(['ok', 'ab"c']);
    expect(b!.error).toMatchObject({ code: 'csv.text-after-quote', line: 2, field: 0 });
    expect(c!.error).toMatchObject({ code: 'csv.unterminated-quote', line: 3, field: 1 });
  });

  it('gives the same records whichever way the text is cut into chunks', () => {
    const text = '\ufeffid,"na""me",x\r\n1,"a,\r\nb",""\r\n2,c,"d"\r\n3,"",e';
    const whole = parseCsv(text);
    for (let i = 0; i <= text.length; i++) {
      for (let j = i; j <= text.length; j++) expect(parseCsv([text.slice(0, i), text.slice(i, j), text.slice(j)])).toEqual(whole);
    }
  });

  it('property: any table of strings written as CSV reads back identically, in any chunking, with or without BOM', () => {
    const cell = fc.string({
      unit: fc.constantFrom('a', 'Z', '0', ' ', ',', '"', '\r', '\n', '\ufeff', '茶', 'é', '\t', '😀'),
      maxLength: 8,
    });
    const table = fc
      .integer({ min: 1, max: 5 })
      .chain((width) => fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 6 }));
    fc.assert(
      fc.property(table, fc.array(fc.nat(), { maxLength: 6 }), fc.boolean(), (rows, cuts, bom) => {
        const text = (bom ? '\ufeff' : '') + formatCsv(rows);
        expect(parseCsv(pieces(text, cuts)).map((r) => r.fields)).toEqual(rows);
        expect(parseCsv(text).every((r) => r.error === undefined)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('property: arbitrary Unicode text also round-trips', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ unit: 'binary', maxLength: 12 }), { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 4 }),
        (rows) => {
          expect(fields(formatCsv(rows))).toEqual(rows);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses to be fed after end', () => {
    const r = new CsvReader();
    r.end();
    expect(() => r.push('a')).toThrow();
  });
});
