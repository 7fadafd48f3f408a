// Tokens both strict tokenizers (ESC/POS and Star Line Mode) emit for text and for the fault
// that stops a stream; their command tokens are their own (escpos/tokens.ts, star-line/tokenizer.ts).

export interface TextToken {
  kind: 'text';
  /** Byte offset of the first byte of the run in the whole stream. */
  offset: number;
  /** Raw bytes: single-byte code page text, or (kanji) whole double-byte characters mixed with ASCII. */
  bytes: Uint8Array;
  /** Received in Kanji mode (FS &): decode with the printer's double-byte encoding. */
  kanji: boolean;
}

export type EscPosFaultCode =
  | 'escpos.unknown-command'
  | 'escpos.unsupported-command'
  | 'escpos.bad-parameter'
  | 'escpos.bad-barcode-data'
  | 'escpos.bad-kanji-sequence'
  | 'escpos.code-page-in-kanji-mode'
  | 'escpos.truncated';

/** Faults of the Star Line Mode tokenizer (star-line/tokenizer.ts). */
export type StarLineFaultCode = 'star.unknown-command' | 'star.bad-parameter' | 'star.bad-barcode-data';

export interface FaultToken {
  kind: 'fault';
  code: EscPosFaultCode | StarLineFaultCode;
  /** Byte offset where the offending command (or character) starts. */
  offset: number;
  message: string;
}
