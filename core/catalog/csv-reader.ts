// RFC 4180 CSV as spreadsheets export it: quoted fields with embedded commas, quotes and line
// breaks; CRLF or LF; an optional UTF-8 BOM. The reader is fed chunks, so a large file never has
// to be one string, and a syntax problem is reported with its line instead of stopping the file.

export type CsvSyntaxErrorCode =
  /** A quote inside an unquoted field (`ab"c`). */
  | 'csv.stray-quote'
  /** Text after a closing quote (`"ab"c`). */
  | 'csv.text-after-quote'
  /** A quoted field still open at the end of the input. */
  | 'csv.unterminated-quote';

export interface CsvSyntaxError {
  readonly code: CsvSyntaxErrorCode;
  /** Line the problem is on (1-based). */
  readonly line: number;
  /** Index of the field (0-based) in its record. */
  readonly field: number;
  readonly message: string;
}

export interface CsvRecord {
  /** Physical line (1-based) the record starts on; a quoted line break makes a record span lines. */
  readonly line: number;
  readonly fields: string[];
  /** The first syntax problem in the record. The fields are still given, read leniently. */
  readonly error?: CsvSyntaxError;
}

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
/** A quote seen inside a quoted field: either the first of an escaped pair or the closing quote. */
const QUOTE_IN_QUOTED = 3;
const CLOSED = 4;
type ReaderState = typeof FIELD_START | typeof UNQUOTED | typeof QUOTED | typeof QUOTE_IN_QUOTED | typeof CLOSED;

/** End of a run of quoted-field text from `from`: the next quote or line break. */
function quotedRunEnd(chunk: string, from: number): number {
  let j = from;
  while (j < chunk.length) {
    const d = chunk.charCodeAt(j);
    if (d === 0x22 || d === 0x0d || d === 0x0a) break;
    j++;
  }
  return j;
}

/** End of a run of unquoted-field text from `from`: the next comma, line break or (stray) quote. */
function unquotedRunEnd(chunk: string, from: number): number {
  let j = from;
  while (j < chunk.length) {
    const d = chunk.charCodeAt(j);
    if (d === 0x2c || d === 0x0d || d === 0x0a || d === 0x22) break;
    j++;
  }
  return j;
}

/**
 * Incremental RFC 4180 reader. `push` takes any slice of the text (a chunk may end inside a
 * field, a quote pair or a CRLF) and returns the records completed so far; `end` returns the
 * last one. Blank lines are skipped; a record of one empty field is written `""`.
 */
export class CsvReader {
  private state: ReaderState = FIELD_START;
  private field = '';
  private fields: string[] = [];
  private line = 1;
  private recordLine = 1;
  private quoteLine = 1;
  private inRecord = false;
  private prevCR = false;
  private first = true;
  private error: CsvSyntaxError | undefined;
  private ended = false;

