// Star Line Mode status: Automatic Status Back (ASB), the real-time request for it (ESC ACK
// SOH) and the ETB counter that says how far the printer got. Written from Star's "STAR Line
// Mode Command Specifications" (appendix "Automatic Status"; ESC ACK SOH, ESC RS a n, ETB,
// ESC RS E n) and its "Printer status transmission when using Ethernet and wireless LAN".
//
// An ASB message is: header 1, header 2, then printer status bytes 1..n.
// - Header 1: bit 0 = 1, bit 4 = 0, bit 7 = 0; bits 1-3 and bit 5 give the whole message
//   length including both headers (7..15 bytes; bit 6 is reserved and ignored).
// - Header 2: bits 0 and 4 = 0; bits 1-3, 5, 6 give the status version; bit 7 set means a
//   2-byte length and that many bytes of other status data follow the message (the Ethernet
//   format; for ASB and ESC ACK SOH the length is 0).
// - Every later byte: bits 0, 4 and 7 = 0.
// Status bytes (1-based after the headers): 1 printer (bit 1 ETB executed, 2 drawer switch
// closed, 3 offline, 5 cover open, 6 offline by switch); 2 errors (2 mechanical, 3 auto-cutter,
// 5 unrecoverable, 6 stopped by head temperature); 3 errors (3 black mark, 6 receive buffer
// overflow); 4 paper (1 near end outer, 2 near end inner, 3 paper end); 6 ETB counter (bits 1-3,
// 5, 6; models whose ASB is at least 8 bytes).
// XON (0x11) and XOFF (0x13) may be mixed into the stream on serial lines; bit 4 set means they
// can never be part of an ASB, so the parser drops them. Anything else that breaks the
// pattern is reported, never guessed at.
import { PrinterCommandError } from '../errors.ts';
import { errorWithCode } from '../../error-message.ts';
import type { PrinterStatus } from '../printer-status.ts';

/** ESC ACK SOH (1B 06 01): send the ASB now; answered at once, even while offline. */
export const STAR_STATUS_REQUEST: readonly number[] = [0x1b, 0x06, 0x01];

/** ETB (17): when the printer reaches it in its buffer, everything before it is printed; it counts up the ETB counter and sends an ASB. */
export const STAR_ETB = 0x17;

/** ESC RS E 0 (1B 1E 45 00): set the ETB counter to 0 (no ASB is sent). */
export const STAR_ETB_COUNTER_RESET: readonly number[] = [0x1b, 0x1e, 0x45, 0x00];

/** ESC RS a n (1B 1E 61 n): ASB on (n = 1) or off (n = 0). Ethernet interfaces ignore it (ASB is always on there). */
export function starAsbSetting(enabled: boolean): Uint8Array {
  return Uint8Array.of(0x1b, 0x1e, 0x61, enabled ? 1 : 0);
}

export const STAR_ASB_MIN_LENGTH = 7;
export const STAR_ASB_MAX_LENGTH = 15;
/** The ETB counter is in the 8th byte: shorter messages (older firmware) carry only the ETB flag. */
const ETB_COUNTER_INDEX = 7;

export interface StarAsbStatus extends PrinterStatus {
  /** Status version from header 2. */
  version: number;
  /** Header 2 bit 7: a 2-byte length and that many bytes of other status follow. */
  extended: boolean;
  offlineBySwitch: boolean;
  /** An ETB was executed since the last status the host received. */
  etbExecuted: boolean;
  mechanicalError: boolean;
  autocutterError: boolean;
  unrecoverableError: boolean;
  headTemperatureStop: boolean;
  receiveBufferOverflow: boolean;
  blackMarkError: boolean;
  /** 0-31, counted up by each ETB the printer reaches; null when the message is too short to hold it. */
  etbCounter: number | null;
}

const bit = (byte: number, mask: number): boolean => (byte & mask) !== 0;
const shown = (byte: number): string =>
  Number.isInteger(byte) && byte >= 0 && byte <= 0xff ? `0x${byte.toString(16).padStart(2, '0')}` : String(byte);
const bad = (message: string): PrinterCommandError => new PrinterCommandError('printer.bad-status-reply', message);

/** Bits 1-3 plus bit 5 (as 8): the length in header 1, the version (with bit 6 as 16) in header 2. */
const fiveBitField = (byte: number): number => ((byte >> 1) & 0x07) | ((byte >> 2) & 0x08) | ((byte >> 2) & 0x10);

/** True when `byte` can start an ASB message (header 1). */
export function isStarAsbHeader(byte: number): boolean {
  return Number.isInteger(byte) && byte >= 0 && byte <= 0xff && (byte & 0x91) === 0x01;
}

/** XON / XOFF flow control bytes that a serial printer may put anywhere in the stream. */
export function isStarFlowControl(byte: number): boolean {
  return byte === 0x11 || byte === 0x13;
}

/** The whole ASB message length (both headers included) that header 1 announces. */
export function starAsbLength(header1: number): number {
  if (!isStarAsbHeader(header1)) throw bad(`ASB header 1: ${shown(header1)} does not match the pattern 0xx0xxx1`);
  const length = fiveBitField(header1 & 0x3f);
  if (length < STAR_ASB_MIN_LENGTH)
    throw bad(`ASB header 1 announces ${length} bytes; an ASB has ${STAR_ASB_MIN_LENGTH}-${STAR_ASB_MAX_LENGTH}`);
  return length;
}

