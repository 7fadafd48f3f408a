// Printer status: the DLE EOT real-time queries and ASB (Automatic Status Back) replies.
//
// Every reply byte has fixed bits that say which command it answers (DLE EOT: 0xx1xx10,
// ASB first byte: 0xx1xx00, ASB bytes 2-4: 0xx0xxxx). A byte that breaks its pattern means
// the reply stream is out of step (a lost byte, an unsolicited ASB); it is an error, never a
// guess.
import { PrinterCommandError } from '../errors.ts';
import type { PrinterStatus } from '../printer-status.ts';

/** DLE EOT n: 1 printer, 2 offline cause, 3 error cause, 4 roll paper sensor. */
export type RealtimeStatusQuery = 1 | 2 | 3 | 4;

/** DLE EOT n (10 04 n). The printer answers with one byte, even while offline. */
export function realtimeStatusQuery(n: RealtimeStatusQuery): Uint8Array {
  if (n !== 1 && n !== 2 && n !== 3 && n !== 4)
    throw new PrinterCommandError('printer.out-of-range', `DLE EOT n must be 1-4, got ${String(n)}`);
  return Uint8Array.of(0x10, 0x04, n);
}

const bit = (byte: number, mask: number): boolean => (byte & mask) !== 0;

function checkReplyByte(what: string, byte: number, mask: number, expected: number): void {
  if (!Number.isInteger(byte) || byte < 0 || byte > 0xff || (byte & mask) !== expected) {
    const shown = Number.isInteger(byte) && byte >= 0 && byte <= 0xff ? `0x${byte.toString(16).padStart(2, '0')}` : String(byte);
    throw new PrinterCommandError('printer.bad-status-reply', `${what}: ${shown} does not match the reply pattern`);
  }
}

/** Bits 0, 1, 4, 7 of every DLE EOT reply are fixed at 0, 1, 1, 0. */
const checkRealtime = (what: string, byte: number): void => checkReplyByte(what, byte, 0x93, 0x12);

export interface PrinterStateReply {
  online: boolean;
  /** Pin 3 HIGH; see PrinterStatus.drawerOpen. */
  drawerOpen: boolean;
  waitingForOnlineRecovery: boolean;
  feedButtonPressed: boolean;
}

/** Reply to DLE EOT 1. */
export function decodePrinterState(byte: number): PrinterStateReply {
  checkRealtime('DLE EOT 1 reply', byte);
  return {
    drawerOpen: bit(byte, 0x04),
    online: !bit(byte, 0x08),
    waitingForOnlineRecovery: bit(byte, 0x20),
    feedButtonPressed: bit(byte, 0x40),
  };
}

export interface OfflineCauseReply {
  coverOpen: boolean;
  /** Paper is being fed with the FEED button. */
  feedingByButton: boolean;
  /** Printing stopped because the paper ran out. */
  paperEndStop: boolean;
  error: boolean;
}

/** Reply to DLE EOT 2. */
export function decodeOfflineCause(byte: number): OfflineCauseReply {
  checkRealtime('DLE EOT 2 reply', byte);
  return { coverOpen: bit(byte, 0x04), feedingByButton: bit(byte, 0x08), paperEndStop: bit(byte, 0x20), error: bit(byte, 0x40) };
}

export interface ErrorCauseReply {
  autocutterError: boolean;
  /** Needs power off and service. */
  unrecoverableError: boolean;
  /** Clears by itself (head temperature, voltage). */
  autoRecoverableError: boolean;
}

/** Reply to DLE EOT 3. */
export function decodeErrorCause(byte: number): ErrorCauseReply {
  checkRealtime('DLE EOT 3 reply', byte);
  return { autocutterError: bit(byte, 0x08), unrecoverableError: bit(byte, 0x20), autoRecoverableError: bit(byte, 0x40) };
}

export interface PaperRollReply {
  paperNearEnd: boolean;
  paperOut: boolean;
}

/** Reply to DLE EOT 4: bits 2-3 near-end sensor, bits 5-6 paper-end sensor. */
export function decodePaperRoll(byte: number): PaperRollReply {
  checkRealtime('DLE EOT 4 reply', byte);
  return { paperNearEnd: bit(byte, 0x0c), paperOut: bit(byte, 0x60) };
}

/** The replies to DLE EOT 1, 2 and 4 combined into one status. */
export function statusFromRealtime(replies: { printer: number; offlineCause: number; paperRoll: number }): PrinterStatus {
  const printer = decodePrinterState(replies.printer);
  const offline = decodeOfflineCause(replies.offlineCause);
  const paper = decodePaperRoll(replies.paperRoll);
  return {
    online: printer.online,
    coverOpen: offline.coverOpen,
    paperNearEnd: paper.paperNearEnd,
    paperOut: paper.paperOut || offline.paperEndStop,
    drawerOpen: printer.drawerOpen,
    error: offline.error,
  };
}

/** Which changes make the printer send an ASB reply. */
export interface AsbItems {
  drawer: boolean;
  onlineOffline: boolean;
  error: boolean;
  paperRoll: boolean;
}

/** GS a n (1D 61 n): enable ASB for the chosen items; all false turns ASB off. */
export function enableAsb(items: AsbItems): Uint8Array {
  const n = (items.drawer ? 0x01 : 0) | (items.onlineOffline ? 0x02 : 0) | (items.error ? 0x04 : 0) | (items.paperRoll ? 0x08 : 0);
  return Uint8Array.of(0x1d, 0x61, n);
}

export const ASB_REPLY_LENGTH = 4;

export interface AsbStatus extends PrinterStatus {
  feedingByButton: boolean;
  autocutterError: boolean;
  unrecoverableError: boolean;
  autoRecoverableError: boolean;
}

/** True when `byte` can start an ASB reply (0xx1xx00). */
export function isAsbFirstByte(byte: number): boolean {
  return (byte & 0x93) === 0x10;
}

/** True when `byte` can be a DLE EOT reply (0xx1xx10). */
export function isRealtimeReplyByte(byte: number): boolean {
  return (byte & 0x93) === 0x12;
}

/** Decodes one 4-byte ASB reply. */
export function decodeAsb(reply: Uint8Array): AsbStatus {
  if (reply.length !== ASB_REPLY_LENGTH)
    throw new PrinterCommandError('printer.bad-status-reply', `ASB reply must be 4 bytes, got ${reply.length}`);
  const [b1, b2, b3, b4] = [reply[0]!, reply[1]!, reply[2]!, reply[3]!];
  checkReplyByte('ASB byte 1', b1, 0x93, 0x10);
  checkReplyByte('ASB byte 2', b2, 0x90, 0x00);
  checkReplyByte('ASB byte 3', b3, 0x90, 0x00);
  checkReplyByte('ASB byte 4', b4, 0x90, 0x00);
  const autocutterError = bit(b2, 0x08);
  const unrecoverableError = bit(b2, 0x20);
  const autoRecoverableError = bit(b2, 0x40);
  return {
    drawerOpen: bit(b1, 0x04),
    online: !bit(b1, 0x08),
    coverOpen: bit(b1, 0x20),
    feedingByButton: bit(b1, 0x40),
    autocutterError,
    unrecoverableError,
    autoRecoverableError,
    error: autocutterError || unrecoverableError || autoRecoverableError,
    paperNearEnd: bit(b3, 0x03),
    paperOut: bit(b3, 0x0c),
  };
}
