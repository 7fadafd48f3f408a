// A virtual receipt printer with a cash drawer, for tests, demos and IT training.
//
// It listens on TCP (127.0.0.1) and/or a serial pseudo-terminal (printer/servers.ts), reads
// every byte with the strict tokenizer of its command set (an unknown or malformed command is
// an error the printer reports, not something it skips), and behaves like a printer where the
// driver can see it: status requests are answered at once, even while stopped; paper out, cover
// open and offline stop printing, and the data is kept and printed on recovery; the drawer opens
// on a kick and its sensor reads open until it closes by itself (after a set time) or by
// command; each cut ends a receipt, written to `outDir` as .txt, .png and .bin for preview.
// A control channel (a second TCP port, one command per line) drives the faults.
//
// The parts: printer/printer-model.ts (paper, cover, drawer: the fault model),
// printer/escpos-session.ts and printer/star-session.ts (what each command set answers and
// does), printer/servers.ts (TCP, pty, control), printer/control.ts (the control commands).
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { concatBytes } from '../../core/ledger/bytes.ts';
import { callListeners, silentLog, subscribe, type DeviceLog } from '../device.ts';
import type { KanjiEncoding } from '../protocols/escpos/cjk.ts';
import type { FaultToken } from '../protocols/stream-tokens.ts';
import type { Printout } from '../protocols/printout/printout.ts';
import { printoutToText } from '../protocols/printout/printout-text.ts';
import { PrinterModel, type DrawerKick, type VirtualPrinterState } from './printer/printer-model.ts';
import { EscPosPrinterBehaviour, escPosAsb, realtimeReply } from './printer/escpos-session.ts';
import { StarPrinterBehaviour, starAsb } from './printer/star-session.ts';
import { PrinterServers } from './printer/servers.ts';
import { runControlCommand } from './printer/control.ts';
import { writeReceiptFiles, type ReceiptFiles } from './printer/receipt-files.ts';
import { nextValue } from './printer/waiting.ts';
import type { CommandSetBehaviour, EmulatorToken, PrinterCore, Session } from './printer/session.ts';

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
  /** The first line every control connection must send (`token <this>`); default: a new random one. */
  controlToken?: string;
  log?: DeviceLog;
}

export interface EmulatedReceipt {
  number: number;
  printout: Printout;
  text: string;
  bytes: Uint8Array;
  files: ReceiptFiles | null;
}

export class VirtualPrinter {
  readonly receipts: EmulatedReceipt[] = [];
  /** What a control connection sends first as `token <controlToken>`: give it only to the printer's owner. */
  readonly controlToken: string;
  readonly faults: FaultToken[] = [];
  private readonly commandSet: 'escpos' | 'star';
  private readonly behaviour: CommandSetBehaviour;
  /** Star: the ETB counter lives there; null on an ESC/POS printer. */
  private readonly star: StarPrinterBehaviour | null;
  private readonly model: PrinterModel;
  private readonly sessions = new Set<Session>();
  private readonly servers: PrinterServers;
  private readonly outDir: string | null;
  private readonly log: DeviceLog;
  private readonly receiptListeners = new Set<(receipt: EmulatedReceipt) => void>();
  private readonly faultListeners = new Set<(fault: FaultToken) => void>();
  private readonly bytesListeners = new Set<(total: number) => void>();
  private receiptCount = 0;
  private bytesReceived = 0;

  constructor(options: VirtualPrinterOptions = {}) {
    this.log = options.log ?? silentLog;
    this.controlToken = options.controlToken ?? randomBytes(24).toString('base64url');
    this.outDir = options.outDir ?? null;
    this.commandSet = options.commandSet ?? 'escpos';
    this.model = new PrinterModel(
      {
        paperLines: options.paperLines ?? null,
        nearEndLines: options.nearEndLines ?? 0,
        drawerCloseAfterMs: options.drawerCloseAfterMs ?? null,
        sensorOpenLevel: options.sensorOpenLevel ?? 'high',
        log: this.log,
      },
      (mutate) => this.change(mutate),
    );
    const paperWidthDots = options.paperWidthDots ?? 576;
    const core: PrinterCore = {
      model: this.model,
      sessions: this.sessions,
      finishReceipt: (session, end) => this.finishReceipt(session, end),
    };
    this.star =
      this.commandSet === 'star' ? new StarPrinterBehaviour(core, { asbAtStart: options.starAsbAtStart ?? true, paperWidthDots }) : null;
    this.behaviour = this.star ?? new EscPosPrinterBehaviour(core, { kanjiEncoding: options.kanjiEncoding ?? 'gb18030', paperWidthDots });
    this.servers = new PrinterServers({
      openSession: (name, send, close, ethernet) => this.openSession(name, send, close, ethernet),
      receive: (session, chunk) => this.receive(session, chunk),
      endSession: (session) => this.endSession(session),
      control: (line) => this.control(line),
    });
    if (this.outDir) mkdirSync(this.outDir, { recursive: true, mode: 0o700 });
  }

