import { describe, expect, it } from 'vitest';
import { DEFAULT_DRAWER_PULSE, drawerKick, realtimeDrawerKick, type DrawerPin } from '../../../../../hardware/protocols/escpos/drawer.ts';
import { renderEscPos } from '../../../../../hardware/protocols/escpos/render.ts';
import { tokenizeEscPos } from '../../../../../hardware/protocols/escpos/tokenizer.ts';

const outOfRange = expect.objectContaining({ code: 'printer.out-of-range' });

describe('drawerKick', () => {
  it('sends ESC p 0 25 250: a 50 ms pulse on pin 2 with 500 ms off by default', () => {
    expect([...drawerKick()]).toEqual([0x1b, 0x70, 0x00, 0x19, 0xfa]);
    expect(DEFAULT_DRAWER_PULSE).toEqual({ pin: 2, onMs: 50, offMs: 500 });
  });

  it('kicks the second drawer on pin 5 with m = 1', () => {
    expect([...drawerKick({ pin: 5, onMs: 100, offMs: 200 })]).toEqual([0x1b, 0x70, 0x01, 50, 100]);
  });

  it('is read by the strict emulator as one well-formed kick with the intended pin and pulse', () => {
    const tokens = tokenizeEscPos(drawerKick({ pin: 5, onMs: 120, offMs: 240 }), { kanjiEncoding: 'big5' });
    expect(tokens).toEqual([{ kind: 'command', name: 'ESC p', offset: 0, length: 5, params: [1, 60, 120], data: null }]);
    const printout = renderEscPos(drawerKick(), { kanjiEncoding: 'big5' });
    expect(printout.items).toEqual([{ kind: 'drawer-kick', offset: 0, pin: 2, onMs: 50, offMs: 500, realtime: false }]);
  });

  it('refuses pulses the command cannot express or that would not open the drawer', () => {
    expect(() => drawerKick({ pin: 2, onMs: 0, offMs: 500 })).toThrow(outOfRange);
    expect(() => drawerKick({ pin: 2, onMs: 512, offMs: 512 })).toThrow(outOfRange);
    expect(() => drawerKick({ pin: 2, onMs: 51, offMs: 500 })).toThrow(/multiple of 2/);
    expect(() => drawerKick({ pin: 2, onMs: 50.5, offMs: 500 })).toThrow(outOfRange);
    expect(() => drawerKick({ pin: 2, onMs: 200, offMs: 100 })).toThrow(/shorter than on time/);
    expect(() => drawerKick({ pin: 3 as DrawerPin, onMs: 50, offMs: 500 })).toThrow(/pin must be 2 or 5/);
  });

  it("documents node-thermal-printer's malformed kick: the emulator sees a pulse of the wrong length and a stray byte", () => {
    // openCashDrawer() in node-thermal-printer 4.x appends CD_KICK_2 then CD_KICK_5 of epson-config.js.
    const theirs = Uint8Array.of(0x1b, 0x70, 0x00, 0x1b, 0x70, 0x01);
    const printout = renderEscPos(theirs, { kanjiEncoding: 'big5' });
    // ESC p swallows "1B 70" as its pulse times: 54 ms on / 224 ms off on pin 2, and pin 5 is never kicked.
    expect(printout.items).toEqual([{ kind: 'drawer-kick', offset: 0, pin: 2, onMs: 54, offMs: 224, realtime: false }]);
    expect(printout.fault).toMatchObject({ code: 'escpos.unknown-command', offset: 5 });
  });
});

describe('realtimeDrawerKick', () => {
  it('sends DLE DC4 1 m t, which the printer runs even when offline', () => {
    expect([...realtimeDrawerKick(2, 200)]).toEqual([0x10, 0x14, 0x01, 0x00, 0x02]);
    expect([...realtimeDrawerKick(5, 800)]).toEqual([0x10, 0x14, 0x01, 0x01, 0x08]);
    const printout = renderEscPos(realtimeDrawerKick(5, 300), { kanjiEncoding: 'gb18030' });
    expect(printout.items).toEqual([{ kind: 'drawer-kick', offset: 0, pin: 5, onMs: 300, offMs: 300, realtime: true }]);
  });

  it('accepts only 100-800 ms in 100 ms steps', () => {
    expect(() => realtimeDrawerKick(2, 0)).toThrow(outOfRange);
    expect(() => realtimeDrawerKick(2, 900)).toThrow(outOfRange);
    expect(() => realtimeDrawerKick(2, 150)).toThrow(/multiple of 100/);
  });
});
