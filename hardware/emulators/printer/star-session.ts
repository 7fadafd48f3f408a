// The virtual printer as a Star Line Mode printer: ESC ACK SOH is answered at once with an ASB
// message (over TCP in the Ethernet format, with header 2 bit 7 and a zero length after it);
// ASB is sent on every status change while on (ESC RS a; on at start, as Ethernet printers have
// it); ETB, when reached in the buffer, counts up the ETB counter and sends an ASB; ESC RS E 0
// sets the counter to 0; ESC d n cuts. Messages are in the format protocols/star-line/status.ts decodes.
import { StarLineTokenizer, type StarCommandToken } from '../../protocols/star-line/tokenizer.ts';
import { StarLineRenderer } from '../../protocols/star-line/render.ts';
import type { PrinterModel } from './printer-model.ts';
import type {
  CommandSetBehaviour,
  EmulatorToken,
  PrinterCore,
  Session,
  StarSessionState,
  StreamRenderer,
  StreamTokenizer,
} from './session.ts';

/** Star printer status bytes 1-4 without the ETB flag. */
function starStatusBytes(model: PrinterModel): [number, number, number, number] {
  const s = model.state;
  return [
    (model.sensorHigh() ? 0x04 : 0) | (model.online ? 0 : 0x08) | (s.coverOpen ? 0x20 : 0),
    // A command the strict tokenizer refused shows as an unrecoverable error.
    s.error ? 0x20 : 0,
    0,
    (s.paperNearEnd ? 0x04 : 0) | (s.paperOut ? 0x08 : 0),
  ];
}

/**
 * A Star ASB message for a session: 9 bytes (header 1 0x23, version 3), printer status 1-7
 * with the ETB counter in status 6; over TCP followed by a zero length (Ethernet format).
 * Sending it clears the session's ETB flag, as the printer does.
 */
export function starAsb(model: PrinterModel, etbCounter: number, star: StarSessionState | null): Uint8Array {
  const [s1, s2, s3, s4] = starStatusBytes(model);
  const counter = ((etbCounter & 0x07) << 1) | ((etbCounter & 0x18) << 2);
  const message = [0x23, 0x06 | (star?.ethernet ? 0x80 : 0), s1 | (star?.etbFlag ? 0x02 : 0), s2, s3, s4, 0, counter, 0];
  if (star) star.etbFlag = false;
  return Uint8Array.from(star?.ethernet ? [...message, 0x00, 0x00] : message);
}

export class StarPrinterBehaviour implements CommandSetBehaviour {
  /** The ETB counter (0-31), shared by every connection as on a real printer. */
  etbCounter = 0;
  private readonly core: PrinterCore;
  private readonly options: { asbAtStart: boolean; paperWidthDots: number };

  constructor(core: PrinterCore, options: { asbAtStart: boolean; paperWidthDots: number }) {
    this.core = core;
    this.options = options;
  }

  newTokenizer(): StreamTokenizer {
    return new StarLineTokenizer();
  }

  newRenderer(): StreamRenderer {
    return new StarLineRenderer({ paperWidthDots: this.options.paperWidthDots });
  }

  sessionState(ethernet: boolean): Pick<Session, 'star' | 'asbMask'> {
    return { star: { asb: this.options.asbAtStart, etbFlag: false, ethernet }, asbMask: 0 };
  }

  realtime(session: Session, token: EmulatorToken): boolean {
    if (token.kind !== 'star-command' || token.name !== 'ESC ACK SOH') return false;
    session.send(this.asb(session));
    return true;
  }

  command(session: Session, t: EmulatorToken): void {
    if (t.kind !== 'star-command') return;
    const n = t.params[0] ?? 0;
    const model = this.core.model;
    switch (t.name) {
      case 'LF':
        model.usePaper(1);
        return;
      case 'ESC a':
        model.usePaper(n);
        return;
      case 'ESC d':
        if (n % 48 >= 2) model.usePaper(3);
        this.core.finishReceipt(session, t.offset + t.length);
        return;
      case 'BEL':
        model.kick(2, false);
        return;
      case 'SUB':
        model.kick(5, false);
        return;
      default:
        this.statusCommand(session, t);
    }
  }

  answerAfterFault(session: Session, chunk: Uint8Array): void {
    for (const b of chunk) {
      session.tail.push(b);
      if (session.tail.length > 3) session.tail.shift();
      const [a, c, n] = session.tail.length === 3 ? session.tail : [];
      if (a === 0x1b && c === 0x06 && n === 0x01) {
        session.send(this.asb(session));
        session.tail = [];
      }
    }
  }

  /** Any change of what the ASB shows sends one (ETB flag and counter excluded). */
  watchChange(): () => void {
    const before = starStatusBytes(this.core.model);
    return () => {
      if (!starStatusBytes(this.core.model).some((b, i) => b !== before[i])) return;
      for (const s of this.core.sessions) if (s.star?.asb) s.send(this.asb(s));
    };
  }

  controlStatus(): Record<string, unknown> {
    return { etbCounter: this.etbCounter };
  }

  asb(session: Pick<Session, 'star'>): Uint8Array {
    return starAsb(this.core.model, this.etbCounter, session.star);
  }

  /** ETB and the ASB settings. */
  private statusCommand(session: Session, t: StarCommandToken): void {
    const n = t.params[0] ?? 0;
    switch (t.name) {
      case 'ETB':
        // Reached in the buffer: everything before it is printed.
        this.etbCounter = (this.etbCounter + 1) % 32;
        for (const s of this.core.sessions) {
          if (!s.star) continue;
          s.star.etbFlag = true;
          if (s.star.asb) s.send(this.asb(s));
        }
        return;
      case 'ESC RS a':
        if (session.star) {
          session.star.asb = n === 1;
          // The printer sends the status once on this command.
          session.send(this.asb(session));
        }
        return;
      case 'ESC RS E':
        this.etbCounter = 0;
        for (const s of this.core.sessions) if (s.star) s.star.etbFlag = false;
        return;
      default:
        return;
    }
  }
}
