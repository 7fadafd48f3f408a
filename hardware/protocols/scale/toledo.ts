// The Mettler Toledo 8217 ("Toledo", "ECR") request-response scale protocol, as bytes only.
// The host sends `W`; the scale answers one frame, STX ... CR:
//   STX "01.234" CR        a stable gross weight in kg (three decimals; a lb scale's two are refused)
//   STX "01.234N" CR       the same as a net weight (the scale holds a tare)
//   STX "?" <status> CR    no weight: the scale is in motion, under zero or over capacity
// The status byte's bits (bit 0 first): in motion, over capacity, under zero, outside the zero
// capture range, at centre of zero, net mode; bit 6 is always 1, bit 7 is even parity.
// Source: Mettler Toledo / Datalogic Magellan 8500 "DIVA" service manual, section 6.1.3.2 and
// "Scale Status Byte Bit Definitions" (docs/it-devices.md cites it).
//
// Reading is defensive: a frame that is not exactly one of these is an error with its reason,
// never a weight. A weight is returned in grams, exactly (no floating point).

export const STX = 0x02;
export const CR = 0x0d;

/** The weight request: the host sends this one byte. */
export const TOLEDO_WEIGH_REQUEST: Uint8Array = Uint8Array.of(0x57);

export interface ScaleStatusFlags {
  motion: boolean;
  overCapacity: boolean;
  underZero: boolean;
  outsideZeroRange: boolean;
  centerOfZero: boolean;
  net: boolean;
}

export type ToledoReply = { kind: 'weight'; grams: number; net: boolean } | ({ kind: 'status' } & ScaleStatusFlags);

export type ScaleFrameErrorCode = 'scale.frame-malformed' | 'scale.frame-parity' | 'scale.frame-overlong' | 'scale.frame-partial';

export interface ScaleFrameError {
  code: ScaleFrameErrorCode;
  message: string;
}

type Result<T> = { ok: true; value: T } | { ok: false; error: ScaleFrameError };

/** Longest frame body between STX and CR we accept ("999.999N" and a little slack). */
const MAX_BODY = 12;
/** A kg weight: three decimals ("01.234"). A lb scale sends two ("03.25"): refused, never read as kg. */
const WEIGHT = /^(\d{1,4})\.(\d{3})(N?)$/;
const POUNDS = /^\d{1,4}\.\d{2}N?$/;

const malformed = (message: string): Result<ToledoReply> => ({ ok: false, error: { code: 'scale.frame-malformed', message } });

function show(bytes: Uint8Array): string {
  return [...bytes].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `<${b.toString(16).padStart(2, '0')}>`)).join('');
}

function evenParity(byte: number): boolean {
  let ones = 0;
  for (let b = byte; b; b >>= 1) ones += b & 1;
  return ones % 2 === 0;
}

/** Decodes one status byte; bit 6 must be set, and with bit 7 in use the parity must be even. */
export function decodeStatusByte(byte: number): Result<ScaleStatusFlags> {
  if ((byte & 0x40) === 0)
    return {
      ok: false,
      error: { code: 'scale.frame-malformed', message: `status byte 0x${byte.toString(16)} lacks bit 6, which is always set` },
    };
  // A port set to 8 data bits sees the parity bit: it must make the byte even. 7E1 ports strip it.
  if (byte & 0x80 && !evenParity(byte))
    return { ok: false, error: { code: 'scale.frame-parity', message: `status byte 0x${byte.toString(16)} fails its even parity` } };
  return {
    ok: true,
    value: {
      motion: (byte & 0x01) !== 0,
      overCapacity: (byte & 0x02) !== 0,
      underZero: (byte & 0x04) !== 0,
      outsideZeroRange: (byte & 0x08) !== 0,
      centerOfZero: (byte & 0x10) !== 0,
      net: (byte & 0x20) !== 0,
    },
  };
}

/** Encodes a status byte with even parity in bit 7 (the emulator sends this). */
export function encodeStatusByte(flags: Partial<ScaleStatusFlags>): number {
  let byte = 0x40;
  if (flags.motion) byte |= 0x01;
  if (flags.overCapacity) byte |= 0x02;
  if (flags.underZero) byte |= 0x04;
  if (flags.outsideZeroRange) byte |= 0x08;
  if (flags.centerOfZero) byte |= 0x10;
  if (flags.net) byte |= 0x20;
  return evenParity(byte) ? byte : byte | 0x80;
}

