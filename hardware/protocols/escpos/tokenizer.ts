// Strict streaming tokenizer for the ESC/POS byte stream the printer emulator receives.
//
// It exists to catch our own bugs, so it is stricter than a printer: a byte that is not a
// command it knows, a parameter outside the documented range, a malformed double-byte
// character, all stop the stream with a fault token naming the byte offset. Nothing is
// skipped. Input may arrive split at any byte (TCP, serial): tokens never depend on where the
// chunks end, because an incomplete command or character waits for its remaining bytes, and a
// run of text is emitted only when something that is not text follows it (or at end()).
import type { KanjiEncoding } from './cjk.ts';
import type { EscPosFaultCode, FaultToken } from '../stream-tokens.ts';
import { EscPosSyntaxError, type CommandToken, type EscPosToken, type TokenizerOptions } from './tokens.ts';
import { describeByte, type View } from './command-parse.ts';
import { TABLE } from './command-table.ts';
import { kanjiCharLength } from './kanji-chars.ts';
import { ByteQueue } from './byte-queue.ts';

type CommandParse =
  { type: 'need-more' } | { type: 'fault'; code: EscPosFaultCode; message: string } | { type: 'token'; token: CommandToken };

export class EscPosTokenizer {
  private readonly encoding: KanjiEncoding;
  private readonly kanjiAtStart: boolean;
  private readonly queue = new ByteQueue();
  /** Absolute stream offset of the first byte in the queue. */
  private offset = 0;
  private kanji: boolean;
  private text: { offset: number; parts: Uint8Array[]; length: number; kanji: boolean } | null = null;
  private stopped: FaultToken | null = null;
  private ended = false;

  constructor(options: TokenizerOptions) {
    this.encoding = options.kanjiEncoding;
    this.kanjiAtStart = options.kanjiModeAtStart ?? false;
    this.kanji = this.kanjiAtStart;
  }

  /** The fault that stopped the stream, if any. After a fault every later byte is ignored. */
  get fault(): FaultToken | null {
    return this.stopped;
  }

  /** Feeds the next chunk; returns the tokens it completes. */
  push(chunk: Uint8Array): EscPosToken[] {
    const out: EscPosToken[] = [];
    if (this.stopped || this.ended) return out;
    this.queue.append(chunk);
    this.drain(out);
    return out;
  }

  /** The stream is over (connection closed): flushes text and reports a command cut short. */
  end(): EscPosToken[] {
    const out: EscPosToken[] = [];
    if (this.stopped || this.ended) return out;
    this.ended = true;
    this.flushText(out);
    if (this.queue.length > 0) {
      const first = this.queue.view(0).byte(0)!;
      const what = first >= 0x80 ? `a ${this.encoding} character` : `command ${describeByte(first)}`;
      this.fail(out, 'escpos.truncated', `stream ended inside ${what} (${this.queue.length} bytes pending)`, this.offset);
    }
    return out;
  }

  private drain(out: EscPosToken[]): void {
    for (;;) {
      const view = this.queue.view(0);
      const first = view.byte(0);
      if (first === undefined) return;
      if (first >= 0x20) {
        if (!this.takeText(out, view)) return;
        continue;
      }
      const parsed = this.parseCommand(view);
      if (parsed.type === 'need-more') return;
      this.flushText(out);
      if (parsed.type === 'fault') {
        this.fail(out, parsed.code, parsed.message, this.offset);
        return;
      }
      out.push(parsed.token);
      this.queue.consume(parsed.token.length);
      this.offset += parsed.token.length;
    }
  }

  /** Consumes text bytes at the head of the queue. Returns false when it must wait for more bytes or has failed. */
  private takeText(out: EscPosToken[], view: View): boolean {
    let i = 0;
    for (;;) {
      const b = view.byte(i);
      if (b === undefined || b < 0x20) break;
      if (!this.kanji || b < 0x80) {
        i++;
        continue;
      }
      const len = kanjiCharLength(this.encoding, view, i);
      if (len === null) break;
      if (typeof len === 'string') {
        const at = this.offset + i;
        this.appendText(view, i);
        this.flushText(out);
        this.fail(out, 'escpos.bad-kanji-sequence', `Kanji mode: ${len}`, at);
        return false;
      }
      i += len;
    }
    if (i === 0) return false;
    this.appendText(view, i);
    return true;
  }

  private appendText(view: View, n: number): void {
    if (n === 0) return;
    const bytes = view.slice(0, n);
    if (this.text) {
      this.text.parts.push(bytes);
      this.text.length += n;
    } else {
      this.text = { offset: this.offset, parts: [bytes], length: n, kanji: this.kanji };
    }
    this.queue.consume(n);
    this.offset += n;
  }

  private flushText(out: EscPosToken[]): void {
    if (!this.text) return;
    const bytes = new Uint8Array(this.text.length);
    let o = 0;
    for (const p of this.text.parts) {
      bytes.set(p, o);
      o += p.length;
    }
    out.push({ kind: 'text', offset: this.text.offset, bytes, kanji: this.text.kanji });
    this.text = null;
  }

  private fail(out: EscPosToken[], code: EscPosFaultCode, message: string, offset: number): void {
    const token: FaultToken = { kind: 'fault', code, offset, message };
    this.stopped = token;
    out.push(token);
  }

  private parseCommand(view: View): CommandParse {
    let node = TABLE;
    let i = 0;
    while (!node.spec) {
      const b = view.byte(i);
      if (b === undefined) return { type: 'need-more' };
      const next = node.children.get(b);
      if (!next) {
        const message =
          node === TABLE
            ? `control byte ${describeByte(b)} is not a command`
            : `unknown command ${node.label} followed by ${describeByte(b)}`;
        return { type: 'fault', code: 'escpos.unknown-command', message };
      }
      node = next;
      i++;
    }
    const spec = node.spec;
    const r = spec.parse(view, i);
    if (r.type !== 'done') return r;
    if (spec.name === 'ESC t' && this.kanji) {
      const message =
        'ESC t (code page switch) received in Kanji mode: a single-byte code page must never be selected inside a double-byte run';
      return { type: 'fault', code: 'escpos.code-page-in-kanji-mode', message };
    }
    if (spec.name === 'FS &') this.kanji = true;
    if (spec.name === 'FS .') this.kanji = false;
    if (spec.name === 'ESC @') this.kanji = this.kanjiAtStart;
    return {
      type: 'token',
      token: { kind: 'command', name: spec.name, offset: this.offset, length: r.length, params: r.params, data: r.data },
    };
  }
}

/** Tokenizes a complete stream. Throws EscPosSyntaxError on the first fault. */
export function tokenizeEscPos(bytes: Uint8Array, options: TokenizerOptions): EscPosToken[] {
  const tokenizer = new EscPosTokenizer(options);
  const tokens = [...tokenizer.push(bytes), ...tokenizer.end()];
  const last = tokens.at(-1);
  if (last?.kind === 'fault') throw new EscPosSyntaxError(last);
  return tokens;
}
