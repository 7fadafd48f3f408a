// One connection to the virtual printer (a TCP client, the serial line) and what a command set
// does with it. The printer reads each session's bytes with its command set's strict tokenizer;
// the command set (escpos-session.ts, star-session.ts) answers status requests, runs the
// commands the printer reaches in its buffer, and tells the sessions when the status changes.
import type { EscPosToken } from '../../protocols/escpos/tokens.ts';
import type { StarToken } from '../../protocols/star-line/tokenizer.ts';
import type { FaultToken } from '../../protocols/stream-tokens.ts';
import type { Printout } from '../../protocols/printout/printout.ts';
import type { PrinterModel } from './printer-model.ts';

export type EmulatorToken = EscPosToken | StarToken;

export interface StreamTokenizer {
  push(chunk: Uint8Array): EmulatorToken[];
}

export interface StreamRenderer {
  apply(token: EmulatorToken): void;
  finish(): Printout;
}

export interface StarSessionState {
  asb: boolean;
  /** An ETB was reached since this session last got an ASB. */
  etbFlag: boolean;
  /** Ethernet format: header 2 bit 7 and a 2-byte length after each ASB. */
  ethernet: boolean;
}

export interface Session {
  name: string;
  send: (bytes: Uint8Array) => void;
  close: () => void;
  tokenizer: StreamTokenizer;
  renderer: StreamRenderer;
  pending: EmulatorToken[];
  /** Star Line Mode state; null for an ESC/POS printer. */
  star: StarSessionState | null;
  /** ESC/POS: the items GS a enabled ASB for. */
  asbMask: number;
  /** Bytes received, from the start of the current receipt. */
  chunks: Uint8Array[];
  chunkStart: number;
  receiptStart: number;
  received: number;
  fault: FaultToken | null;
  /** After a fault: the last bytes, to spot a status request split across chunks. */
  tail: number[];
}

/** What a command set uses of the virtual printer. */
export interface PrinterCore {
  readonly model: PrinterModel;
  readonly sessions: ReadonlySet<Session>;
  /** The receipt ends at `endOffset` (a cut): it is rendered, kept and written out. */
  finishReceipt(session: Session, endOffset: number): void;
  /** Discards everything received and not yet printed, on every connection (a buffer clear). */
  clearBuffers(): void;
}

export interface CommandSetBehaviour {
  newTokenizer(): StreamTokenizer;
  newRenderer(): StreamRenderer;
  /** Protocol state of a new session. */
  sessionState(ethernet: boolean): Pick<Session, 'star' | 'asbMask'>;
  /** Handles a token the printer answers at once, even while stopped (status requests, real-time pulses); false for others. */
  realtime(session: Session, token: EmulatorToken): boolean;
  /** A command the printer has reached in its buffer. */
  command(session: Session, token: EmulatorToken): void;
  /** After a command error the stream cannot be parsed: still answer the status request in these bytes. */
  answerAfterFault(session: Session, chunk: Uint8Array): void;
  /** Called before the printer's state changes; the function it returns, called after, sends the new status to the sessions that asked for changes. */
  watchChange(): () => void;
  /** Extra fields for the control channel's status line. */
  controlStatus(): Record<string, unknown>;
}