/** Parses one whole frame, STX and CR included. */
export function parseToledoFrame(frame: Uint8Array): Result<ToledoReply> {
  if (frame[0] !== STX) return malformed(`a reply starts with STX, got ${show(frame)}`);
  if (frame.at(-1) !== CR)
    return { ok: false, error: { code: 'scale.frame-partial', message: `a reply ends with CR, got ${show(frame)}` } };
  const body = frame.subarray(1, -1);
  if (body.length > MAX_BODY) return { ok: false, error: { code: 'scale.frame-overlong', message: `reply too long: ${show(frame)}` } };
  if (body[0] === 0x3f) {
    if (body.length !== 2) return malformed(`a status reply is "?" and one byte, got ${show(body)}`);
    const flags = decodeStatusByte(body[1]!);
    return flags.ok ? { ok: true, value: { kind: 'status', ...flags.value } } : flags;
  }
  for (const b of body) if (b < 0x20 || b > 0x7e) return malformed(`a weight is printable text, got ${show(body)}`);
  const text = String.fromCharCode(...body);
  if (POUNDS.test(text)) return malformed(`"${text}" is a weight in lb (two decimals): set the scale to kg`);
  const m = WEIGHT.exec(text);
  if (!m) return malformed(`not a weight in kg: "${text}"`);
  const whole = Number(m[1]);
  // Grams exactly: 01.234 kg is 1234 g.
  const grams = whole * 1000 + Number(m[2]);
  return { ok: true, value: { kind: 'weight', grams, net: m[3] === 'N' } };
}

/** A weight frame as a kg scale sends it: five digits and the point ("01.234"), "N" when net. */
export function encodeToledoWeight(grams: number, net = false): Uint8Array {
  if (!Number.isInteger(grams) || grams < 0 || grams > 99_999) throw new RangeError(`a weight frame holds 0 to 99.999 kg, got ${grams} g`);
  const kg = Math.floor(grams / 1000);
  const text = `${String(kg).padStart(2, '0')}.${String(grams % 1000).padStart(3, '0')}${net ? 'N' : ''}`;
  return Uint8Array.from([STX, ...[...text].map((c) => c.charCodeAt(0)), CR]);
}

export function encodeToledoStatus(flags: Partial<ScaleStatusFlags>): Uint8Array {
  return Uint8Array.of(STX, 0x3f, encodeStatusByte(flags), CR);
}

export type ToledoRead = { ok: true; reply: ToledoReply } | { ok: false; error: ScaleFrameError };

/**
 * Cuts a byte stream into frames. Bytes before an STX are noise and reported; an STX inside a
 * frame restarts it (the first frame was cut short); a frame longer than any reply is dropped.
 * `reset()` drops a half frame (on a timeout or a reconnect) and reports it as partial.
 */
export class ToledoReader {
  private frame: number[] | null = null;
  private noise: number[] = [];

  push(bytes: Uint8Array): ToledoRead[] {
    const out: ToledoRead[] = [];
    for (const b of bytes) {
      if (b === STX) {
        this.flushNoise(out);
        if (this.frame) out.push(partial(this.frame));
        this.frame = [STX];
        continue;
      }
      if (!this.frame) {
        this.noise.push(b);
        continue;
      }
      this.frame.push(b);
      if (b === CR) {
        const parsed = parseToledoFrame(Uint8Array.from(this.frame));
        out.push(parsed.ok ? { ok: true, reply: parsed.value } : { ok: false, error: parsed.error });
        this.frame = null;
      } else if (this.frame.length > MAX_BODY + 1) {
        out.push({ ok: false, error: { code: 'scale.frame-overlong', message: `reply too long: ${show(Uint8Array.from(this.frame))}` } });
        this.frame = null;
      }
    }
    this.flushNoise(out);
    return out;
  }

  /** A frame is half read (its end has not come yet). */
  get inFrame(): boolean {
    return this.frame !== null;
  }

  reset(): ToledoRead[] {
    const out: ToledoRead[] = [];
    if (this.frame) out.push(partial(this.frame));
    this.frame = null;
    this.noise = [];
    return out;
  }

  private flushNoise(out: ToledoRead[]): void {
    if (this.noise.length === 0) return;
    out.push({
      ok: false,
      error: { code: 'scale.frame-malformed', message: `bytes outside a reply: ${show(Uint8Array.from(this.noise))}` },
    });
    this.noise = [];
  }
}

function partial(frame: number[]): ToledoRead {
  return { ok: false, error: { code: 'scale.frame-partial', message: `reply cut short: ${show(Uint8Array.from(frame))}` } };
}
