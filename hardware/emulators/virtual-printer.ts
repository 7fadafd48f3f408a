// A virtual ESC/POS receipt printer with a cash drawer, for tests, demos and IT training.
//
// It listens on TCP (127.0.0.1) and/or a serial pseudo-terminal, reads every byte with the
// strict tokenizer (an unknown or malformed command is an error the printer reports, not
// something it skips), and behaves like a printer where the driver can see it:
// - DLE EOT 1-4 are answered at once, even while stopped; DLE DC4 pulses the drawer at once.
// - GS a enables Automatic Status Back; every change of an enabled item sends a 4-byte ASB.
// - GS r 1 is answered when the printer reaches it, so it says "all before me is printed".
// - Paper out, cover open and offline stop printing: data is kept and printed on recovery.
// - The drawer opens on ESC p / DLE DC4; its sensor (pin 3) reads open until it closes by
//   itself (after a set time) or is closed by command.
// - Each cut ends a receipt, written to --out as .txt, .png and .bin for preview.
// A control channel (a second TCP port, one command per line) drives the faults.
//
// With `commandSet: 'star'` it plays a Star Line Mode printer instead (star-line-tokenizer.ts):
// ESC ACK SOH is answered at once with an ASB message (over TCP in the Ethernet format, with
// header 2 bit 7 and a zero length after it); ASB is sent on every status change while on
// (ESC RS a; on at start, as Ethernet printers have it); ETB, when reached in the buffer, counts
// up the ETB counter and sends an ASB; ESC RS E 0 sets the counter to 0; ESC d n cuts. The
// same faults stop printing.
import { createServer, type Server, type Socket } from 'node:net';
import { concatBytes } from '../../core/ledger/bytes.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import type { KanjiEncoding } from '../protocols/escpos/cjk.ts';
import { EscPosTokenizer } from '../protocols/escpos/tokenizer.ts';
import type { CommandToken, EscPosToken } from '../protocols/escpos/tokens.ts';
import type { FaultToken } from '../protocols/stream-tokens.ts';
import { StarLineTokenizer, type StarCommandToken, type StarToken } from '../protocols/star-line/tokenizer.ts';
import { StarLineRenderer } from '../protocols/star-line/render.ts';
import { EscPosRenderer } from '../protocols/escpos/render.ts';
import { printoutToText } from '../protocols/printout/printout-text.ts';
import type { Printout } from '../protocols/printout/printout.ts';
import { printoutToPng } from '../protocols/printout/printout-png.ts';
import { callListeners, subscribe, silentLog, type DeviceLog, errorMessage } from '../device.ts';

export interface VirtualPrinterOptions {
  /** Which printer to play: ESC/POS (default) or Star Line Mode. */
  commandSet?: 'escpos' | 'star';
  /** Star: whether ASB is on before any ESC RS a (Ethernet printers: always on). Default true. */
  starAsbAtStart?: boolean;
  kanjiEncoding?: KanjiEncoding;
  paperWidthDots?: number;
  /** Write each receipt here as receipt-NNNN.txt/.png/.bin. */
  outDir?: string | null;
  /** The drawer closes by itself this long after it opened; null: only by command. */
  drawerCloseAfterMs?: number | null;
  /** Sensor level (pin 3) while the drawer is open. */
  sensorOpenLevel?: 'high' | 'low';
  /** Lines of paper left; printing the last one runs out of paper. null: endless. */
  paperLines?: number | null;
  /** Near-end sensor trips at this many lines left. */
  nearEndLines?: number;
  log?: DeviceLog;
}

export interface VirtualPrinterState {
  paperOut: boolean;
  paperNearEnd: boolean;
  coverOpen: boolean;
  /** Taken offline by command (the printer's own "offline" button or a power problem). */
  offline: boolean;
  /** A command error (the strict tokenizer refused the stream). */
  error: boolean;
  drawerOpen: boolean;
  paperLines: number | null;
}

export interface EmulatedReceipt {
  number: number;
  printout: Printout;
  text: string;
  bytes: Uint8Array;
  files: { text: string; png: string; bin: string } | null;
}

export interface DrawerKick {
  pin: 2 | 5;
  realtime: boolean;
}

