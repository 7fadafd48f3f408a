// Framing of a serial scanner's byte stream into scans: where one scan ends and the next
// begins, and which reads are refused before anyone looks them up.
//
// A serial line delivers bytes, not scans. A scan ends with the scanner's suffix (CR, LF or
// CR LF) or, for scanners without one, with a pause. What goes wrong on a real line: a cable
// pulled mid-scan (half a code), a wrong baud rate (bytes >= 0x80 and control characters),
// a scanner set to another suffix, electrical noise. Each of these is refused with a reason:
// a refused read costs a rescan, a wrong item costs money. Half an EAN-13 can be a valid
// UPC-A or EAN-8, so a read is never completed by anything but its suffix (or, in timeout
// mode, a pause): a gap inside a suffixed scan discards it.
//
// The end of a read cut short can still arrive later (a stalled adapter) and look like a
// whole scan, so after a partial read the next read is refused too; and a read that starts
// right after the port was opened may be the tail of one that began before anyone listened.
//
// Without a suffix a pause ends a scan, so a scanner that stalls mid-code (a busy USB-serial
// adapter, a long pause of 100 ms or more) turns one scan into two reads, and the tail can be a
// valid code of another item. A read that begins within the split guard of a read ended by a
// pause is therefore refused as a possible tail ('scan.split'): one scan never becomes two items.
//
// Pure: the caller passes the time of each chunk and calls expire() when deadline() comes.

export type ScanSuffix = 'cr' | 'lf' | 'crlf' | 'timeout';

export interface ScanFramingOptions {
  suffix: ScanSuffix;
  /** 'timeout': silence that ends a scan. Suffix modes: a gap this long inside a scan makes it a partial read. */
  interByteTimeoutMs: number;
  /** Longest scan accepted, in bytes (without the suffix). */
  maxLength: number;
  /** After listening(): a read starting this soon may have begun before. Default min(interByteTimeoutMs, 100). */
  startGuardMs?: number;
  /** 'timeout': a read starting this soon after one that ended on a pause may be its tail, and is refused. Default max(500, 2 x interByteTimeoutMs). */
  splitGuardMs?: number;
}

export type ScanFrameRejection = 'scan.noise' | 'scan.partial' | 'scan.overlong' | 'scan.framing' | 'scan.split';

export type FramedScan = { ok: true; code: string } | { ok: false; reason: ScanFrameRejection; detail: string };

export interface ScanFramer {
  /** Feeds bytes received at `atMs`; returns the scans and rejections they complete. */
  push(chunk: Uint8Array, atMs: number): FramedScan[];
  /** When a scan is in progress: the time at which expire() must be called. */
  deadline(): number | null;
  /** Ends a timeout-framed scan, or discards a suffixed scan whose suffix never came. */
  expire(atMs: number): FramedScan[];
  /** The line went down: a scan in progress is a partial read. */
  reset(): FramedScan[];
  /** The port was (re)opened at `atMs`: a read starting within the start guard of it may have begun before, and is refused. */
  listening(atMs: number): void;
}

const CR = 0x0d;
const LF = 0x0a;
/** Group separator: FNC1 in GS1 data, the only control character a scan may carry. */
const GS = 0x1d;

const hex = (b: number): string => `0x${b.toString(16).padStart(2, '0')}`;

/** The framer's settings, the start guard resolved. */
type Framing = Required<ScanFramingOptions>;

/** The line as the framer sees it between two bytes. */
interface LineState {
  chars: number[];
  /** Bytes of the scan in progress, counted even when too long to keep. */
  length: number;
  lastAt: number;
  noise: string | null;
  framing: string | null;
  /** CR seen in CR LF mode, waiting for its LF. */
  pendingCr: boolean;
  /** A partial read was discarded: the next read may be its rest. */
  resync: boolean;
  listeningSince: number;
  firstAt: number;
  /** When the last read ended on a pause (timeout mode), its last byte's time; null after a suffix. */
  pauseEndedAt: number | null;
}

const inProgress = (line: LineState): boolean => line.length > 0 || line.pendingCr || line.noise !== null || line.framing !== null;

function clear(line: LineState): void {
  line.chars = [];
  line.length = 0;
  line.noise = null;
  line.framing = null;
  line.pendingCr = false;
}

function complete(line: LineState, f: Framing, out: FramedScan[], byPause = false): void {
  if (!inProgress(line)) return;
  const afterPause = line.pauseEndedAt === null ? null : line.firstAt - line.pauseEndedAt;
  line.pauseEndedAt = byPause ? line.lastAt : null;
  const size = line.length;
  let result: FramedScan =
    line.framing !== null
      ? { ok: false, reason: 'scan.framing', detail: line.framing }
      : line.noise !== null
        ? { ok: false, reason: 'scan.noise', detail: line.noise }
        : size > f.maxLength
          ? { ok: false, reason: 'scan.overlong', detail: `${size} bytes, at most ${f.maxLength}` }
          : { ok: true, code: String.fromCharCode(...line.chars) };
  const early = line.firstAt < line.listeningSince + f.startGuardMs;
  clear(line);
  // A lone suffix (an empty scan) is not a read at all.
  if (result.ok && result.code.length === 0) return;
  if (result.ok && line.resync) result = { ok: false, reason: 'scan.partial', detail: 'follows an incomplete read and may be its rest' };
  else if (result.ok && early)
    result = { ok: false, reason: 'scan.partial', detail: 'began as the port opened and may have lost its start' };
  else if (result.ok && afterPause !== null && afterPause < f.splitGuardMs)
    result = { ok: false, reason: 'scan.split', detail: `began ${afterPause} ms after a read that ended on a pause and may be its tail` };
  line.resync = false;
  out.push(result);
}

