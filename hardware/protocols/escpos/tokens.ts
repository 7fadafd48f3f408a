// What the strict ESC/POS tokenizer (tokenizer.ts) emits, and the error a whole stream with a fault throws.
import { TillproofError } from '../../../core/shared/errors.ts';
import type { KanjiEncoding } from './cjk.ts';
import type { FaultToken, TextToken } from '../stream-tokens.ts';

export type EscPosCommandName =
  | 'LF'
  | 'CR'
  | 'HT'
  | 'ESC @'
  | 'ESC !'
  | 'ESC E'
  | 'ESC G'
  | 'ESC a'
  | 'ESC d'
  | 'ESC J'
  | 'ESC t'
  | 'ESC p'
  | 'ESC -'
  | 'ESC M'
  | 'ESC R'
  | 'ESC 2'
  | 'ESC 3'
  | 'ESC SP'
  | 'ESC $'
  | 'ESC {'
  | 'ESC V'
  | 'ESC ='
  | 'ESC c 3'
  | 'ESC c 4'
  | 'ESC c 5'
  | 'GS !'
  | 'GS V'
  | 'GS B'
  | 'GS H'
  | 'GS h'
  | 'GS w'
  | 'GS f'
  | 'GS k'
  | 'GS ( k'
  | 'GS v 0'
  | 'GS a'
  | 'GS r'
  | 'GS L'
  | 'GS W'
  | 'GS b'
  | 'DLE EOT'
  | 'DLE DC4'
  | 'FS &'
  | 'FS .'
  | 'FS !'
  | 'FS C'
  | 'FS S'
  | 'FS -'
  | 'FS W'
  | 'FS p';

export interface CommandToken {
  kind: 'command';
  name: EscPosCommandName;
  offset: number;
  length: number;
  /**
   * Parameter bytes after the command prefix. GS k: [m] or [m, n]; GS ( k: [cn, fn, ...];
   * GS v 0: [m, xL, xH, yL, yH]; GS V: [m] or [m, n].
   */
  params: number[];
  /** Payload of GS k (barcode data), GS ( k fn 80 (QR data) and GS v 0 (raster rows). */
  data: Uint8Array | null;
}

export type EscPosToken = TextToken | CommandToken | FaultToken;

export interface TokenizerOptions {
  /** Encoding of the printer's Kanji font (the model's configuration). */
  kanjiEncoding: KanjiEncoding;
  /** Some Chinese models power up (and reset on ESC @) in Kanji mode. Default false. */
  kanjiModeAtStart?: boolean;
}

export class EscPosSyntaxError extends TillproofError<FaultToken['code']> {
  readonly offset: number;

  constructor(fault: FaultToken) {
    super(fault.code, `${fault.message} (at byte ${fault.offset})`);
    this.name = 'EscPosSyntaxError';
    this.offset = fault.offset;
  }
}
