// Splits what an ESC/POS printer sends back into replies. Three kinds share the line, told
// apart by their fixed bits (status.ts): DLE EOT replies (0xx1xx10), 4-byte ASB messages
// (first byte 0xx1xx00, then three 0xx0xxxx), and GS r replies (0xx0xxxx), which the printer
// sends only when it reaches the GS r in its buffer, so they say "everything before me is
// done". DLE DC4 fn 8 is answered 37 25 00. A byte that fits none is reported as unexpected; the parser does not guess.
import { ASB_REPLY_LENGTH, decodeAsb, isAsbFirstByte, isRealtimeReplyByte, type AsbStatus } from './status.ts';
import { errorWithCode } from '../../error-message.ts';

export type PrinterReply =
  | { kind: 'realtime'; byte: number }
  | { kind: 'asb'; status: AsbStatus }
  | { kind: 'processed'; byte: number }
  /** 37 25 00: the printer cleared its receive and print buffers (reply to DLE DC4 fn 8). */
  | { kind: 'buffer-cleared' }
  | { kind: 'unexpected'; bytes: number[]; why: string };

/** GS r 1 (1D 72 01): transmit paper sensor status, answered in buffer order. */
export const PAPER_SENSOR_QUERY: readonly number[] = [0x1d, 0x72, 0x01];

/**
 * DLE DC4 fn 8 (10 14 08 01 03 14 01 06 02 08): clear the receive and print buffers. Real-time,
 * so the printer runs it while stopped (paper out, cover open) and answers 37 25 00.
 */
export const CLEAR_BUFFERS: readonly number[] = [0x10, 0x14, 0x08, 0x01, 0x03, 0x14, 0x01, 0x06, 0x02, 0x08];
const CLEAR_RESPONSE: readonly number[] = [0x37, 0x25, 0x00];

export interface PaperSensorReply {
  paperNearEnd: boolean;
  paperOut: boolean;
}

/** Reply to GS r 1: bits 0-1 near-end sensor, bits 2-3 paper-end sensor. */
export function decodePaperSensor(byte: number): PaperSensorReply {
  return { paperNearEnd: (byte & 0x03) !== 0, paperOut: (byte & 0x0c) !== 0 };
}

export interface ReplyParser {
  push(bytes: Uint8Array): PrinterReply[];
  reset(): void;
}

export function createReplyParser(): ReplyParser {
  let asb: number[] | null = null;
  let cleared = 0;
  return {
    push(bytes) {
      const out: PrinterReply[] = [];
      for (const b of bytes) {
        if (cleared > 0) {
          if (b !== CLEAR_RESPONSE[cleared]) {
            out.push({ kind: 'unexpected', bytes: [...CLEAR_RESPONSE.slice(0, cleared), b], why: 'a broken clear-buffer response' });
            cleared = 0;
            continue;
          }
          cleared = (cleared + 1) % CLEAR_RESPONSE.length;
          if (cleared === 0) out.push({ kind: 'buffer-cleared' });
          continue;
        }
        if (asb) {
          asb.push(b);
          if (asb.length < ASB_REPLY_LENGTH) continue;
          const message = asb;
          asb = null;
          try {
            out.push({ kind: 'asb', status: decodeAsb(Uint8Array.from(message)) });
          } catch (e) {
            out.push({ kind: 'unexpected', bytes: message, why: errorWithCode(e) });
          }
          continue;
        }
        if (b === CLEAR_RESPONSE[0]) cleared = 1;
        else if (isAsbFirstByte(b)) asb = [b];
        else if (isRealtimeReplyByte(b)) out.push({ kind: 'realtime', byte: b });
        else if ((b & 0x90) === 0) out.push({ kind: 'processed', byte: b });
        else out.push({ kind: 'unexpected', bytes: [b], why: 'fits no reply pattern' });
      }
      return out;
    },
    reset() {
      asb = null;
      cleared = 0;
    },
  };
}