/** Decodes one ASB message (header 1, header 2, status bytes), without any Ethernet length suffix. */
export function decodeStarAsb(message: Uint8Array): StarAsbStatus {
  if (message.length < 1) throw bad('ASB message is empty');
  const length = starAsbLength(message[0]!);
  if (message.length !== length) throw bad(`ASB header 1 announces ${length} bytes, got ${message.length}`);
  const h2 = message[1]!;
  if ((h2 & 0x11) !== 0) throw bad(`ASB header 2: ${shown(h2)} does not match the pattern xxx0xxx0`);
  for (let i = 2; i < message.length; i++) {
    if ((message[i]! & 0x91) !== 0) throw bad(`ASB status byte ${i - 1}: ${shown(message[i]!)} does not match the pattern 0xx0xxx0`);
  }
  const [s1, s2, s3, s4] = [message[2]!, message[3]!, message[4]!, message[5]!];
  const mechanicalError = bit(s2, 0x04);
  const autocutterError = bit(s2, 0x08);
  const unrecoverableError = bit(s2, 0x20);
  const headTemperatureStop = bit(s2, 0x40);
  const receiveBufferOverflow = bit(s3, 0x40);
  const counterByte = message.length > ETB_COUNTER_INDEX ? message[ETB_COUNTER_INDEX]! : null;
  return {
    version: fiveBitField(h2 & 0x7f),
    extended: bit(h2, 0x80),
    online: !bit(s1, 0x08),
    offlineBySwitch: bit(s1, 0x40),
    coverOpen: bit(s1, 0x20),
    // The drawer "compulsion switch" input; its polarity is the drawer's (see PrinterStatus.drawerOpen).
    drawerOpen: bit(s1, 0x04),
    etbExecuted: bit(s1, 0x02),
    mechanicalError,
    autocutterError,
    unrecoverableError,
    headTemperatureStop,
    receiveBufferOverflow,
    blackMarkError: bit(s3, 0x08),
    // A lost part of the job (buffer overflow) spoils the receipt as much as a jam does.
    error: mechanicalError || autocutterError || unrecoverableError || headTemperatureStop || receiveBufferOverflow,
    paperNearEnd: bit(s4, 0x02) || bit(s4, 0x04),
    paperOut: bit(s4, 0x08),
    etbCounter: counterByte === null ? null : fiveBitField(counterByte),
  };
}

/** The fields every printer status has, without the Star details. */
export function printerStatusOfStar(status: StarAsbStatus): PrinterStatus {
  const { online, coverOpen, paperNearEnd, paperOut, drawerOpen, error } = status;
  return { online, coverOpen, paperNearEnd, paperOut, drawerOpen, error };
}

/** How many ETBs the printer reached between two counter readings (the counter wraps at 32). */
export function etbAdvance(before: number, after: number): number {
  return (((after - before) % 32) + 32) % 32;
}

export type StarReply = { kind: 'asb'; status: StarAsbStatus } | { kind: 'unexpected'; bytes: number[]; why: string };

export interface StarReplyParser {
  push(bytes: Uint8Array): StarReply[];
  reset(): void;
}

/** Splits what a Star Line Mode printer sends into ASB messages, however the bytes are split. */
export function createStarReplyParser(): StarReplyParser {
  let message: number[] | null = null;
  let length = 0;
  /** Ethernet format: the 2 length bytes after the message. */
  let suffix: number[] | null = null;
  let done: StarAsbStatus | null = null;
  const reset = (): void => {
    message = null;
    suffix = null;
    done = null;
    length = 0;
  };
  return {
    push(bytes) {
      const out: StarReply[] = [];
      const fail = (seen: number[], why: string): void => {
        out.push({ kind: 'unexpected', bytes: seen, why });
        reset();
      };
      for (const b of bytes) {
        if (isStarFlowControl(b)) continue;
        if (suffix && done) {
          suffix.push(b);
          if (suffix.length < 2) continue;
          const extra = (suffix[0]! << 8) | suffix[1]!;
          // We only ever ask for the ASB itself, which carries no other status data.
          if (extra !== 0) fail([...suffix], `ASB announces ${extra} bytes of other status data; only the ASB itself is read`);
          else out.push({ kind: 'asb', status: done });
          reset();
          continue;
        }
        if (message) {
          message.push(b);
          if (message.length < length) continue;
          const whole = message;
          try {
            const status = decodeStarAsb(Uint8Array.from(whole));
            if (status.extended) {
              message = null;
              done = status;
              suffix = [];
            } else {
              reset();
              out.push({ kind: 'asb', status });
            }
          } catch (e) {
            fail(whole, errorWithCode(e));
          }
          continue;
        }
        if (!isStarAsbHeader(b)) {
          fail([b], 'not the start of an ASB message');
          continue;
        }
        try {
          length = starAsbLength(b);
          message = [b];
        } catch (e) {
          fail([b], errorWithCode(e));
        }
      }
      return out;
    },
    reset,
  };
}
