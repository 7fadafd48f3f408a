// A serial barcode scanner on a pty pair: what it "scans" comes out of the host end as a real
// scanner's bytes would, with its suffix. It can also send what real lines produce: half a
// code (cable pulled), noise, a code split over pauses.
import { SerialPort } from 'serialport';
import type { ScanSuffix } from '../../core/scanning/framing.ts';
import { PtyPair, ptyPairPaths, removePtyPaths, type PtyPairPaths } from './pty-pair.ts';

const SUFFIX: Record<ScanSuffix, string> = { cr: '\r', lf: '\n', crlf: '\r\n', timeout: '' };

export class SerialScannerEmulator {
  readonly hostPath: string;
  private pair: PtyPair | null;
  private port: SerialPort | null;
  private readonly paths: PtyPairPaths;
  private readonly ownsPaths: boolean;
  readonly suffix: ScanSuffix;

  private constructor(pair: PtyPair, port: SerialPort, paths: PtyPairPaths, suffix: ScanSuffix, ownsPaths: boolean) {
    this.ownsPaths = ownsPaths;
    this.pair = pair;
    this.port = port;
    this.paths = paths;
    this.hostPath = paths.hostPath;
    this.suffix = suffix;
  }

  /** A scanner whose host end is `hostPath` (give it to the driver as the serial path). */
  static async start(options: { suffix?: ScanSuffix; paths?: PtyPairPaths } = {}): Promise<SerialScannerEmulator> {
    const paths = options.paths ?? ptyPairPaths(undefined, 'scanner');
    const { pair, port } = await SerialScannerEmulator.connect(paths);
    return new SerialScannerEmulator(pair, port, paths, options.suffix ?? 'cr', !options.paths);
  }

  private static async connect(paths: PtyPairPaths): Promise<{ pair: PtyPair; port: SerialPort }> {
    const pair = await PtyPair.open(paths);
    const port = new SerialPort({ path: pair.devicePath, baudRate: 9600, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
    port.on('error', () => undefined);
    return { pair, port };
  }

  /** Sends one scan with the suffix. */
  scan(code: string): Promise<void> {
    return this.write(Buffer.from(code + SUFFIX[this.suffix], 'latin1'));
  }

  /** Sends raw bytes (noise, half a code, a code without suffix). */
  write(bytes: Uint8Array | string): Promise<void> {
    const port = this.port;
    if (!port) return Promise.reject(new Error('the scanner is unplugged'));
    const data = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes);
    return new Promise((resolve, reject) => port.write(data, (e) => (e ? reject(e) : port.drain((d) => (d ? reject(d) : resolve())))));
  }

  /** Pulls the cable: the pty pair goes away. */
  async unplug(): Promise<void> {
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    await this.pair?.close();
    this.pair = null;
  }

  /** Plugs it back in at the same path. */
  async plugIn(): Promise<void> {
    if (this.pair) return;
    const { pair, port } = await SerialScannerEmulator.connect(this.paths);
    this.pair = pair;
    this.port = port;
  }

  async close(): Promise<void> {
    await this.unplug();
    if (this.ownsPaths) removePtyPaths(this.paths);
  }
}
