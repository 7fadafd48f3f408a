import { describe, expect, it } from 'vitest';
import {
  decodeAsb,
  decodeErrorCause,
  decodeOfflineCause,
  decodePaperRoll,
  decodePrinterState,
  enableAsb,
  isAsbFirstByte,
  isRealtimeReplyByte,
  realtimeStatusQuery,
  statusFromRealtime,
  type RealtimeStatusQuery,
} from '../../../../../hardware/protocols/escpos/status.ts';
import type { PrinterStatus } from '../../../../../hardware/protocols/printer-status.ts';

const badReply = expect.objectContaining({ code: 'printer.bad-status-reply' });
const healthy: PrinterStatus = { online: true, coverOpen: false, paperNearEnd: false, paperOut: false, drawerOpen: false, error: false };

describe('DLE EOT queries', () => {
  it('asks with 10 04 n for n = 1-4', () => {
    for (const n of [1, 2, 3, 4] as const) expect([...realtimeStatusQuery(n)]).toEqual([0x10, 0x04, n]);
    expect(() => realtimeStatusQuery(5 as RealtimeStatusQuery)).toThrow(expect.objectContaining({ code: 'printer.out-of-range' }));
  });
});

describe('DLE EOT replies', () => {
  it('n = 1: online/offline and the drawer sensor (pin 3) level', () => {
    expect(decodePrinterState(0x12)).toEqual({
      online: true,
      drawerOpen: false,
      waitingForOnlineRecovery: false,
      feedButtonPressed: false,
    });
    expect(decodePrinterState(0x16)).toMatchObject({ online: true, drawerOpen: true });
    expect(decodePrinterState(0x1a)).toMatchObject({ online: false, drawerOpen: false });
    expect(decodePrinterState(0x32)).toMatchObject({ waitingForOnlineRecovery: true });
    expect(decodePrinterState(0x52)).toMatchObject({ feedButtonPressed: true });
  });

  it('n = 2: why the printer is offline (cover, FEED button, paper end, error)', () => {
    expect(decodeOfflineCause(0x12)).toEqual({ coverOpen: false, feedingByButton: false, paperEndStop: false, error: false });
    expect(decodeOfflineCause(0x16)).toEqual({ coverOpen: true, feedingByButton: false, paperEndStop: false, error: false });
    expect(decodeOfflineCause(0x1a)).toEqual({ coverOpen: false, feedingByButton: true, paperEndStop: false, error: false });
    expect(decodeOfflineCause(0x32)).toEqual({ coverOpen: false, feedingByButton: false, paperEndStop: true, error: false });
    expect(decodeOfflineCause(0x52)).toEqual({ coverOpen: false, feedingByButton: false, paperEndStop: false, error: true });
  });

  it('n = 3: which error (cutter jam, unrecoverable, auto-recoverable)', () => {
    expect(decodeErrorCause(0x12)).toEqual({ autocutterError: false, unrecoverableError: false, autoRecoverableError: false });
    expect(decodeErrorCause(0x1a)).toMatchObject({ autocutterError: true });
    expect(decodeErrorCause(0x32)).toMatchObject({ unrecoverableError: true });
    expect(decodeErrorCause(0x52)).toMatchObject({ autoRecoverableError: true });
  });

  it('n = 4: paper roll near its end, and paper out', () => {
    expect(decodePaperRoll(0x12)).toEqual({ paperNearEnd: false, paperOut: false });
    expect(decodePaperRoll(0x1e)).toEqual({ paperNearEnd: true, paperOut: false });
    expect(decodePaperRoll(0x72)).toEqual({ paperNearEnd: false, paperOut: true });
    expect(decodePaperRoll(0x7e)).toEqual({ paperNearEnd: true, paperOut: true });
  });

  it('combines the three replies of a printer that ran out of paper', () => {
    expect(statusFromRealtime({ printer: 0x1a, offlineCause: 0x32, paperRoll: 0x7e })).toEqual({
      ...healthy,
      online: false,
      paperNearEnd: true,
      paperOut: true,
    });
    expect(statusFromRealtime({ printer: 0x12, offlineCause: 0x12, paperRoll: 0x12 })).toEqual(healthy);
    expect(statusFromRealtime({ printer: 0x1e, offlineCause: 0x16, paperRoll: 0x12 })).toEqual({
      ...healthy,
      online: false,
      drawerOpen: true,
      coverOpen: true,
    });
  });

  it('rejects a byte that is not a DLE EOT reply (stream out of step, an ASB byte, noise)', () => {
    for (const b of [0x00, 0xff, 0x10, 0x13, 0x92, 0x02]) {
      expect(() => decodePrinterState(b)).toThrow(badReply);
      expect(() => decodePaperRoll(b)).toThrow(badReply);
    }
    expect(() => decodeOfflineCause(256)).toThrow(badReply);
  });
});

