import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EInvoiceError, leaf, optionalLeaf, parent, refusedCharacter, xmlDocument, xmlText } from '../../../../hq/einvoice/xml.ts';

describe('e-invoice XML text', () => {
  it('escapes the five XML specials, so a name like "A&B <Shop>" reads back as given', () => {
    expect(xmlText('Seller.Name', `A&B <Shop> "x" 'y'`)).toBe('A&amp;B &lt;Shop&gt; &quot;x&quot; &apos;y&apos;');
    expect(xmlText('Seller.Name', '台北 & 新北')).toBe('台北 &amp; 新北');
  });

  it('refuses a control character with the field and the position, and strips nothing', () => {
    for (const bad of ['Shop\u0007', 'two\nlines', 'tab\there', 'del\u007f', 'c1\u0085', 'nul\u0000', 'lone\ud800', 'non\uffff']) {
      let thrown: unknown;
      try {
        xmlText('Buyer.Name', bad);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(EInvoiceError);
      expect((thrown as EInvoiceError).code).toBe('einvoice.invalid-text');
      expect((thrown as EInvoiceError).message).toContain('Buyer.Name');
    }
    expect(refusedCharacter('ab\u0001')).toEqual({ index: 2, codePoint: 1 });
    expect(refusedCharacter('乾電池 😀')).toBeNull();
  });

  it('never lets a text break out of its element (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        if (refusedCharacter(s)) return;
        const out = xmlText('f', s);
        expect(out).not.toMatch(/[<>"']/);
        expect(out.replace(/&(amp|lt|gt|quot|apos);/g, '')).not.toContain('&');
      }),
      { seed: 17, numRuns: 500 },
    );
  });

  it('renders a document in its namespace, leaving out missing optional fields', () => {
    const xml = xmlDocument('Root', 'urn:x', [parent('Main', [leaf('A', '1'), optionalLeaf('B', undefined), optionalLeaf('C', '')]), null]);
    expect(xml).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<Root xmlns="urn:x">\n  <Main>\n    <A>1</A>\n  </Main>\n</Root>\n');
  });
});
