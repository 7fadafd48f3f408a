import { TillproofError } from '../../core/shared/errors.ts';

// The XML of the MIG 4.1 messages: a small element tree rendered with every text escaped.
// Text rule: every text field is checked before it is escaped. A control character (C0 but none
// allowed, DEL, C1), a lone surrogate or a noncharacter U+FFFE/U+FFFF is refused with the field's
// name and the character's position; nothing is stripped silently, since a name on an invoice must
// read as the buyer or seller gave it. `&`, `<`, `>`, `"` and `'` are escaped.

export type EInvoiceErrorCode =
  | 'einvoice.invalid-text'
  | 'einvoice.invalid-input'
  | 'einvoice.schema'
  | 'einvoice.duplicate'
  | 'einvoice.folder'
  | 'einvoice.track'
  | 'einvoice.range';

/** An e-invoice file HQ will not write, or a track or range it will not record, with what is wrong. */
export class EInvoiceError extends TillproofError<EInvoiceErrorCode> {
  constructor(code: EInvoiceErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, { details });
    this.name = 'EInvoiceError';
  }
}

/** Why a text cannot go into an e-invoice file, or null when it can. */
export function refusedCharacter(text: string): { index: number; codePoint: number } | null {
  let index = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const control = cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f);
    const surrogate = cp >= 0xd800 && cp <= 0xdfff;
    if (control || surrogate || cp === 0xfffe || cp === 0xffff) return { index, codePoint: cp };
    index++;
  }
  return null;
}

/** The text escaped for XML content, after the text rule (see the top of this file). */
export function xmlText(field: string, text: string): string {
  const refused = refusedCharacter(text);
  if (refused) {
    const hex = refused.codePoint.toString(16).toUpperCase().padStart(4, '0');
    throw new EInvoiceError(
      'einvoice.invalid-text',
      `${field} holds a character an e-invoice cannot carry (U+${hex} at position ${refused.index + 1}); correct it at the source`,
      { field, codePoint: refused.codePoint, position: refused.index + 1 },
    );
  }
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** An element: a text leaf (`field` names it in errors) or a parent of elements; null children are left out. */
export type XmlElement =
  | { readonly name: string; readonly text: string; readonly field: string }
  | { readonly name: string; readonly children: readonly (XmlElement | null)[] };

export function leaf(name: string, text: string, field = name): XmlElement {
  return { name, text, field };
}

/** A leaf when there is a value, else nothing (an optional field left out). */
export function optionalLeaf(name: string, text: string | undefined | null, field = name): XmlElement | null {
  return text === undefined || text === null || text === '' ? null : leaf(name, text, field);
}

export function parent(name: string, children: readonly (XmlElement | null)[]): XmlElement {
  return { name, children };
}

function render(e: XmlElement, depth: number, out: string[]): void {
  const pad = '  '.repeat(depth);
  if ('text' in e) {
    out.push(`${pad}<${e.name}>${xmlText(e.field, e.text)}</${e.name}>`);
    return;
  }
  out.push(`${pad}<${e.name}>`);
  for (const child of e.children) if (child) render(child, depth + 1, out);
  out.push(`${pad}</${e.name}>`);
}

/** A whole UTF-8 document: the root element in the message's namespace. */
export function xmlDocument(root: string, namespace: string, children: readonly (XmlElement | null)[]): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<${root} xmlns="${namespace}">`];
  for (const child of children) if (child) render(child, 1, out);
  out.push(`</${root}>`, '');
  return out.join('\n');
}