describe('ASB (GS a)', () => {
  it('enables the chosen status items with GS a n', () => {
    expect([...enableAsb({ drawer: true, onlineOffline: true, error: true, paperRoll: true })]).toEqual([0x1d, 0x61, 0x0f]);
    expect([...enableAsb({ drawer: false, onlineOffline: true, error: false, paperRoll: true })]).toEqual([0x1d, 0x61, 0x0a]);
    expect([...enableAsb({ drawer: false, onlineOffline: false, error: false, paperRoll: false })]).toEqual([0x1d, 0x61, 0x00]);
  });

  it('decodes a healthy printer', () => {
    expect(decodeAsb(Uint8Array.of(0x10, 0x00, 0x00, 0x0f))).toEqual({
      ...healthy,
      feedingByButton: false,
      autocutterError: false,
      unrecoverableError: false,
      autoRecoverableError: false,
    });
  });

  const cases: Array<[string, number[], Partial<Record<string, boolean>>]> = [
    ['drawer sensor pin 3 high', [0x14, 0, 0, 0], { drawerOpen: true }],
    ['offline', [0x18, 0, 0, 0], { online: false }],
    ['cover open', [0x30, 0, 0, 0], { coverOpen: true }],
    ['paper fed by the FEED button', [0x50, 0, 0, 0], { feedingByButton: true }],
    ['autocutter error', [0x10, 0x08, 0, 0], { autocutterError: true, error: true }],
    ['unrecoverable error', [0x10, 0x20, 0, 0], { unrecoverableError: true, error: true }],
    ['auto-recoverable error', [0x10, 0x40, 0, 0], { autoRecoverableError: true, error: true }],
    ['paper near end', [0x10, 0, 0x03, 0], { paperNearEnd: true }],
    ['paper out', [0x10, 0, 0x0c, 0], { paperOut: true }],
  ];
  for (const [what, reply, changed] of cases) {
    it(`reports ${what} from its bit alone`, () => {
      const status = decodeAsb(Uint8Array.from(reply));
      const base = { ...healthy, feedingByButton: false, autocutterError: false, unrecoverableError: false, autoRecoverableError: false };
      expect(status).toEqual({ ...base, ...changed });
    });
  }

  it('rejects a reply of the wrong length or with broken fixed bits', () => {
    expect(() => decodeAsb(Uint8Array.of(0x10, 0, 0))).toThrow(badReply);
    expect(() => decodeAsb(Uint8Array.of(0x12, 0, 0, 0))).toThrow(badReply);
    expect(() => decodeAsb(Uint8Array.of(0x10, 0x10, 0, 0))).toThrow(badReply);
    expect(() => decodeAsb(Uint8Array.of(0x10, 0, 0x80, 0))).toThrow(badReply);
  });

  it('tells an ASB first byte from a DLE EOT reply, so a reader can sort interleaved replies', () => {
    expect(isAsbFirstByte(0x10)).toBe(true);
    expect(isRealtimeReplyByte(0x10)).toBe(false);
    expect(isRealtimeReplyByte(0x12)).toBe(true);
    expect(isAsbFirstByte(0x12)).toBe(false);
    expect(isAsbFirstByte(0x00)).toBe(false);
  });
});
