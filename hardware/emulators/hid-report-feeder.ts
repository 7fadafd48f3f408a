// HID POS reports for tests: builds the 64-byte reports a scanner in HID POS mode sends for a
// code, and a HidReportDevice (the seam of transports/hid.ts) that plays them to the driver.
import { HID_POS_DATA_CAPACITY, HID_POS_REPORT_ID, HID_POS_REPORT_LENGTH } from '../protocols/hid-pos/hid-pos-report.ts';
import type { HidOpener, HidReportDevice } from '../transports/hid.ts';

/** The reports for one scan: data split 56 bytes per report, continuation bit on all but the last. */
export function hidPosReports(code: string, aim: string | null = ']E0'): Uint8Array[] {
  const data = Buffer.from(code, 'latin1');
  const reports: Uint8Array[] = [];
  for (let at = 0; at < data.length || reports.length === 0; at += HID_POS_DATA_CAPACITY) {
    const part = data.subarray(at, at + HID_POS_DATA_CAPACITY);
    const r = new Uint8Array(HID_POS_REPORT_LENGTH);
    r[0] = HID_POS_REPORT_ID;
    r[1] = part.length;
    if (aim) r.set(Buffer.from(aim, 'latin1'), 2);
    r.set(part, 5);
    r[63] = at + HID_POS_DATA_CAPACITY < data.length ? 1 : 0;
    reports.push(r);
  }
  return reports;
}

/** A HID device that delivers reports the test feeds it (recorded from a real scanner, or built above). */
export class RecordedHidDevice implements HidReportDevice {
  readonly description: string;
  private readonly reportListeners: Array<(report: Uint8Array) => void> = [];
  private readonly errorListeners: Array<(error: Error) => void> = [];
  closed = false;

  constructor(description = 'recorded hid scanner') {
    this.description = description;
  }

  onReport(listener: (report: Uint8Array) => void): void {
    this.reportListeners.push(listener);
  }

  onError(listener: (error: Error) => void): void {
    this.errorListeners.push(listener);
  }

  feed(...reports: Uint8Array[]): void {
    for (const r of reports) for (const l of this.reportListeners) l(Uint8Array.from(r));
  }

  /** The device errors out, as node-hid does when the scanner is unplugged. */
  unplug(message = 'could not read from HID device'): void {
    for (const l of this.errorListeners) l(new Error(message));
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/** An opener for the HID transport that hands out feeders, and fails while "unplugged". */
export class HidFeeder {
  devices: RecordedHidDevice[] = [];
  plugged = true;

  readonly opener: HidOpener = async () => {
    if (!this.plugged) throw new Error('no HID POS scanner attached');
    const device = new RecordedHidDevice(`recorded hid scanner #${this.devices.length + 1}`);
    this.devices.push(device);
    return device;
  };

  get current(): RecordedHidDevice | undefined {
    return this.devices.at(-1);
  }
}