  // ------------------------------------------------------------------ observing

  snapshot(): VirtualPrinterState {
    return { ...this.model.state };
  }

  get online(): boolean {
    return this.model.online;
  }

  get kicks(): readonly DrawerKick[] {
    return this.model.kicks;
  }

  /** A jammed drawer: kicks pulse the solenoid but the drawer stays shut. */
  get drawerJammed(): boolean {
    return this.model.drawerJammed;
  }

  set drawerJammed(jammed: boolean) {
    this.model.drawerJammed = jammed;
  }

  onReceipt(listener: (receipt: EmulatedReceipt) => void): () => void {
    return subscribe(this.receiptListeners, listener);
  }

  onDrawer(listener: (open: boolean) => void): () => void {
    return this.model.onDrawer(listener);
  }

  onKick(listener: (kick: DrawerKick) => void): () => void {
    return this.model.onKick(listener);
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
    return this.model.onPaperUsed(listener);
  }

  /** Resolves with the next receipt (that matches), or rejects after `timeoutMs`. */
  nextReceipt(match: (receipt: EmulatedReceipt) => boolean = () => true, timeoutMs = 5000): Promise<EmulatedReceipt> {
    return nextValue((l) => this.onReceipt(l), timeoutMs, 'receipt', match);
  }

  nextDrawerChange(timeoutMs = 5000): Promise<boolean> {
    return nextValue((l) => this.onDrawer(l), timeoutMs, 'drawer change');
  }

  // ------------------------------------------------------------------ faults and the drawer

  setPaperOut(out: boolean): void {
    this.model.setPaperOut(out);
  }

  /** Paper left, in lines: the receipt that uses the last one runs out mid-way. null: endless. */
  setPaperLines(lines: number | null): void {
    this.model.setPaperLines(lines);
  }

  setPaperNearEnd(nearEnd: boolean): void {
    this.model.setPaperNearEnd(nearEnd);
  }

  setCoverOpen(open: boolean): void {
    this.model.setCoverOpen(open);
  }

  setOffline(offline: boolean): void {
    this.model.setOffline(offline);
  }

  /** Clears a command error; sessions that hit it start parsing afresh. */
  clearError(): void {
    for (const s of this.sessions) {
      if (!s.fault) continue;
      s.fault = null;
      s.tokenizer = this.behaviour.newTokenizer();
      s.renderer = this.behaviour.newRenderer();
      s.pending = [];
    }
    this.model.setError(false);
  }

  openDrawer(): void {
    this.model.openDrawer();
  }

  closeDrawer(): void {
    this.model.closeDrawer();
  }

  /** Drops every connection, as if the cable were pulled (TCP clients may reconnect). */
  dropConnections(): void {
    for (const s of [...this.sessions]) s.close();
  }

  // ------------------------------------------------------------------ replies (as the driver decodes them)

  /** ESC/POS: the reply to DLE EOT n. */
  realtimeReply(n: number): number {
    return realtimeReply(this.model, n);
  }

  /** ESC/POS: the 4-byte ASB message. */
  asb(): Uint8Array {
    return escPosAsb(this.model);
  }

  /** Star: the ASB message `session` gets now (clears its ETB flag). */
  starAsb(session: Pick<Session, 'star'>): Uint8Array {
    return starAsb(this.model, this.star?.etbCounter ?? 0, session.star);
  }

  // ------------------------------------------------------------------ transports

  /** Listens for raw printing (port 0: any free port); resolves with the port. */
  listenTcp(port = 0, host = '127.0.0.1'): Promise<number> {
    return this.servers.listenTcp(port, host);
  }

  /** Opens the device end of a pty pair (or a real serial port) and serves it. */
  attachSerial(path: string, baudRate = 9600): Promise<() => Promise<void>> {
    return this.servers.attachSerial(path, baudRate);
  }

