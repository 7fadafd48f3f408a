import { describe, expect, it } from 'vitest';
import { PrinterCommandError } from '../../../../../hardware/protocols/errors.ts';
import {
  STAR_ETB,
  STAR_ETB_COUNTER_RESET,
  STAR_STATUS_REQUEST,
  createStarReplyParser,
  decodeStarAsb,
  etbAdvance,
  isStarAsbHeader,
  printerStatusOfStar,
  starAsbLength,
  starAsbSetting,
} from '../../../../../hardware/protocols/star-line/status.ts';

/** A 9-byte ASB (header 1 0x23, version 3 = 0x06) with the given status bytes 1-7. */
const asb9 = (...status: number[]): Uint8Array => Uint8Array.of(0x23, 0x06, ...[0, 0, 0, 0, 0, 0, 0].map((z, i) => status[i] ?? z));
/** ETB counter value n as printer status 6 encodes it: bits 1-3, then bits 5-6. */
const counterByte = (n: number): number => ((n & 0x07) << 1) | ((n & 0x18) << 2);

const expectBadReply = (f: () => unknown, message: RegExp): void => {
  let thrown: unknown = null;
  try {
    f();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(PrinterCommandError);
  expect((thrown as PrinterCommandError).code).toBe('printer.bad-status-reply');
  expect((thrown as Error).message).toMatch(message);
};

describe('Star commands', () => {
  it('builds ESC ACK SOH, ETB, ESC RS E 0 and ESC RS a n', () => {
    expect(STAR_STATUS_REQUEST).toEqual([0x1b, 0x06, 0x01]);
    expect(STAR_ETB).toBe(0x17);
    expect(STAR_ETB_COUNTER_RESET).toEqual([0x1b, 0x1e, 0x45, 0x00]);
    expect([...starAsbSetting(true)]).toEqual([0x1b, 0x1e, 0x61, 0x01]);
    expect([...starAsbSetting(false)]).toEqual([0x1b, 0x1e, 0x61, 0x00]);
  });
});

describe('ASB header 1', () => {
  it('encodes the message length in bits 1-3 and bit 5 (Star table: 7 = 0x0F, 8 = 0x21, 9 = 0x23, 15 = 0x2F)', () => {
    expect(starAsbLength(0x0f)).toBe(7);
    expect(starAsbLength(0x21)).toBe(8);
    expect(starAsbLength(0x23)).toBe(9);
    expect(starAsbLength(0x29)).toBe(12);
    expect(starAsbLength(0x2f)).toBe(15);
    // Bit 6 is reserved and ignored.
    expect(starAsbLength(0x63)).toBe(9);
  });

  it('is recognised by bit 0 = 1, bit 4 = 0, bit 7 = 0; XON/XOFF and status bytes are not headers', () => {
    expect(isStarAsbHeader(0x23)).toBe(true);
    expect(isStarAsbHeader(0x11)).toBe(false);
    expect(isStarAsbHeader(0x13)).toBe(false);
    expect(isStarAsbHeader(0x22)).toBe(false);
    expect(isStarAsbHeader(0xa3)).toBe(false);
    expect(isStarAsbHeader(256)).toBe(false);
  });

  it('refuses a length below 7 and a byte that is not a header', () => {
    expectBadReply(() => starAsbLength(0x0d), /announces 6 bytes/);
    expectBadReply(() => starAsbLength(0x01), /announces 0 bytes/);
    expectBadReply(() => starAsbLength(0x22), /does not match/);
  });
});

describe('decodeStarAsb', () => {
  it('a printer with nothing to report', () => {
    expect(decodeStarAsb(asb9(0, 0, 0, 0, 0, counterByte(0), 0))).toEqual({
      version: 3,
      extended: false,
      online: true,
      offlineBySwitch: false,
      coverOpen: false,
      drawerOpen: false,
      etbExecuted: false,
      mechanicalError: false,
      autocutterError: false,
      unrecoverableError: false,
      headTemperatureStop: false,
      receiveBufferOverflow: false,
      blackMarkError: false,
      error: false,
      paperNearEnd: false,
      paperOut: false,
      etbCounter: 0,
    });
  });

  it('reads each bit of printer status 1 (printer)', () => {
    expect(decodeStarAsb(asb9(0x02))).toMatchObject({ etbExecuted: true, online: true });
    expect(decodeStarAsb(asb9(0x04))).toMatchObject({ drawerOpen: true });
    expect(decodeStarAsb(asb9(0x08))).toMatchObject({ online: false, coverOpen: false });
    expect(decodeStarAsb(asb9(0x28))).toMatchObject({ online: false, coverOpen: true });
    expect(decodeStarAsb(asb9(0x48))).toMatchObject({ online: false, offlineBySwitch: true });
  });

  it('reads each error bit of printer status 2 and 3; each one is an error except the black mark', () => {
    expect(decodeStarAsb(asb9(0, 0x04))).toMatchObject({ mechanicalError: true, error: true });
    expect(decodeStarAsb(asb9(0, 0x08))).toMatchObject({ autocutterError: true, error: true });
    expect(decodeStarAsb(asb9(0, 0x20))).toMatchObject({ unrecoverableError: true, error: true });
    expect(decodeStarAsb(asb9(0, 0x40))).toMatchObject({ headTemperatureStop: true, error: true });
    expect(decodeStarAsb(asb9(0, 0, 0x40))).toMatchObject({ receiveBufferOverflow: true, error: true });
    expect(decodeStarAsb(asb9(0, 0, 0x08))).toMatchObject({ blackMarkError: true, error: false });
  });

  it('reads the paper sensors of printer status 4', () => {
    expect(decodeStarAsb(asb9(0, 0, 0, 0x02))).toMatchObject({ paperNearEnd: true, paperOut: false });
    expect(decodeStarAsb(asb9(0, 0, 0, 0x04))).toMatchObject({ paperNearEnd: true, paperOut: false });
    expect(decodeStarAsb(asb9(0x08, 0, 0, 0x0c))).toMatchObject({ paperNearEnd: true, paperOut: true, online: false });
  });

  it('reads the 5-bit ETB counter of printer status 6, for every value', () => {
    for (let n = 0; n < 32; n++) expect(decodeStarAsb(asb9(0, 0, 0, 0, 0, counterByte(n))).etbCounter).toBe(n);
  });

  it('a 7-byte ASB (older firmware) has no ETB counter; longer ones are read up to what we know', () => {
    expect(decodeStarAsb(Uint8Array.of(0x0f, 0x02, 0x02, 0, 0, 0x08, 0)).etbCounter).toBeNull();
    expect(decodeStarAsb(Uint8Array.of(0x0f, 0x02, 0x02, 0, 0, 0x08, 0))).toMatchObject({ version: 1, etbExecuted: true, paperOut: true });
    expect(decodeStarAsb(Uint8Array.of(0x2f, 0x0c, 0, 0, 0, 0, 0, counterByte(5), 0, 0, 0, 0, 0, 0, 0))).toMatchObject({
      version: 6,
      etbCounter: 5,
    });
  });

  it('reads the version from header 2, and its bit 7 (Ethernet: a length follows)', () => {
    expect(decodeStarAsb(Uint8Array.of(0x23, 0x86, 0, 0, 0, 0, 0, 0, 0))).toMatchObject({ version: 3, extended: true });
    expect(decodeStarAsb(Uint8Array.of(0x23, 0x6e, 0, 0, 0, 0, 0, 0, 0)).version).toBe(31);
    expect(decodeStarAsb(Uint8Array.of(0x23, 0x20, 0, 0, 0, 0, 0, 0, 0)).version).toBe(8);
  });

  it('refuses a message whose length disagrees with header 1, and bytes that break the pattern', () => {
    expectBadReply(() => decodeStarAsb(new Uint8Array(0)), /empty/);
    expectBadReply(() => decodeStarAsb(asb9().subarray(0, 8)), /announces 9 bytes, got 8/);
    expectBadReply(() => decodeStarAsb(Uint8Array.of(...asb9(), 0)), /announces 9 bytes, got 10/);
    expectBadReply(() => decodeStarAsb(Uint8Array.of(0x23, 0x07, 0, 0, 0, 0, 0, 0, 0)), /header 2/);
    expectBadReply(() => decodeStarAsb(Uint8Array.of(0x23, 0x16, 0, 0, 0, 0, 0, 0, 0)), /header 2/);
    expectBadReply(() => decodeStarAsb(asb9(0x01)), /status byte 1: 0x01/);
    expectBadReply(() => decodeStarAsb(asb9(0, 0x10)), /status byte 2: 0x10/);
    expectBadReply(() => decodeStarAsb(asb9(0, 0, 0, 0x80)), /status byte 4: 0x80/);
  });

  it('gives the common printer status', () => {
    expect(printerStatusOfStar(decodeStarAsb(asb9(0x2c, 0, 0, 0x0c)))).toEqual({
      online: false,
      coverOpen: true,
      paperNearEnd: true,
      paperOut: true,
      drawerOpen: true,
      error: false,
    });
  });
});

describe('etbAdvance', () => {
  it('counts ETBs between two readings across the wrap at 32', () => {
    expect(etbAdvance(3, 3)).toBe(0);
    expect(etbAdvance(3, 4)).toBe(1);
    expect(etbAdvance(31, 0)).toBe(1);
    expect(etbAdvance(30, 2)).toBe(4);
  });
});

describe('createStarReplyParser', () => {
  const paperOut = asb9(0x08, 0, 0, 0x0c, 0, counterByte(2));
  const etbDone = asb9(0x02, 0, 0, 0, 0, counterByte(3));

  it('splits a stream of ASB messages however the bytes are split', () => {
    const stream = Uint8Array.of(...paperOut, ...etbDone);
    for (let split = 0; split <= stream.length; split++) {
      const parser = createStarReplyParser();
      const replies = [...parser.push(stream.subarray(0, split)), ...parser.push(stream.subarray(split))];
      expect(replies.map((r) => r.kind)).toEqual(['asb', 'asb']);
      expect(replies[0]?.kind === 'asb' && replies[0].status).toMatchObject({ paperOut: true, online: false, etbCounter: 2 });
      expect(replies[1]?.kind === 'asb' && replies[1].status).toMatchObject({ etbExecuted: true, online: true, etbCounter: 3 });
    }
  });

  it('reads the Ethernet format: header 2 bit 7, then a zero length', () => {
    const ethernet = Uint8Array.of(0x23, 0x86, 0x02, 0, 0, 0, 0, counterByte(7), 0, 0x00, 0x00);
    const stream = Uint8Array.of(...ethernet, ...ethernet);
    for (let split = 0; split <= stream.length; split++) {
      const parser = createStarReplyParser();
      const replies = [...parser.push(stream.subarray(0, split)), ...parser.push(stream.subarray(split))];
      expect(replies).toMatchObject([
        { kind: 'asb', status: { extended: true, etbCounter: 7 } },
        { kind: 'asb', status: { etbCounter: 7 } },
      ]);
    }
  });

  it('drops XON/XOFF mixed into the stream (serial flow control)', () => {
    const parser = createStarReplyParser();
    expect(parser.push(Uint8Array.of(0x13, 0x23, 0x06, 0x11, 0x08, 0, 0, 0x0c, 0x13, 0, 0, 0, 0x11))).toMatchObject([
      { kind: 'asb', status: { paperOut: true } },
    ]);
  });

  it('reports bytes that start no ASB, a short header and a broken message, and carries on after them', () => {
    const parser = createStarReplyParser();
    expect(parser.push(Uint8Array.of(0x40))).toMatchObject([{ kind: 'unexpected', bytes: [0x40], why: /not the start/ }]);
    expect(parser.push(Uint8Array.of(0x0d))).toMatchObject([{ kind: 'unexpected', bytes: [0x0d], why: /announces 6 bytes/ }]);
    expect(parser.push(Uint8Array.of(0x23, 0x06, 0x01, 0, 0, 0, 0, 0, 0))).toMatchObject([{ kind: 'unexpected', why: /status byte 1/ }]);
    expect(parser.push(etbDone)).toMatchObject([{ kind: 'asb', status: { etbCounter: 3 } }]);
  });

  it('reports an ASB followed by other status data (never asked for) instead of guessing where it ends', () => {
    const parser = createStarReplyParser();
    expect(parser.push(Uint8Array.of(0x23, 0x86, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x08))).toMatchObject([
      { kind: 'unexpected', bytes: [0x00, 0x08], why: /8 bytes of other status data/ },
    ]);
  });

  it('a message cut short waits for the rest; reset() forgets it', () => {
    const parser = createStarReplyParser();
    expect(parser.push(etbDone.subarray(0, 5))).toEqual([]);
    parser.reset();
    expect(parser.push(paperOut)).toMatchObject([{ kind: 'asb', status: { paperOut: true } }]);
  });
});