/** `mayContinue`: the rest may still arrive on this line (not after a reconnect, where listening() guards). */
function partial(line: LineState, out: FramedScan[], why: string, mayContinue = true): void {
  if (!inProgress(line)) return;
  const size = line.length;
  clear(line);
  line.resync = mayContinue;
  out.push({ ok: false, reason: 'scan.partial', detail: `${why} after ${size} byte${size === 1 ? '' : 's'}` });
}

function data(line: LineState, f: Framing, b: number): void {
  line.length++;
  if (line.length === 1) line.firstAt = line.lastAt;
  if (line.length <= f.maxLength) line.chars.push(b);
  if (line.noise === null && ((b < 0x20 && b !== GS) || b >= 0x7f)) line.noise = `byte ${hex(b)} at position ${line.length}`;
}

function crlfByte(line: LineState, f: Framing, b: number, out: FramedScan[]): void {
  if (line.pendingCr) {
    line.pendingCr = false;
    if (b === LF) return complete(line, f, out);
    line.framing ??= `CR followed by ${hex(b)} instead of LF`;
  }
  if (b === CR) {
    line.pendingCr = true;
    return;
  }
  if (b === LF) {
    line.framing ??= 'LF without CR: is the scanner set to send LF only?';
    return complete(line, f, out);
  }
  return data(line, f, b);
}

function timeoutByte(line: LineState, f: Framing, b: number, out: FramedScan[]): void {
  // Without a fixed suffix, CR or LF still ends a scan; CR LF is one end.
  if (b === CR || b === LF) {
    if (b === LF && line.pendingCr) {
      line.pendingCr = false;
      return;
    }
    complete(line, f, out);
    line.pendingCr = b === CR;
    return;
  }
  line.pendingCr = false;
  return data(line, f, b);
}

function singleSuffixByte(line: LineState, f: Framing, suffix: 'cr' | 'lf', b: number, out: FramedScan[]): void {
  const end = suffix === 'cr' ? CR : LF;
  const other = suffix === 'cr' ? LF : CR;
  if (b === end) return complete(line, f, out);
  if (b === other) {
    line.framing ??= `${b === LF ? 'LF' : 'CR'} in a scan that should end with ${suffix.toUpperCase()} only: check the scanner's suffix setting`;
    // A stray LF right after our CR (scanner set to CR LF) is refused on its own, at once.
    if (line.length === 0) complete(line, f, out);
    return;
  }
  data(line, f, b);
}

function byte(line: LineState, f: Framing, b: number, out: FramedScan[]): void {
  if (f.suffix === 'crlf') return crlfByte(line, f, b, out);
  if (f.suffix === 'timeout') return timeoutByte(line, f, b, out);
  singleSuffixByte(line, f, f.suffix, b, out);
}

export function createScanFramer(options: ScanFramingOptions): ScanFramer {
  const { suffix, interByteTimeoutMs, maxLength } = options;
  const startGuardMs = options.startGuardMs ?? Math.min(interByteTimeoutMs, 100);
  if (!Number.isInteger(interByteTimeoutMs) || interByteTimeoutMs < 1)
    throw new RangeError('interByteTimeoutMs must be a positive integer');
  if (!Number.isInteger(maxLength) || maxLength < 1) throw new RangeError('maxLength must be a positive integer');
  const splitGuardMs = options.splitGuardMs ?? Math.max(500, 2 * interByteTimeoutMs);
  const f: Framing = { suffix, interByteTimeoutMs, maxLength, startGuardMs, splitGuardMs };
  const line: LineState = {
    chars: [],
    length: 0,
    lastAt: 0,
    noise: null,
    framing: null,
    pendingCr: false,
    resync: false,
    listeningSince: Number.NEGATIVE_INFINITY,
    firstAt: 0,
    pauseEndedAt: null,
  };

  return {
    push(chunk, atMs) {
      const out: FramedScan[] = [];
      for (const b of chunk) {
        const gap = atMs - line.lastAt;
        if (inProgress(line) && gap >= interByteTimeoutMs) {
          if (suffix === 'timeout') complete(line, f, out, true);
          else partial(line, out, `no suffix within ${interByteTimeoutMs} ms`);
          line.pendingCr = false;
        }
        line.lastAt = atMs;
        byte(line, f, b, out);
      }
      return out;
    },
    deadline() {
      return inProgress(line) ? line.lastAt + interByteTimeoutMs : null;
    },
    expire(atMs) {
      const out: FramedScan[] = [];
      if (!inProgress(line) || atMs < line.lastAt + interByteTimeoutMs) return out;
      if (suffix === 'timeout') {
        line.pendingCr = false;
        complete(line, f, out, true);
      } else if (suffix === 'crlf' && line.pendingCr && line.length === 0 && line.noise === null && line.framing === null) {
        clear(line);
      } else {
        partial(line, out, `no suffix within ${interByteTimeoutMs} ms`);
      }
      return out;
    },
    reset() {
      const out: FramedScan[] = [];
      partial(line, out, 'connection lost', false);
      return out;
    },
    listening(atMs) {
      line.listeningSince = atMs;
      // A new connection: the rest of an earlier read cannot arrive on it (a tail at the very
      // start is caught by the guard above).
      line.resync = false;
      line.pauseEndedAt = null;
    },
  };
}