  /**
   * The control channel: a first line `token <controlToken>`, then one command per line, answered
   * "ok ..." or "error ...": paper-out, paper-ok, paper-near-end, paper-lines N, cover-open,
   * cover-close, offline, online, open-drawer, close-drawer, clear-error, unplug, status.
   */
  listenControl(port = 0, host = '127.0.0.1'): Promise<number> {
    return this.servers.listenControl(port, host, this.controlToken);
  }

  /** Runs one control command; returns the reply line. */
  control(line: string): string {
    return runControlCommand(
      {
        model: this.model,
        clearError: () => this.clearError(),
        dropConnections: () => this.dropConnections(),
        status: () => ({
          ...this.snapshot(),
          online: this.online,
          receipts: this.receiptCount,
          faults: this.faults.length,
          ...this.behaviour.controlStatus(),
        }),
      },
      line,
    );
  }

  async close(): Promise<void> {
    this.model.stopDrawerTimer();
    this.dropConnections();
    await this.servers.close();
  }

  // ------------------------------------------------------------------ the byte stream (from printer/servers.ts)

  private openSession(name: string, send: (bytes: Uint8Array) => void, close: () => void, ethernet = false): Session {
    const session: Session = {
      name,
      send,
      close,
      tokenizer: this.behaviour.newTokenizer(),
      renderer: this.behaviour.newRenderer(),
      pending: [],
      ...this.behaviour.sessionState(ethernet),
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
    if (printout.items.length > 0 || printout.unprinted)
      this.log.info(`virtual printer: ${session.name} closed with an unfinished receipt (no cut)`);
  }

  /** Bytes received from `session`. */
  private receive(session: Session, chunk: Uint8Array): void {
    session.chunks.push(chunk);
    session.received += chunk.length;
    this.bytesReceived += chunk.length;
    if (session.fault) {
      this.behaviour.answerAfterFault(session, chunk);
    } else {
      for (const token of session.tokenizer.push(chunk)) this.token(session, token);
    }
    callListeners(this.bytesListeners, this.bytesReceived, this.log, 'bytes');
  }

  private finishReceipt(session: Session, endOffset: number): void {
    const printout = session.renderer.finish();
    session.renderer = this.behaviour.newRenderer();
    const all = concatBytes(...session.chunks);
    const bytes = all.slice(session.receiptStart - session.chunkStart, endOffset - session.chunkStart);
    session.chunks = [all.slice(endOffset - session.chunkStart)];
    session.chunkStart = endOffset;
    session.receiptStart = endOffset;
    const number = ++this.receiptCount;
    const text = printoutToText(printout);
    const files = this.outDir ? writeReceiptFiles(this.outDir, number, { printout, text, bytes }, this.log) : null;
    const receipt: EmulatedReceipt = { number, printout, text, bytes, files };
    this.receipts.push(receipt);
    callListeners(this.receiptListeners, receipt, this.log, 'receipt');
  }

  private token(session: Session, token: EmulatorToken): void {
    if (this.behaviour.realtime(session, token)) return;
    if (token.kind === 'fault') return this.fault(session, token);
    if (!this.model.online || session.pending.length > 0) {
      session.pending.push(token);
      return;
    }
    this.apply(session, token);
  }

  /** The strict tokenizer refused the stream: the printer stops with a command error. */
  private fault(session: Session, token: FaultToken): void {
    session.fault = token;
    this.faults.push(token);
    this.log.error(`virtual printer: ${token.message} (byte ${token.offset})`);
    session.renderer.apply(token);
    this.finishReceipt(session, session.received);
    this.model.setError(true);
    callListeners(this.faultListeners, token, this.log, 'fault');
  }

  private apply(session: Session, token: EmulatorToken): void {
    session.renderer.apply(token);
    this.behaviour.command(session, token);
  }

  private drainPending(session: Session): void {
    while (session.pending.length > 0 && this.model.online) this.apply(session, session.pending.shift()!);
  }

  /** Every change of the printer's state: the sessions hear of it as their protocol says, and printing resumes once it is back online. */
  private change(mutate: () => void): void {
    const announce = this.behaviour.watchChange();
    const wasOnline = this.model.online;
    mutate();
    announce();
    if (!wasOnline && this.model.online) for (const s of this.sessions) this.drainPending(s);
  }
}