  push(chunk: string): CsvRecord[] {
    if (this.ended) throw new Error('CsvReader.push after end');
    const out: CsvRecord[] = [];
    let i = 0;
    if (this.first && chunk.length > 0) {
      this.first = false;
      if (chunk.charCodeAt(0) === 0xfeff) i = 1;
    }
    const n = chunk.length;
    while (i < n) {
      const c = chunk.charCodeAt(i);
      const crlfTail = c === 0x0a && this.prevCR;
      this.prevCR = c === 0x0d;
      const lineBreak = c === 0x0d || (c === 0x0a && !crlfTail);
      switch (this.state) {
        case QUOTED: {
          // Fast path: copy up to the next quote or line break in one slice.
          if (c !== 0x22 && !lineBreak && !crlfTail) {
            const j = quotedRunEnd(chunk, i + 1);
            this.field += chunk.slice(i, j);
            this.prevCR = false;
            i = j;
            continue;
          }
          if (c === 0x22) this.state = QUOTE_IN_QUOTED;
          else this.field += chunk[i];
          break;
        }
        case QUOTE_IN_QUOTED:
          if (c === 0x22) {
            this.field += '"';
            this.state = QUOTED;
            break;
          }
          this.state = CLOSED;
          this.afterClosingQuote(c, lineBreak, chunk[i]!, out);
          break;
        case CLOSED:
          this.afterClosingQuote(c, lineBreak, chunk[i]!, out);
          break;
        case FIELD_START:
          if (crlfTail) break;
          if (lineBreak) {
            if (this.inRecord) this.endRecord(out);
            break;
          }
          this.beginRecord();
          if (c === 0x22) {
            this.state = QUOTED;
            this.quoteLine = this.line;
          } else if (c === 0x2c) {
            this.fields.push('');
          } else {
            this.field = chunk[i]!;
            this.state = UNQUOTED;
          }
          break;
        case UNQUOTED: {
          if (c === 0x2c) {
            this.endField();
          } else if (lineBreak) {
            this.endRecord(out);
          } else {
            if (c === 0x22)
              this.fail('csv.stray-quote', this.line, 'a quote inside an unquoted field; quote the whole field and double the quote ("")');
            const j = unquotedRunEnd(chunk, i + 1);
            this.field += chunk.slice(i, j);
            i = j;
            continue;
          }
          break;
        }
      }
      if (lineBreak) this.line++;
      i++;
    }
    return out;
  }

  /** Completes the input: returns the last record when the text does not end with a line break. */
  end(): CsvRecord[] {
    if (this.ended) return [];
    this.ended = true;
    const out: CsvRecord[] = [];
    if (this.state === QUOTED) {
      this.fail('csv.unterminated-quote', this.quoteLine, 'a quoted field is never closed');
      this.endRecord(out);
    } else if (this.inRecord || this.state !== FIELD_START) {
      this.endRecord(out);
    }
    return out;
  }

  private afterClosingQuote(c: number, lineBreak: boolean, ch: string, out: CsvRecord[]): void {
    if (c === 0x2c) {
      this.endField();
    } else if (lineBreak) {
      this.endRecord(out);
    } else {
      this.fail('csv.text-after-quote', this.line, 'text after the closing quote of a field');
      this.field += ch;
      this.state = UNQUOTED;
    }
  }

  private beginRecord(): void {
    if (!this.inRecord) {
      this.inRecord = true;
      this.recordLine = this.line;
    }
  }

  private fail(code: CsvSyntaxErrorCode, line: number, message: string): void {
    this.error ??= { code, line, field: this.fields.length, message };
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = '';
    this.state = FIELD_START;
  }

  private endRecord(out: CsvRecord[]): void {
    this.fields.push(this.field);
    out.push(
      this.error ? { line: this.recordLine, fields: this.fields, error: this.error } : { line: this.recordLine, fields: this.fields },
    );
    this.fields = [];
    this.field = '';
    this.error = undefined;
    this.inRecord = false;
    this.state = FIELD_START;
  }
}

/** All records of a CSV text (or of its chunks, in order). */
export function parseCsv(input: string | Iterable<string>): CsvRecord[] {
  const reader = new CsvReader();
  const out: CsvRecord[] = [];
  for (const chunk of typeof input === 'string' ? [input] : input) out.push(...reader.push(chunk));
  out.push(...reader.end());
  return out;
}

const NEEDS_QUOTES = /[",\r\n\ufeff]/;

/** RFC 4180 text of a table (CRLF line ends); `parseCsv` reads it back field for field. */
export function formatCsv(rows: readonly (readonly string[])[]): string {
  let out = '';
  for (const row of rows) {
    if (row.length === 1 && row[0] === '') {
      out += '""\r\n';
      continue;
    }
    out += row.map((f) => (NEEDS_QUOTES.test(f) ? `"${f.replaceAll('"', '""')}"` : f)).join(',') + '\r\n';
  }
  return out;
}
