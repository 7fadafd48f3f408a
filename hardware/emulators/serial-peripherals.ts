// Emulators for the small serial devices: a standalone cash drawer interface with a sensor,
// and an ESC/POS line display (2 x 20 customer display). Each serves the device end of a
// pty pair; tests read back what the driver made them do.
import { SerialPort } from 'serialport';
import iconv from 'iconv-lite';
import type { KanjiEncoding } from '../protocols/escpos/cjk.ts';
import { callListeners, silentLog, subscribe } from '../device.ts';
import { PtyPair, ptyPairPaths, removePtyPaths, type PtyPairPaths } from './pty-pair.ts';

async function openPort(path: string): Promise<SerialPort> {
  const port = new SerialPort({ path, baudRate: 9600, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  port.on('error', () => undefined);
  return port;
}

abstract class SerialEmulator {
  readonly hostPath: string;
  protected readonly paths: PtyPairPaths;
  private readonly ownsPaths: boolean;
  private pair: PtyPair | null = null;
  protected port: SerialPort | null = null;

  protected constructor(paths: PtyPairPaths | undefined, name: string) {
    this.ownsPaths = !paths;
    paths ??= ptyPairPaths(undefined, name);
    this.paths = paths;
    this.hostPath = paths.hostPath;
  }

  async plugIn(): Promise<void> {
    if (this.pair) return;
    this.pair = await PtyPair.open(this.paths, undefined, { holdHost: true });
    const port = await openPort(this.pair.devicePath);
    port.on('data', (chunk: Buffer) => this.received(new Uint8Array(chunk)));
    this.port = port;
    // Only now can the driver open its end: nothing it sends is lost to the device end opening.
    this.pair.publishHost();
  }

  async unplug(): Promise<void> {
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    await this.pair?.close();
    this.pair = null;
  }

  async close(): Promise<void> {
    await this.unplug();
    if (this.ownsPaths) removePtyPaths(this.paths);
  }

  protected send(bytes: Uint8Array): void {
    if (this.port?.isOpen) this.port.write(Buffer.from(bytes));
  }

  protected abstract received(bytes: Uint8Array): void;
}

export interface SerialDrawerEmulatorOptions {
  openCommand?: readonly number[];
  statusQuery?: readonly number[];
  /** Sensor bit in the status reply, and its level while open. */
  sensorBit?: number;
  sensorOpenLevel?: 'high' | 'low';
  closeAfterMs?: number | null;
  paths?: PtyPairPaths;
}

/** A drawer interface: opens on its open command, answers the status query with the sensor bit. */
export class SerialDrawerEmulator extends SerialEmulator {
  private readonly options: Required<Omit<SerialDrawerEmulatorOptions, 'paths' | 'closeAfterMs'>> & { closeAfterMs: number | null };
  private readonly listeners = new Set<(open: boolean) => void>();
  private buffer: number[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  open = false;
  opens = 0;

  private constructor(options: SerialDrawerEmulatorOptions) {
    super(options.paths, 'drawer');
    this.options = {
      openCommand: options.openCommand ?? [0x07],
      statusQuery: options.statusQuery ?? [0x05],
      sensorBit: options.sensorBit ?? 0,
      sensorOpenLevel: options.sensorOpenLevel ?? 'high',
      closeAfterMs: options.closeAfterMs ?? null,
    };
  }

  static async start(options: SerialDrawerEmulatorOptions = {}): Promise<SerialDrawerEmulator> {
    const emulator = new SerialDrawerEmulator(options);
    await emulator.plugIn();
    return emulator;
  }

  onChange(listener: (open: boolean) => void): () => void {
    return subscribe(this.listeners, listener);
  }

  setOpen(open: boolean): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (open === this.open) return;
    this.open = open;
    if (open) {
      this.opens++;
      if (this.options.closeAfterMs !== null) {
        this.timer = setTimeout(() => this.setOpen(false), this.options.closeAfterMs);
        this.timer.unref?.();
      }
    }
    callListeners(this.listeners, open, silentLog, 'drawer');
  }

  protected received(bytes: Uint8Array): void {
    const { openCommand, statusQuery, sensorBit, sensorOpenLevel } = this.options;
    for (const b of bytes) {
      this.buffer.push(b);
      const tail = (n: number): number[] => this.buffer.slice(-n);
      if (tail(openCommand.length).join() === openCommand.join()) {
        this.buffer = [];
        this.setOpen(true);
      } else if (tail(statusQuery.length).join() === statusQuery.join()) {
        this.buffer = [];
        const high = this.open === (sensorOpenLevel === 'high');
        this.send(Uint8Array.of(high ? 1 << sensorBit : 0));
      }
      if (this.buffer.length > 32) this.buffer.shift();
    }
  }
}

/**
 * An ESC/POS line display: ESC @, CLR, HOM, US $ x y, FS & / FS . (Kanji runs, two columns per
 * character) and text in overwrite mode. Anything else is recorded as an error.
 */
export class LineDisplayEmulator extends SerialEmulator {
  readonly columns: number;
  readonly rows: number;
  private readonly encoding: KanjiEncoding;
  private screen: string[][];
  private x = 0;
  private y = 0;
  private kanji = false;
  private pending: number[] = [];
  private readonly listeners = new Set<(rows: string[]) => void>();
  readonly errors: string[] = [];

  private constructor(options: { columns: number; rows: number; encoding: KanjiEncoding; paths?: PtyPairPaths }) {
    super(options.paths, 'display');
    this.columns = options.columns;
    this.rows = options.rows;
    this.encoding = options.encoding;
    this.screen = this.blank();
  }

  static async start(
    options: { columns?: number; rows?: number; encoding?: KanjiEncoding; paths?: PtyPairPaths } = {},
  ): Promise<LineDisplayEmulator> {
    const emulator = new LineDisplayEmulator({
      columns: options.columns ?? 20,
      rows: options.rows ?? 2,
      encoding: options.encoding ?? 'gb18030',
      ...(options.paths ? { paths: options.paths } : {}),
    });
    await emulator.plugIn();
    return emulator;
  }

  /** The glass, one string per row (a double-width character once, its second cell skipped). */
  text(): string[] {
    return this.screen.map((row) => row.join(''));
  }

  onUpdate(listener: (rows: string[]) => void): () => void {
    return subscribe(this.listeners, listener);
  }

  private blank(): string[][] {
    return Array.from({ length: this.rows }, () => Array.from({ length: this.columns }, () => ' '));
  }

  private put(char: string, width: number): void {
    if (this.x + width > this.columns) {
      this.x = 0;
      this.y = (this.y + 1) % this.rows;
    }
    const row = this.screen[this.y]!;
    row[this.x] = char;
    if (width === 2) row[this.x + 1] = '';
    this.x += width;
  }

  protected received(bytes: Uint8Array): void {
    this.pending.push(...bytes);
    let i = 0;
    const p = this.pending;
    while (i < p.length) {
      const b = p[i]!;
      if (b === 0x1b) {
        if (p[i + 1] === undefined) break;
        if (p[i + 1] === 0x40) {
          this.screen = this.blank();
          this.x = this.y = 0;
          this.kanji = false;
          i += 2;
          continue;
        }
        this.errors.push(`unknown command ESC 0x${p[i + 1]!.toString(16)}`);
        i += 2;
        continue;
      }
      if (b === 0x1f) {
        if (p[i + 1] === undefined) break;
        if (p[i + 1] !== 0x24) {
          this.errors.push(`unknown command US 0x${p[i + 1]!.toString(16)}`);
          i += 2;
          continue;
        }
        if (p[i + 3] === undefined) break;
        const col = p[i + 2]!;
        const row = p[i + 3]!;
        if (col < 1 || col > this.columns || row < 1 || row > this.rows) this.errors.push(`US $ ${col} ${row} is off the screen`);
        else {
          this.x = col - 1;
          this.y = row - 1;
        }
        i += 4;
        continue;
      }
      if (b === 0x1c) {
        if (p[i + 1] === undefined) break;
        if (p[i + 1] === 0x26) this.kanji = true;
        else if (p[i + 1] === 0x2e) this.kanji = false;
        else this.errors.push(`unknown command FS 0x${p[i + 1]!.toString(16)}`);
        i += 2;
        continue;
      }
      if (b === 0x0c) {
        this.screen = this.blank();
        this.x = this.y = 0;
        i++;
        continue;
      }
      if (b === 0x0b) {
        this.x = this.y = 0;
        i++;
        continue;
      }
      if (b < 0x20 || b === 0x7f) {
        this.errors.push(`control byte 0x${b.toString(16)} in display data`);
        i++;
        continue;
      }
      if (b >= 0x80 && this.kanji) {
        const four = this.encoding === 'gb18030' && (p[i + 1] ?? 0) >= 0x30 && (p[i + 1] ?? 0) <= 0x39;
        const len = four ? 4 : 2;
        if (p[i + len - 1] === undefined) break;
        this.put(iconv.decode(Buffer.from(p.slice(i, i + len)), this.encoding === 'big5' ? 'cp950' : this.encoding), 2);
        i += len;
        continue;
      }
      this.put(b < 0x80 ? String.fromCharCode(b) : '\ufffd', 1);
      i++;
    }
    this.pending = p.slice(i);
    callListeners(this.listeners, this.text(), silentLog, 'display');
  }
}