const ASB_DRAWER = 0x01;
const ASB_ONLINE = 0x02;
const ASB_ERROR = 0x04;
const ASB_PAPER = 0x08;

type EmulatorToken = EscPosToken | StarToken;

interface StreamTokenizer {
  push(chunk: Uint8Array): EmulatorToken[];
}

interface StreamRenderer {
  apply(token: EmulatorToken): void;
  finish(): Printout;
}

interface StarSession {
  asb: boolean;
  /** An ETB was reached since this session last got an ASB. */
  etbFlag: boolean;
  /** Ethernet format: header 2 bit 7 and a 2-byte length after each ASB. */
  ethernet: boolean;
}

interface Session {
  name: string;
  send: (bytes: Uint8Array) => void;
  close: () => void;
  tokenizer: StreamTokenizer;
  renderer: StreamRenderer;
  pending: EmulatorToken[];
  /** Star Line Mode state; null for an ESC/POS printer. */
  star: StarSession | null;
  asbMask: number;
  /** Bytes received, from the start of the current receipt. */
  chunks: Uint8Array[];
  chunkStart: number;
  receiptStart: number;
  received: number;
  fault: FaultToken | null;
  /** After a fault: the last bytes, to spot a DLE EOT split across chunks. */
  tail: number[];
}

export class VirtualPrinter {
  private readonly options: Required<Omit<VirtualPrinterOptions, 'outDir' | 'paperLines' | 'drawerCloseAfterMs'>> & Pick<VirtualPrinterOptions, 'outDir' | 'drawerCloseAfterMs'>;
  /** Star: the ETB counter (0-31), shared by every connection as on a real printer. */
  private etbCounter = 0;
  private readonly log: DeviceLog;
  private readonly sessions = new Set<Session>();
  private readonly servers: Server[] = [];
  private readonly controlSockets = new Set<Socket>();
  private readonly ports = new Set<SerialPort>();
  private readonly receiptListeners = new Set<(receipt: EmulatedReceipt) => void>();
  private readonly drawerListeners = new Set<(open: boolean) => void>();
  private readonly kickListeners = new Set<(kick: DrawerKick) => void>();
  private readonly faultListeners = new Set<(fault: FaultToken) => void>();
  private readonly bytesListeners = new Set<(total: number) => void>();
  private readonly paperListeners = new Set<(lines: number) => void>();
  private linesPrinted = 0;
  private readonly state: VirtualPrinterState;
  private drawerTimer: ReturnType<typeof setTimeout> | null = null;
  private receiptCount = 0;
  /** A jammed drawer: kicks pulse the solenoid but the drawer stays shut. */
  drawerJammed = false;
  private bytesReceived = 0;
  readonly receipts: EmulatedReceipt[] = [];
  readonly faults: FaultToken[] = [];
  readonly kicks: DrawerKick[] = [];

  constructor(options: VirtualPrinterOptions = {}) {
    this.options = {
      commandSet: options.commandSet ?? 'escpos',
      starAsbAtStart: options.starAsbAtStart ?? true,
      kanjiEncoding: options.kanjiEncoding ?? 'gb18030',
      paperWidthDots: options.paperWidthDots ?? 576,
      outDir: options.outDir ?? null,
      drawerCloseAfterMs: options.drawerCloseAfterMs ?? null,
      sensorOpenLevel: options.sensorOpenLevel ?? 'high',
      nearEndLines: options.nearEndLines ?? 0,
      log: options.log ?? silentLog,
    };
    this.log = this.options.log;
    const paperLines = options.paperLines ?? null;
    this.state = { paperOut: paperLines === 0, paperNearEnd: false, coverOpen: false, offline: false, error: false, drawerOpen: false, paperLines };
    if (this.options.outDir) mkdirSync(this.options.outDir, { recursive: true });
  }

  // ------------------------------------------------------------------ observing

  snapshot(): VirtualPrinterState {
    return { ...this.state };
  }

  get online(): boolean {
    const s = this.state;
    return !(s.paperOut || s.coverOpen || s.offline || s.error);
  }

  onReceipt(listener: (receipt: EmulatedReceipt) => void): () => void {
    return subscribe(this.receiptListeners, listener);
  }

  onDrawer(listener: (open: boolean) => void): () => void {
    return subscribe(this.drawerListeners, listener);
  }

