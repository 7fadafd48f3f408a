// The virtual printer's physical side, whatever command set it speaks: paper (lines left, the
// near-end sensor), the cover, the offline button, a command error, and the cash drawer with its
// sensor (pin 3). Every change goes through `update`, so the sessions can tell the driver what
// changed the way their protocol does (ASB) and resume printing when the printer is back online.
import { callListeners, subscribe, type DeviceLog } from '../../device.ts';

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

export interface DrawerKick {
  pin: 2 | 5;
  realtime: boolean;
}

export interface PrinterModelOptions {
  /** Lines of paper left; printing the last one runs out of paper. null: endless. */
  paperLines: number | null;
  /** Near-end sensor trips at this many lines left. */
  nearEndLines: number;
  /** The drawer closes by itself this long after it opened; null: only by command. */
  drawerCloseAfterMs: number | null;
  /** Sensor level (pin 3) while the drawer is open. */
  sensorOpenLevel: 'high' | 'low';
  log: DeviceLog;
}

/** Runs a change of the printer's state; the caller reports what it changed. */
export type PrinterUpdate = (mutate: () => void) => void;

export class PrinterModel {
  readonly state: VirtualPrinterState;
  readonly kicks: DrawerKick[] = [];
  /** A jammed drawer: kicks pulse the solenoid but the drawer stays shut. */
  drawerJammed = false;
  private readonly options: PrinterModelOptions;
  private readonly update: PrinterUpdate;
  private readonly drawerListeners = new Set<(open: boolean) => void>();
  private readonly kickListeners = new Set<(kick: DrawerKick) => void>();
  private readonly paperListeners = new Set<(lines: number) => void>();
  private drawerTimer: ReturnType<typeof setTimeout> | null = null;
  private linesPrinted = 0;

  constructor(options: PrinterModelOptions, update: PrinterUpdate) {
    this.options = options;
    this.update = update;
    const paperLines = options.paperLines;
    this.state = {
      paperOut: paperLines === 0,
      paperNearEnd: false,
      coverOpen: false,
      offline: false,
      error: false,
      drawerOpen: false,
      paperLines,
    };
  }

  get online(): boolean {
    const s = this.state;
    return !(s.paperOut || s.coverOpen || s.offline || s.error);
  }

  /** The drawer sensor (pin 3) reads HIGH. */
  sensorHigh(): boolean {
    return this.state.drawerOpen === (this.options.sensorOpenLevel === 'high');
  }

  onDrawer(listener: (open: boolean) => void): () => void {
    return subscribe(this.drawerListeners, listener);
  }

  onKick(listener: (kick: DrawerKick) => void): () => void {
    return subscribe(this.kickListeners, listener);
  }

  onPaperUsed(listener: (lines: number) => void): () => void {
    return subscribe(this.paperListeners, listener);
  }

  setPaperOut(out: boolean): void {
    this.update(() => {
      this.state.paperOut = out;
      if (!out && this.state.paperLines !== null && this.state.paperLines <= 0) this.state.paperLines = null;
      if (!out) this.state.paperNearEnd = false;
    });
  }

  setPaperLines(lines: number | null): void {
    this.update(() => {
      this.state.paperLines = lines;
      this.state.paperOut = lines !== null && lines <= 0;
    });
  }

  setPaperNearEnd(nearEnd: boolean): void {
    this.update(() => (this.state.paperNearEnd = nearEnd));
  }

  setCoverOpen(open: boolean): void {
    this.update(() => (this.state.coverOpen = open));
  }

  setOffline(offline: boolean): void {
    this.update(() => (this.state.offline = offline));
  }

  setError(error: boolean): void {
    this.update(() => (this.state.error = error));
  }

  openDrawer(): void {
    if (this.state.drawerOpen) return;
    this.update(() => (this.state.drawerOpen = true));
    callListeners(this.drawerListeners, true, this.options.log, 'drawer');
    if (this.options.drawerCloseAfterMs !== null) {
      this.drawerTimer = setTimeout(() => this.closeDrawer(), this.options.drawerCloseAfterMs);
      this.drawerTimer.unref?.();
    }
  }

  closeDrawer(): void {
    this.stopDrawerTimer();
    if (!this.state.drawerOpen) return;
    this.update(() => (this.state.drawerOpen = false));
    callListeners(this.drawerListeners, false, this.options.log, 'drawer');
  }

  stopDrawerTimer(): void {
    if (this.drawerTimer) clearTimeout(this.drawerTimer);
    this.drawerTimer = null;
  }

  /** The drawer solenoid was pulsed (ESC p, DLE DC4, Star BEL/SUB). */
  kick(pin: 2 | 5, realtime: boolean): void {
    const kick = { pin, realtime };
    this.kicks.push(kick);
    callListeners(this.kickListeners, kick, this.options.log, 'drawer kick');
    if (!this.drawerJammed) this.openDrawer();
  }

  /** Paper fed by `lines`; the line that uses the last of the roll runs out of paper. */
  usePaper(lines: number): void {
    this.linesPrinted += lines;
    callListeners(this.paperListeners, this.linesPrinted, this.options.log, 'paper');
    const left = this.state.paperLines;
    if (left === null) return;
    this.update(() => {
      const remaining = Math.max(0, left - lines);
      this.state.paperLines = remaining;
      if (this.options.nearEndLines > 0 && remaining <= this.options.nearEndLines) this.state.paperNearEnd = true;
      if (remaining === 0) this.state.paperOut = true;
    });
  }
}
