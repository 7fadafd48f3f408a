import { readFileSync } from 'node:fs';
import { validateXML } from 'xmllint-wasm';
import { EInvoiceError } from './xml.ts';

// Every MIG 4.1 file HQ writes is validated against Tillproof's schema for its message
// (schemas/*.xsd, shipped beside this file) with libxml2 compiled to WebAssembly, before it is
// written: a file Turnkey would refuse never reaches its folder.

export const MESSAGE_TYPES = ['F0401', 'F0501', 'F0701', 'G0401', 'G0501', 'E0402'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

const schemas = new Map<MessageType, string>();

/** The XSD text of a message type. */
export function schemaOf(type: MessageType): string {
  let xsd = schemas.get(type);
  if (xsd === undefined) {
    xsd = readFileSync(new URL(`./schemas/${type}.xsd`, import.meta.url), 'utf8');
    schemas.set(type, xsd);
  }
  return xsd;
}

export interface SchemaCheck {
  readonly valid: boolean;
  /** libxml2's messages, without the file name. */
  readonly errors: readonly string[];
}

/** Checks a document against the schema of its message type. */
export async function checkAgainstSchema(type: MessageType, xml: string): Promise<SchemaCheck> {
  const result = await validateXML({ xml: [{ fileName: `${type}.xml`, contents: xml }], schema: [schemaOf(type)] });
  return { valid: result.valid, errors: result.errors.map((e) => e.message) };
}

/** Refuses a document its message schema refuses, with libxml2's reasons. */
export async function assertValid(type: MessageType, xml: string): Promise<void> {
  const check = await checkAgainstSchema(type, xml);
  if (!check.valid)
    throw new EInvoiceError('einvoice.schema', `the ${type} file does not match its schema: ${check.errors.join('; ')}`, {
      type,
      errors: check.errors,
    });
}

/**
 * Checks several documents of one message type in one libxml2 run (the WebAssembly module starts
 * once for all of them, not once each): true when every one is valid.
 */
export async function allValid(type: MessageType, xmls: readonly string[]): Promise<boolean> {
  if (xmls.length === 0) return true;
  const result = await validateXML({
    xml: xmls.map((contents, i) => ({ fileName: `${type}-${i}.xml`, contents })),
    schema: [schemaOf(type)],
  });
  return result.valid;
}
