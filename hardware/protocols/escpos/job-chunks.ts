// Cuts an ESC/POS job into chunks that end on command boundaries. A job is written chunk by
// chunk so a fault reported mid-job (paper out) stops it between chunks; if a chunk ended
// inside a command (say, in the middle of a logo's raster data), the status query sent next
// would be swallowed as data and the printer would be left expecting the rest of a command.
// The strict tokenizer finds the boundaries and, on the way, refuses any job with a malformed
// command: our own bug must not reach the printer.
import type { KanjiEncoding } from './cjk.ts';
import { EscPosTokenizer } from './tokenizer.ts';
import { EscPosSyntaxError } from './tokens.ts';

/** Chunks of at most `maxBytes`, except a single command longer than that (a raster band), which goes alone. */
export function chunkEscPosJob(job: Uint8Array, maxBytes: number, encoding: KanjiEncoding): Uint8Array[] {
  const tokenizer = new EscPosTokenizer({ kanjiEncoding: encoding });
  const boundaries: number[] = [];
  for (const token of [...tokenizer.push(job), ...tokenizer.end()]) {
    if (token.kind === 'fault') throw new EscPosSyntaxError(token);
    boundaries.push(token.offset);
  }
  boundaries.push(job.length);
  const chunks: Uint8Array[] = [];
  let start = 0;
  let lastFit = 0;
  for (const boundary of boundaries) {
    if (boundary - start > maxBytes && lastFit > start) {
      chunks.push(job.subarray(start, lastFit));
      start = lastFit;
    }
    if (boundary - start > maxBytes) {
      chunks.push(job.subarray(start, boundary));
      start = boundary;
    }
    lastFit = boundary;
  }
  if (start < job.length) chunks.push(job.subarray(start));
  return chunks;
}
