// node-thermal-printer, used for what it builds right and nothing else; the one file that
// imports it. It writes alignment, emphasis, character size (GS ! on ESC/POS, which scales
// Kanji too, unlike ESC !; ESC i on Star), line feeds and cuts (each cut followed by ESC @)
// correctly for both command sets. Everything else goes into its buffer as ready-made bytes
// through append(Buffer), which it passes through untouched; why we build those ourselves is
// in docs/it-devices.md ("What Tillproof builds itself"). It never sends anything: the driver
// writes the finished job to its own transport, so no node-thermal-printer interface is set up.
import { PrinterTypes, ThermalPrinter } from 'node-thermal-printer';
import type { Alignment } from '../escpos/commands.ts';
import type { CommandSet } from './command-set.ts';

const PRINTER_TYPE: Record<CommandSet, PrinterTypes> = { escpos: PrinterTypes.EPSON, star: PrinterTypes.STAR };

const DOUBLE_SIZE: Record<CommandSet, (thermal: ThermalPrinter, on: boolean) => void> = {
  escpos: (thermal, on) => thermal.setTextSize(on ? 1 : 0, on ? 1 : 0),
  star: (thermal, on) => (on ? thermal.setTextQuadArea() : thermal.setTextNormal()),
};

/** One receipt job being built. Style commands are written only when the style changes. */
export class ThermalJob {
  private readonly thermal: ThermalPrinter;
  private readonly commandSet: CommandSet;
  private align: Alignment = 'left';
  private bold = false;
  private double = false;

  constructor(commandSet: CommandSet, columns: number) {
    this.commandSet = commandSet;
    // An empty interface: node-thermal-printer then sets none up (lib/core.js), and execute() is never called.
    this.thermal = new ThermalPrinter({ type: PRINTER_TYPE[commandSet], interface: '', width: columns, removeSpecialCharacters: false });
  }

  /** Empties the buffer for the next job; modes start from the printer's defaults (the job begins with ESC @). */
  start(): void {
    this.thermal.clear();
    this.defaults();
  }

  bytes(bytes: Uint8Array): void {
    this.thermal.append(Buffer.from(bytes));
  }

  /** Already encoded text, then LF. */
  line(encoded: Uint8Array): void {
    this.bytes(encoded);
    this.thermal.newLine();
  }

  setAlign(align: Alignment): void {
    if (align === this.align) return;
    this.align = align;
    if (align === 'center') this.thermal.alignCenter();
    else if (align === 'right') this.thermal.alignRight();
    else this.thermal.alignLeft();
  }

  setBold(on: boolean): void {
    if (on === this.bold) return;
    this.bold = on;
    this.thermal.bold(on);
  }

  setDouble(on: boolean): void {
    if (on === this.double) return;
    this.double = on;
    DOUBLE_SIZE[this.commandSet](this.thermal, on);
  }

  /** GS V (ESC d on Star), then ESC @ so what follows starts from defaults; no feed first (the document has its own). */
  cut(partial: boolean): void {
    if (partial) this.thermal.partialCut({ verticalTabAmount: 0 });
    else this.thermal.cut({ verticalTabAmount: 0 });
    this.defaults();
  }

  /** The job's bytes. */
  finish(): Uint8Array {
    return Uint8Array.from(this.thermal.getBuffer());
  }

  private defaults(): void {
    this.align = 'left';
    this.bold = false;
    this.double = false;
  }
}
