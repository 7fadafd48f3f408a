// The virtual printer as an ESC/POS printer: DLE EOT 1-4 are answered at once, even while
// stopped, DLE DC4 1 pulses the drawer at once and DLE DC4 8 (while stopped) clears what the
// printer holds and answers 37 25 00; GS a enables Automatic Status Back, and every
// change of an enabled item sends a 4-byte ASB; GS r 1 is answered when the printer reaches it,
// so it says "all before me is printed"; GS V ends a receipt. Replies are in the formats
// protocols/escpos/status.ts decodes.
import type { KanjiEncoding } from '../../protocols/escpos/cjk.ts';
import { EscPosTokenizer } from '../../protocols/escpos/tokenizer.ts';
import { EscPosRenderer } from '../../protocols/escpos/render.ts';
import type { CommandSetBehaviour, EmulatorToken, PrinterCore, Session, StreamRenderer, StreamTokenizer } from './session.ts';
import type { PrinterModel } from './printer-model.ts';

const ASB_DRAWER = 0x01;
const ASB_ONLINE = 0x02;
const ASB_ERROR = 0x04;
const ASB_PAPER = 0x08;

/** DLE EOT n replies: fixed bits 0x12 plus the status bits. */
export function realtimeReply(model: PrinterModel, n: number): number {
  const s = model.state;
  switch (n) {
    case 1:
      return 0x12 | (model.sensorHigh() ? 0x04 : 0) | (model.online ? 0 : 0x08);
    case 2:
      return 0x12 | (s.coverOpen ? 0x04 : 0) | (s.paperOut ? 0x20 : 0) | (s.error ? 0x40 : 0);
    case 3:
      return 0x12;
    default:
      return 0x12 | (s.paperNearEnd ? 0x0c : 0) | (s.paperOut ? 0x60 : 0);
  }
}

/** The 4-byte ASB message. */
export function escPosAsb(model: PrinterModel): Uint8Array {
  const s = model.state;
  const b1 = 0x10 | (model.sensorHigh() ? 0x04 : 0) | (model.online ? 0 : 0x08) | (s.coverOpen ? 0x20 : 0);
  const b2 = s.error ? 0x40 : 0;
  const b3 = (s.paperNearEnd ? 0x03 : 0) | (s.paperOut ? 0x0c : 0);
  return Uint8Array.of(b1, b2, b3, 0);
}

export interface EscPosPrinterOptions {
  kanjiEncoding: KanjiEncoding;
  paperWidthDots: number;
  /** Whether the printer has DLE DC4 fn 8 (clear buffers); one without it ignores the command. */
  clearsBuffer: boolean;
}

export class EscPosPrinterBehaviour implements CommandSetBehaviour {
  private readonly core: PrinterCore;
  private readonly options: EscPosPrinterOptions;

  constructor(core: PrinterCore, options: EscPosPrinterOptions) {
    this.core = core;
    this.options = options;
  }

  newTokenizer(): StreamTokenizer {
    return new EscPosTokenizer({ kanjiEncoding: this.options.kanjiEncoding });
  }

  newRenderer(): StreamRenderer {
    const renderer = new EscPosRenderer({ kanjiEncoding: this.options.kanjiEncoding, paperWidthDots: this.options.paperWidthDots });
    return { apply: (token) => (token.kind === 'star-command' ? undefined : renderer.apply(token)), finish: () => renderer.finish() };
  }

  sessionState(): Pick<Session, 'star' | 'asbMask'> {
    return { star: null, asbMask: 0 };
  }

  realtime(session: Session, token: EmulatorToken): boolean {
    if (token.kind === 'command' && token.name === 'DLE EOT') {
      session.send(Uint8Array.of(realtimeReply(this.core.model, token.params[0]!)));
      return true;
    }
    if (token.kind === 'command' && token.name === 'DLE DC4' && token.params[0] === 8) {
      // Clear buffers: run only while the printer is stopped, and only by a printer that has it.
      if (this.options.clearsBuffer && !this.core.model.online) {
        this.core.clearBuffers();
        session.send(Uint8Array.of(0x37, 0x25, 0x00));
      }
      return true;
    }
    if (token.kind === 'command' && token.name === 'DLE DC4') {
      this.core.model.kick(token.params[1] === 0 ? 2 : 5, true);
      session.renderer.apply(token);
      return true;
    }
    return false;
  }

  command(session: Session, t: EmulatorToken): void {
    if (t.kind !== 'command') return;
    const n = t.params[0] ?? 0;
    const model = this.core.model;
    switch (t.name) {
      case 'GS r':
        session.send(Uint8Array.of(this.processedReply(n)));
        return;
      case 'GS a':
        session.asbMask = n & 0x0f;
        if (session.asbMask) session.send(escPosAsb(this.core.model));
        return;
      case 'ESC p':
        model.kick(n % 48 === 0 ? 2 : 5, false);
        return;
      case 'LF':
        model.usePaper(1);
        return;
      case 'ESC d':
        model.usePaper(Math.max(1, n));
        return;
      case 'GS V':
        this.core.finishReceipt(session, t.offset + t.length);
        return;
      default:
        return;
    }
  }

  answerAfterFault(session: Session, chunk: Uint8Array): void {
    for (const b of chunk) {
      session.tail.push(b);
      if (session.tail.length > 3) session.tail.shift();
      const [a, c, n] = session.tail.length === 3 ? session.tail : [];
      if (a === 0x10 && c === 0x04 && n !== undefined && n >= 1 && n <= 4) {
        session.send(Uint8Array.of(realtimeReply(this.core.model, n)));
        session.tail = [];
      }
    }
  }

  watchChange(): () => void {
    const before = this.asbBits();
    const wasOnline = this.core.model.online;
    return () => {
      const after = this.asbBits();
      let changed = 0;
      if ((before.drawer ^ after.drawer) !== 0) changed |= ASB_DRAWER;
      if (wasOnline !== this.core.model.online) changed |= ASB_ONLINE;
      if (before.error !== after.error) changed |= ASB_ERROR;
      if (before.paper !== after.paper) changed |= ASB_PAPER;
      if (changed) for (const s of this.core.sessions) if (s.asbMask & changed) s.send(escPosAsb(this.core.model));
    };
  }

  controlStatus(): Record<string, unknown> {
    return {};
  }

  /** GS r n: 1/49 paper sensor; 2/50 drawer; 4/52 ink (none here). */
  private processedReply(n: number): number {
    const s = this.core.model.state;
    if (n % 48 === 1) return (s.paperNearEnd ? 0x03 : 0) | (s.paperOut ? 0x0c : 0);
    if (n % 48 === 2) return this.core.model.sensorHigh() ? 0 : 1;
    return 0;
  }

  private asbBits(): { drawer: number; error: number; paper: number } {
    const model = this.core.model;
    const s = model.state;
    return {
      drawer: model.sensorHigh() ? 1 : 0,
      error: (s.error ? 1 : 0) | (s.coverOpen ? 2 : 0),
      paper: (s.paperOut ? 2 : 0) | (s.paperNearEnd ? 1 : 0),
    };
  }
}