  onKick(listener: (kick: DrawerKick) => void): () => void {
    return subscribe(this.kickListeners, listener);
  }

  onFault(listener: (fault: FaultToken) => void): () => void {
    return subscribe(this.faultListeners, listener);
  }

  /** Called with the running total of bytes received (to pull the plug mid-receipt). */
  onBytes(listener: (total: number) => void): () => void {
    return subscribe(this.bytesListeners, listener);
  }

  /** Called with the running total of lines fed (to open the cover mid-receipt, between two lines). */
  onPaperUsed(listener: (lines: number) => void): () => void {
    return subscribe(this.paperListeners, listener);
  }

  /** Resolves with the next receipt (that matches), or rejects after `timeoutMs`. */
  nextReceipt(match: (receipt: EmulatedReceipt) => boolean = () => true, timeoutMs = 5000): Promise<EmulatedReceipt> {
    return this.next(this.receiptListeners, timeoutMs, 'receipt', match);
  }

  nextDrawerChange(timeoutMs = 5000): Promise<boolean> {
    return this.next(this.drawerListeners, timeoutMs, 'drawer change');
  }

  private next<T>(set: Set<(value: T) => void>, timeoutMs: number, what: string, match: (value: T) => boolean = () => true): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`virtual printer: no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      const off = subscribe(set, (value) => {
        if (!match(value)) return;
        clearTimeout(timer);
        off();
        resolve(value);
      });
    });
  }

  // ------------------------------------------------------------------ faults and the drawer

  setPaperOut(out: boolean): void {
    this.change(() => {
      this.state.paperOut = out;
      if (!out && this.state.paperLines !== null && this.state.paperLines <= 0) this.state.paperLines = null;
      if (!out) this.state.paperNearEnd = false;
    });
  }

  /** Paper left, in lines: the receipt that uses the last one runs out mid-way. null: endless. */
  setPaperLines(lines: number | null): void {
    this.change(() => {
      this.state.paperLines = lines;
      this.state.paperOut = lines !== null && lines <= 0;
    });
  }

  setPaperNearEnd(nearEnd: boolean): void {
    this.change(() => (this.state.paperNearEnd = nearEnd));
  }

  setCoverOpen(open: boolean): void {
    this.change(() => (this.state.coverOpen = open));
  }

  setOffline(offline: boolean): void {
    this.change(() => (this.state.offline = offline));
  }

  /** Clears a command error; sessions that hit it start parsing afresh. */
  clearError(): void {
    for (const s of this.sessions) {
      if (!s.fault) continue;
      s.fault = null;
      s.tokenizer = this.newTokenizer();
      s.renderer = this.newRenderer();
      s.pending = [];
    }
    this.change(() => (this.state.error = false));
  }

  openDrawer(): void {
    if (this.state.drawerOpen) return;
    this.change(() => (this.state.drawerOpen = true));
    callListeners(this.drawerListeners, true, this.log, 'drawer');
    if (this.options.drawerCloseAfterMs !== null && this.options.drawerCloseAfterMs !== undefined) {
      this.drawerTimer = setTimeout(() => this.closeDrawer(), this.options.drawerCloseAfterMs);
      this.drawerTimer.unref?.();
    }
  }

  closeDrawer(): void {
    if (this.drawerTimer) clearTimeout(this.drawerTimer);
    this.drawerTimer = null;
    if (!this.state.drawerOpen) return;
    this.change(() => (this.state.drawerOpen = false));
    callListeners(this.drawerListeners, false, this.log, 'drawer');
  }

  /** Drops every connection, as if the cable were pulled (TCP clients may reconnect). */
  dropConnections(): void {
    for (const s of [...this.sessions]) s.close();
  }

  private change(mutate: () => void): void {
    const before = this.asbBits();
    const starBefore = this.starStatusBytes();
    const wasOnline = this.online;
    mutate();
    // Star: any change of what the ASB shows sends one (ETB flag and counter excluded).
    if (this.starStatusBytes().some((b, i) => b !== starBefore[i])) for (const s of this.sessions) if (s.star?.asb) s.send(this.starAsb(s));
    const after = this.asbBits();
    let changed = 0;
    if ((before.drawer ^ after.drawer) !== 0) changed |= ASB_DRAWER;
    if (wasOnline !== this.online) changed |= ASB_ONLINE;
    if (before.error !== after.error) changed |= ASB_ERROR;
    if (before.paper !== after.paper) changed |= ASB_PAPER;
    if (changed) for (const s of this.sessions) if (s.asbMask & changed) s.send(this.asb());
    if (!wasOnline && this.online) for (const s of this.sessions) this.drainPending(s);
  }

  private asbBits(): { drawer: number; error: number; paper: number } {
    return { drawer: this.sensorHigh() ? 1 : 0, error: (this.state.error ? 1 : 0) | (this.state.coverOpen ? 2 : 0), paper: (this.state.paperOut ? 2 : 0) | (this.state.paperNearEnd ? 1 : 0) };
  }

  private sensorHigh(): boolean {
    return this.state.drawerOpen === (this.options.sensorOpenLevel === 'high');
  }

  // ------------------------------------------------------------------ replies

  /** DLE EOT n replies: fixed bits 0x12 plus the status bits (see printer/status.ts). */
  realtimeReply(n: number): number {
    const s = this.state;
    switch (n) {
      case 1:
        return 0x12 | (this.sensorHigh() ? 0x04 : 0) | (this.online ? 0 : 0x08);
      case 2:
        return 0x12 | (s.coverOpen ? 0x04 : 0) | (s.paperOut ? 0x20 : 0) | (s.error ? 0x40 : 0);
      case 3:
        return 0x12;
      default:
        return 0x12 | (s.paperNearEnd ? 0x0c : 0) | (s.paperOut ? 0x60 : 0);
    }
  }

  asb(): Uint8Array {
    const s = this.state;
    const b1 = 0x10 | (this.sensorHigh() ? 0x04 : 0) | (this.online ? 0 : 0x08) | (s.coverOpen ? 0x20 : 0);
    const b2 = s.error ? 0x40 : 0;
    const b3 = (s.paperNearEnd ? 0x03 : 0) | (s.paperOut ? 0x0c : 0);
    return Uint8Array.of(b1, b2, b3, 0);
  }

  /** Star printer status bytes 1-4 without the ETB flag. */
  private starStatusBytes(): number[] {
    const s = this.state;
    return [
      (this.sensorHigh() ? 0x04 : 0) | (this.online ? 0 : 0x08) | (s.coverOpen ? 0x20 : 0),
      // A command the strict tokenizer refused shows as an unrecoverable error.
      s.error ? 0x20 : 0,
      0,
      (s.paperNearEnd ? 0x04 : 0) | (s.paperOut ? 0x08 : 0),
    ];
  }

  /**
   * A Star ASB message for `session`: 9 bytes (header 1 0x23, version 3), printer status 1-7
   * with the ETB counter in status 6; over TCP followed by a zero length (Ethernet format).
   * Sending it clears the session's ETB flag, as the printer does.
   */
  starAsb(session: Pick<Session, 'star'>): Uint8Array {
    const star = session.star;
    const [s1, s2, s3, s4] = this.starStatusBytes() as [number, number, number, number];
    const counter = ((this.etbCounter & 0x07) << 1) | ((this.etbCounter & 0x18) << 2);
    const message = [0x23, 0x06 | (star?.ethernet ? 0x80 : 0), s1 | (star?.etbFlag ? 0x02 : 0), s2, s3, s4, 0, counter, 0];
    if (star) star.etbFlag = false;
    return Uint8Array.from(star?.ethernet ? [...message, 0x00, 0x00] : message);
  }

  // ------------------------------------------------------------------ the byte stream

  private newTokenizer(): StreamTokenizer {
    return this.options.commandSet === 'star' ? new StarLineTokenizer() : new EscPosTokenizer({ kanjiEncoding: this.options.kanjiEncoding });
  }

  private newRenderer(): StreamRenderer {
    if (this.options.commandSet === 'star') return new StarLineRenderer({ paperWidthDots: this.options.paperWidthDots });
    const renderer = new EscPosRenderer({ kanjiEncoding: this.options.kanjiEncoding, paperWidthDots: this.options.paperWidthDots });
    return { apply: (token) => (token.kind === 'star-command' ? undefined : renderer.apply(token)), finish: () => renderer.finish() };
  }

  private openSession(name: string, send: (bytes: Uint8Array) => void, close: () => void, ethernet = false): Session {
    const session: Session = {
      name,
      send,
      close,
      tokenizer: this.newTokenizer(),
      renderer: this.newRenderer(),
      pending: [],
      star: this.options.commandSet === 'star' ? { asb: this.options.starAsbAtStart, etbFlag: false, ethernet } : null,
      asbMask: 0,
      chunks: [],
      chunkStart: 0,
      receiptStart: 0,
      received: 0,
      fault: null,
      tail: [],
    };
    this.sessions.add(session);
    return session;
  }

  private endSession(session: Session): void {
    if (!this.sessions.delete(session)) return;
    const printout = session.renderer.finish();
    if (printout.items.length > 0 || printout.unprinted) this.log('info', `virtual printer: ${session.name} closed with an unfinished receipt (no cut)`);
  }

  /** Feeds bytes as if received from `session` (tests may call it through a transport-less session). */
  private receive(session: Session, chunk: Uint8Array): void {
    session.chunks.push(chunk);
    session.received += chunk.length;
    this.bytesReceived += chunk.length;
    if (session.fault) {
      this.answerRealtimeAfterFault(session, chunk);
    } else {
      for (const token of session.tokenizer.push(chunk)) this.token(session, token);
    }
    callListeners(this.bytesListeners, this.bytesReceived, this.log, 'bytes');
  }

  private token(session: Session, token: EmulatorToken): void {
    if (token.kind === 'star-command' && token.name === 'ESC ACK SOH') {
      session.send(this.starAsb(session));
      return;
    }
    if (token.kind === 'fault') {
      session.fault = token;
      this.faults.push(token);
      this.log('error', `virtual printer: ${token.message} (byte ${token.offset})`);
      session.renderer.apply(token);
      this.finishReceipt(session, session.received);
      this.change(() => (this.state.error = true));
      callListeners(this.faultListeners, token, this.log, 'fault');
      return;
    }
    if (token.kind === 'command' && token.name === 'DLE EOT') {
      session.send(Uint8Array.of(this.realtimeReply(token.params[0]!)));
      return;
    }
    if (token.kind === 'command' && token.name === 'DLE DC4') {
      this.kick(token.params[1] === 0 ? 2 : 5, true);
      session.renderer.apply(token);
      return;
    }
    if (!this.online || session.pending.length > 0) {
      session.pending.push(token);
      return;
    }
    this.apply(session, token);
  }

  private drainPending(session: Session): void {
    while (session.pending.length > 0 && this.online) this.apply(session, session.pending.shift()!);
  }

  private apply(session: Session, token: EmulatorToken): void {
    session.renderer.apply(token);
    if (token.kind === 'command') this.command(session, token);
    else if (token.kind === 'star-command') this.starCommand(session, token);
  }

  private starCommand(session: Session, t: StarCommandToken): void {
    const n = t.params[0] ?? 0;
    switch (t.name) {
      case 'LF':
        this.usePaper(1);
        return;
      case 'ESC a':
        this.usePaper(n);
        return;
      case 'ESC d':
        if (n % 48 >= 2) this.usePaper(3);
        this.finishReceipt(session, t.offset + t.length);
        return;
      case 'BEL':
        this.kick(2, false);
        return;
      case 'SUB':
        this.kick(5, false);
        return;
      case 'ETB':
        // Reached in the buffer: everything before it is printed.
        this.etbCounter = (this.etbCounter + 1) % 32;
        for (const s of this.sessions) {
          if (!s.star) continue;
          s.star.etbFlag = true;
          if (s.star.asb) s.send(this.starAsb(s));
        }
        return;
      case 'ESC RS a':
        if (session.star) {
          session.star.asb = n === 1;
          // The printer sends the status once on this command.
          session.send(this.starAsb(session));
        }
        return;
      case 'ESC RS E':
        this.etbCounter = 0;
        for (const s of this.sessions) if (s.star) s.star.etbFlag = false;
        return;
      default:
        return;
    }
  }

  private command(session: Session, t: CommandToken): void {
    const n = t.params[0] ?? 0;
    switch (t.name) {
      case 'GS r':
        // 1/49: paper sensor; 2/50: drawer; 4/52: ink (none here).
        session.send(Uint8Array.of(n % 48 === 1 ? (this.state.paperNearEnd ? 0x03 : 0) | (this.state.paperOut ? 0x0c : 0) : n % 48 === 2 ? (this.sensorHigh() ? 0 : 1) : 0));
        return;
      case 'GS a':
        session.asbMask = n & 0x0f;
        if (session.asbMask) session.send(this.asb());
        return;
      case 'ESC p':
        this.kick(n % 48 === 0 ? 2 : 5, false);
        return;
      case 'LF':
        this.usePaper(1);
        return;
      case 'ESC d':
        this.usePaper(Math.max(1, n));
        return;
      case 'GS V':
        this.finishReceipt(session, t.offset + t.length);
        return;
      default:
        return;
    }
  }

  private usePaper(lines: number): void {
    this.linesPrinted += lines;
    callListeners(this.paperListeners, this.linesPrinted, this.log, 'paper');
    const left = this.state.paperLines;
    if (left === null) return;
    this.change(() => {
      const remaining = Math.max(0, left - lines);
      this.state.paperLines = remaining;
      if (this.options.nearEndLines > 0 && remaining <= this.options.nearEndLines) this.state.paperNearEnd = true;
      if (remaining === 0) this.state.paperOut = true;
    });
  }

  private kick(pin: 2 | 5, realtime: boolean): void {
    const kick = { pin, realtime };
    this.kicks.push(kick);
    callListeners(this.kickListeners, kick, this.log, 'drawer kick');
    if (!this.drawerJammed) this.openDrawer();
  }

  private finishReceipt(session: Session, endOffset: number): void {
    const printout = session.renderer.finish();
    session.renderer = this.newRenderer();
    const all = concatBytes(...session.chunks);
    const bytes = all.slice(session.receiptStart - session.chunkStart, endOffset - session.chunkStart);
    session.chunks = [all.slice(endOffset - session.chunkStart)];
    session.chunkStart = endOffset;
    session.receiptStart = endOffset;
    const number = ++this.receiptCount;
    const text = printoutToText(printout);
    let files: EmulatedReceipt['files'] = null;
    if (this.options.outDir) {
      const base = join(this.options.outDir, `receipt-${String(number).padStart(4, '0')}`);
      files = { text: `${base}.txt`, png: `${base}.png`, bin: `${base}.bin` };
      try {
        writeFileSync(files.text, text);
        writeFileSync(files.png, printoutToPng(printout));
        writeFileSync(files.bin, bytes);
      } catch (e) {
        this.log('error', `virtual printer: cannot write ${base}: ${errorMessage(e)}`);
      }
    }
    const receipt: EmulatedReceipt = { number, printout, text, bytes, files };
    this.receipts.push(receipt);
    callListeners(this.receiptListeners, receipt, this.log, 'receipt');
  }

  /** After a command error the stream cannot be parsed; like a real printer, still answer DLE EOT (Star: ESC ACK SOH). */
  private answerRealtimeAfterFault(session: Session, chunk: Uint8Array): void {
    for (const b of chunk) {
      session.tail.push(b);
      if (session.tail.length > 3) session.tail.shift();
      const [a, c, n] = session.tail.length === 3 ? session.tail : [];
      if (session.star) {
        if (a === 0x1b && c === 0x06 && n === 0x01) {
          session.send(this.starAsb(session));
          session.tail = [];
        }
        continue;
      }
      if (a === 0x10 && c === 0x04 && n !== undefined && n >= 1 && n <= 4) {
        session.send(Uint8Array.of(this.realtimeReply(n)));
        session.tail = [];
      }
    }
  }

  // ------------------------------------------------------------------ transports

  /** Listens for raw printing (port 0: any free port); resolves with the port. */
  listenTcp(port = 0, host = '127.0.0.1'): Promise<number> {
    const server = createServer((socket) => this.acceptSocket(socket));
    this.servers.push(server);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  }

  private acceptSocket(socket: Socket): void {
    socket.setNoDelay(true);
    const session = this.openSession(`tcp ${socket.remoteAddress}:${socket.remotePort}`, (b) => {
      if (!socket.destroyed) socket.write(b);
    }, () => socket.destroy(), true);
    socket.on('data', (chunk: Buffer) => this.receive(session, new Uint8Array(chunk)));
    socket.on('error', () => undefined);
    socket.on('close', () => this.endSession(session));
  }

  /** Opens the device end of a pty pair (or a real serial port) and serves it. */
  attachSerial(path: string, baudRate = 9600): Promise<() => Promise<void>> {
    const port = new SerialPort({ path, baudRate, autoOpen: false });
    return new Promise((resolve, reject) => {
      port.open((error) => {
        if (error) return reject(error);
        this.ports.add(port);
        const session = this.openSession(`serial ${path}`, (b) => {
          if (port.isOpen) port.write(Buffer.from(b));
        }, () => {
          if (port.isOpen) port.close(() => undefined);
        });
        port.on('data', (chunk: Buffer) => this.receive(session, new Uint8Array(chunk)));
        port.on('error', () => undefined);
        port.on('close', () => {
          this.ports.delete(port);
          this.endSession(session);
        });
        resolve(async () => {
          if (port.isOpen) await new Promise<void>((done) => port.close(() => done()));
        });
      });
    });
  }

  /**
   * The control channel: one command per line, answered "ok ..." or "error ...":
   * paper-out, paper-ok, paper-near-end, paper-lines N, cover-open, cover-close, offline,
   * online, open-drawer, close-drawer, clear-error, unplug, status.
   */
  listenControl(port = 0, host = '127.0.0.1'): Promise<number> {
    const server = createServer((socket) => {
      this.controlSockets.add(socket);
      socket.on('close', () => this.controlSockets.delete(socket));
      socket.setEncoding('utf8');
      let buffered = '';
      socket.on('data', (chunk: string) => {
        buffered += chunk;
        let nl: number;
        while ((nl = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, nl).trim();
          buffered = buffered.slice(nl + 1);
          if (line) socket.write(`${this.control(line)}\n`);
        }
        if (buffered.length > 1024) socket.destroy();
      });
      socket.on('error', () => undefined);
    });
    this.servers.push(server);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  }

  /** Runs one control command; returns the reply line. */
  control(line: string): string {
    const [command, arg] = line.split(/\s+/);
    switch (command) {
      case 'paper-out':
        this.setPaperOut(true);
        break;
      case 'paper-ok':
        this.setPaperOut(false);
        break;
      case 'paper-near-end':
        this.setPaperNearEnd(true);
        break;
      case 'paper-lines': {
        const n = arg === 'none' ? null : Number(arg);
        if (n !== null && (!Number.isInteger(n) || n < 0)) return 'error paper-lines takes a whole number or "none"';
        this.setPaperLines(n);
        break;
      }
      case 'cover-open':
        this.setCoverOpen(true);
        break;
      case 'cover-close':
        this.setCoverOpen(false);
        break;
      case 'offline':
        this.setOffline(true);
        break;
      case 'online':
        this.setOffline(false);
        break;
      case 'open-drawer':
        this.openDrawer();
        break;
      case 'close-drawer':
        this.closeDrawer();
        break;
      case 'clear-error':
        this.clearError();
        break;
      case 'unplug':
        this.dropConnections();
        break;
      case 'status':
        return `ok ${JSON.stringify({ ...this.snapshot(), online: this.online, receipts: this.receiptCount, faults: this.faults.length, ...(this.options.commandSet === 'star' ? { etbCounter: this.etbCounter } : {}) })}`;
      default:
        return `error unknown command "${command ?? ''}" (paper-out, paper-ok, paper-near-end, paper-lines N, cover-open, cover-close, offline, online, open-drawer, close-drawer, clear-error, unplug, status)`;
    }
    return `ok ${command}`;
  }

  async close(): Promise<void> {
    if (this.drawerTimer) clearTimeout(this.drawerTimer);
    this.dropConnections();
    for (const s of this.controlSockets) s.destroy();
    await Promise.all(this.servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    this.servers.length = 0;
    await Promise.all([...this.ports].map((p) => new Promise<void>((resolve) => (p.isOpen ? p.close(() => resolve()) : resolve()))));
  }
}
