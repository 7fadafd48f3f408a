// Cash drawer kick through the printer's drawer kick-out connector.
//
// We build ESC p ourselves because node-thermal-printer's openCashDrawer() writes
// 1B 70 00 1B 70 01: ESC p without its two pulse-time bytes, twice. A printer reads that as
// ESC p 0 with t1 = 0x1B, t2 = 0x70 (a 54 ms / 224 ms pulse on pin 2, by accident), then a
// stray 0x01 byte: pin 5 is never pulsed and the pulse length is whatever bytes follow.
import { PrinterCommandError, assertIntInRange } from '../errors.ts';

/** Connector pin of the drawer solenoid: pin 2 is drawer 1, pin 5 is drawer 2. */
export type DrawerPin = 2 | 5;

export interface DrawerPulse {
  pin: DrawerPin;
  /** Solenoid on time, 2-510 ms in 2 ms steps. 50-200 ms opens most drawers. */
  onMs: number;
  /** Off time after the pulse, 2-510 ms in 2 ms steps, at least onMs (the printer stretches a shorter one). */
  offMs: number;
}

/** 50 ms on, 500 ms off on pin 2: opens common drawers without overheating the solenoid. */
export const DEFAULT_DRAWER_PULSE: DrawerPulse = { pin: 2, onMs: 50, offMs: 500 };

function pinByte(pin: DrawerPin): number {
  if (pin === 2) return 0;
  if (pin === 5) return 1;
  throw new PrinterCommandError('printer.out-of-range', `drawer pin must be 2 or 5, got ${String(pin)}`);
}

function pulseUnits(what: string, ms: number): number {
  assertIntInRange(what, ms, 2, 510);
  if (ms % 2 !== 0) throw new PrinterCommandError('printer.out-of-range', `${what} must be a multiple of 2 ms, got ${ms}`);
  return ms / 2;
}

/** ESC p m t1 t2 (1B 70 m t1 t2): pulse the drawer pin; t1/t2 are in 2 ms units. */
export function drawerKick(pulse: DrawerPulse = DEFAULT_DRAWER_PULSE): Uint8Array {
  const m = pinByte(pulse.pin);
  const t1 = pulseUnits('drawer pulse on time (ms)', pulse.onMs);
  const t2 = pulseUnits('drawer pulse off time (ms)', pulse.offMs);
  if (t2 < t1)
    throw new PrinterCommandError(
      'printer.out-of-range',
      `drawer pulse off time ${pulse.offMs} ms is shorter than on time ${pulse.onMs} ms`,
    );
  return Uint8Array.of(0x1b, 0x70, m, t1, t2);
}

/**
 * DLE DC4 1 m t (10 14 01 m t): real-time drawer pulse of t x 100 ms on and off. The printer
 * runs it on receipt, even while offline or with a full buffer, so a cashier can still open
 * the drawer when the paper has run out.
 */
export function realtimeDrawerKick(pin: DrawerPin, pulseMs: number): Uint8Array {
  assertIntInRange('real-time drawer pulse (ms)', pulseMs, 100, 800);
  if (pulseMs % 100 !== 0)
    throw new PrinterCommandError('printer.out-of-range', `real-time drawer pulse must be a multiple of 100 ms, got ${pulseMs}`);
  return Uint8Array.of(0x10, 0x14, 0x01, pinByte(pin), pulseMs / 100);
}
