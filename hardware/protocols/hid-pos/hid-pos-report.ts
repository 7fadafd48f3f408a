// HID POS barcode scanner input reports (usage page 0x8C, "Bar Code Scanner"), the layout
// Honeywell, Zebra, Datalogic and Access-IS scanners send in "HID POS" mode:
//
//   byte 0       report ID (2)
//   byte 1       number of data bytes in this report (0-56)
//   bytes 2-4    AIM symbology identifier ("]E0"), or zeros when the scanner sends none
//   bytes 5-60   decoded data, zero-padded
//   byte 61      vendor symbology id      byte 62  reserved
//   byte 63      bit 0: the data continues in the next report
//
// A code longer than 56 bytes arrives in several reports. A report that breaks the layout, a
// continuation that never comes, or one whose symbology differs, discards the whole read:
// half a code must never be looked up.

export const HID_POS_REPORT_ID = 2;
export const HID_POS_REPORT_LENGTH = 64;
export const HID_POS_DATA_CAPACITY = 56;

export interface HidPosReport {
  /** "]E0", or null when the scanner sends no symbology identifier. */
  aim: string | null;
  data: Uint8Array;
  continued: boolean;
}

export type HidReportResult = { ok: true; report: HidPosReport } | { ok: false; ignore: boolean; detail: string };

/** Parses one input report (with its report ID as byte 0, as hidapi delivers numbered reports). */
export function parseHidPosReport(report: Uint8Array): HidReportResult {
  if (report.length === 0) return { ok: false, ignore: true, detail: 'empty report' };
  // Other report IDs (status, feature echoes) are not scans: skip them quietly.
  if (report[0] !== HID_POS_REPORT_ID) return { ok: false, ignore: true, detail: `report ID ${report[0]}` };
  if (report.length < HID_POS_REPORT_LENGTH)
    return { ok: false, ignore: false, detail: `report of ${report.length} bytes, expected ${HID_POS_REPORT_LENGTH}` };
  const length = report[1]!;
  if (length > HID_POS_DATA_CAPACITY) return { ok: false, ignore: false, detail: `length byte ${length} exceeds ${HID_POS_DATA_CAPACITY}` };
  const aimBytes = report.subarray(2, 5);
  let aim: string | null = null;
  if (aimBytes.some((b) => b !== 0)) {
    aim = String.fromCharCode(...aimBytes);
    if (!/^\][A-Za-z][0-9A-Za-z]$/.test(aim))
      return { ok: false, ignore: false, detail: `bad symbology identifier ${JSON.stringify(aim)}` };
  }
  return { ok: true, report: { aim, data: Uint8Array.from(report.subarray(5, 5 + length)), continued: (report[63]! & 0x01) !== 0 } };
}

export type AssembledScan =
  | { ok: true; code: string }
  | { ok: false; reason: 'scan.malformed-report' | 'scan.partial' | 'scan.noise' | 'scan.overlong'; detail: string };

export interface HidPosAssemblerOptions {
  /** A continuation report must follow within this long. */
  continuationTimeoutMs: number;
  maxLength: number;
}

/** Joins continued reports into one scan: AIM identifier + data, as parseScan reads it. */
export interface HidPosAssembler {
  push(report: Uint8Array, atMs: number): AssembledScan[];
  deadline(): number | null;
  expire(atMs: number): AssembledScan[];
  reset(): AssembledScan[];
  /** The device was (re)opened: a read starting within the continuation timeout may be the tail of one sent before. */
  listening(atMs: number): void;
}

/** What a whole read is: a scan, or why it is refused; null for an empty read. `early`: it began as the scanner was connected. */
function wholeRead(data: Uint8Array, prefix: string, maxLength: number, early: boolean): AssembledScan | null {
  if (data.length === 0) return null;
  if (early)
    return { ok: false, reason: 'scan.partial', detail: 'arrived as the scanner was connected and may be the end of an earlier read' };
  if (data.length > maxLength) return { ok: false, reason: 'scan.overlong', detail: `${data.length} bytes, at most ${maxLength}` };
  const bad = data.findIndex((b) => (b < 0x20 && b !== 0x1d) || b >= 0x7f);
  if (bad >= 0)
    return { ok: false, reason: 'scan.noise', detail: `byte 0x${data[bad]!.toString(16).padStart(2, '0')} at position ${bad + 1}` };
  return { ok: true, code: prefix + String.fromCharCode(...data) };
}

export function createHidPosAssembler(options: HidPosAssemblerOptions): HidPosAssembler {
  let parts: Uint8Array[] = [];
  let aim: string | null = null;
  let total = 0;
  let lastAt = 0;
  let open = false;
  let firstAt = 0;
  let listeningSince = Number.NEGATIVE_INFINITY;

  const clear = (): void => {
    parts = [];
    aim = null;
    total = 0;
    open = false;
  };

  const partial = (why: string): AssembledScan[] => {
    if (!open) return [];
    const got = total;
    clear();
    return [{ ok: false, reason: 'scan.partial', detail: `${why} after ${got} bytes` }];
  };

  return {
    push(bytes, atMs) {
      const out: AssembledScan[] = [];
      if (open && atMs - lastAt >= options.continuationTimeoutMs)
        out.push(...partial(`no continuation within ${options.continuationTimeoutMs} ms`));
      const parsed = parseHidPosReport(bytes);
      if (!parsed.ok) {
        if (parsed.ignore) return out;
        const wasOpen = open;
        clear();
        out.push({
          ok: false,
          reason: 'scan.malformed-report',
          detail: `${parsed.detail}${wasOpen ? ' (the read it continued is discarded)' : ''}`,
        });
        return out;
      }
      const { report } = parsed;
      if (open && report.aim !== null && report.aim !== aim) {
        out.push(...partial(`symbology changed from ${aim ?? 'none'} to ${report.aim} mid-read`));
        return out;
      }
      if (!open) {
        aim = report.aim;
        firstAt = atMs;
      }
      open = true;
      lastAt = atMs;
      parts.push(report.data);
      total += report.data.length;
      if (report.continued) return out;
      const data = new Uint8Array(total);
      let o = 0;
      for (const p of parts) {
        data.set(p, o);
        o += p.length;
      }
      const prefix = aim ?? '';
      clear();
      const scan = wholeRead(data, prefix, options.maxLength, firstAt < listeningSince + options.continuationTimeoutMs);
      if (scan) out.push(scan);
      return out;
    },
    deadline() {
      return open ? lastAt + options.continuationTimeoutMs : null;
    },
    expire(atMs) {
      if (!open || atMs < lastAt + options.continuationTimeoutMs) return [];
      return partial(`no continuation within ${options.continuationTimeoutMs} ms`);
    },
    reset() {
      return partial('the scanner was disconnected');
    },
    listening(atMs) {
      listeningSince = atMs;
    },
  };
}
