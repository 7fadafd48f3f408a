// Helpers for printer byte tests: build streams, run them through the strict emulator, and
// read symbols back from the emulator's PNG with zbarimg (apt-get install zbar-tools).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { concatBytes } from '../../core/ledger/bytes.ts';
import { EscPosTokenizer } from '../../hardware/protocols/escpos/tokenizer.ts';
import type { EscPosToken, TokenizerOptions } from '../../hardware/protocols/escpos/tokens.ts';

export function bytes(...parts: Array<Uint8Array | readonly number[]>): Uint8Array {
  return concatBytes(...parts.map((p) => (p instanceof Uint8Array ? p : Uint8Array.from(p))));
}

/** Feeds `stream` in the given chunk sizes (cycled) and returns every token, end() included. */
export function tokenizeInChunks(stream: Uint8Array, options: TokenizerOptions, sizes: readonly number[]): EscPosToken[] {
  const tokenizer = new EscPosTokenizer(options);
  const tokens: EscPosToken[] = [];
  let at = 0;
  for (let i = 0; at < stream.length; i++) {
    const size = Math.max(1, sizes[i % sizes.length] ?? 1);
    tokens.push(...tokenizer.push(stream.subarray(at, at + size)));
    at += size;
  }
  tokens.push(...tokenizer.end());
  return tokens;
}

/** Short names for comparing token sequences: command names, "text", "fault:<code>". */
export function tokenNames(tokens: readonly EscPosToken[]): string[] {
  return tokens.map((t) => (t.kind === 'command' ? t.name : t.kind === 'text' ? 'text' : `fault:${t.code}`));
}

export const zbarimgAvailable = spawnSync('zbarimg', ['--version'], { stdio: 'ignore' }).status === 0;

export const ZBARIMG_MISSING = 'zbarimg is not installed (apt-get install -y zbar-tools): PNG symbol decoding not checked';

/** Every symbol zbarimg finds in a PNG, as "TYPE:data" lines ([] when it finds none). */
export function zbarSymbols(png: Uint8Array): string[] {
  return zbar(png, []).toString('utf8').split('\n').filter(Boolean);
}

/** The exact bytes of the only symbol zbarimg finds in a PNG (empty when none). */
export function zbarBinary(png: Uint8Array): Uint8Array {
  return new Uint8Array(zbar(png, ['--raw', '-Sbinary']));
}

function zbar(png: Uint8Array, args: string[]): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'tillproof-zbar-'));
  try {
    const file = join(dir, 'printout.png');
    writeFileSync(file, png);
    try {
      return execFileSync('zbarimg', ['-q', ...args, file], { stdio: ['ignore', 'pipe', 'ignore'] });
    } catch (error) {
      // Exit status 4: no symbol found.
      if ((error as { status?: number }).status === 4) return Buffer.alloc(0);
      throw error;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
