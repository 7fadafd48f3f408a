import { describe, expect, it } from 'vitest';
import { VirtualPrinter } from '../../../../hardware/emulators/virtual-printer.ts';
import { decodeAsb, decodeOfflineCause, decodePaperRoll, decodePrinterState } from '../../../../hardware/protocols/escpos/status.ts';
import { decodeStarAsb } from '../../../../hardware/protocols/star-line/status.ts';

describe('VirtualPrinter status replies', () => {
  it('answers DLE EOT and ASB in the formats protocols/escpos/status.ts decodes', () => {
    const vp = new VirtualPrinter({ sensorOpenLevel: 'high' });
    expect(decodePrinterState(vp.realtimeReply(1))).toMatchObject({ online: true, drawerOpen: false });
    expect(vp.control('paper-out')).toBe('ok paper-out');
    expect(vp.control('open-drawer')).toBe('ok open-drawer');
    expect(decodePrinterState(vp.realtimeReply(1))).toMatchObject({ online: false, drawerOpen: true });
    expect(decodeOfflineCause(vp.realtimeReply(2))).toMatchObject({ paperEndStop: true, coverOpen: false });
    expect(decodePaperRoll(vp.realtimeReply(4))).toEqual({ paperNearEnd: false, paperOut: true });
    expect(decodeAsb(vp.asb())).toMatchObject({ online: false, paperOut: true, drawerOpen: true, coverOpen: false, error: false });
    vp.control('paper-ok');
    vp.control('cover-open');
    expect(decodeAsb(vp.asb())).toMatchObject({ online: false, coverOpen: true, paperOut: false });
    expect(decodeOfflineCause(vp.realtimeReply(2))).toMatchObject({ coverOpen: true });
    vp.control('cover-close');
    vp.control('close-drawer');
    expect(decodeAsb(vp.asb())).toMatchObject({ online: true, coverOpen: false, drawerOpen: false });
  });

  it('reads the sensor level by the drawer model: a low-when-open drawer reads HIGH while shut', () => {
    const vp = new VirtualPrinter({ sensorOpenLevel: 'low' });
    expect(decodePrinterState(vp.realtimeReply(1)).drawerOpen).toBe(true);
    vp.openDrawer();
    expect(decodePrinterState(vp.realtimeReply(1)).drawerOpen).toBe(false);
  });

  it('runs out of paper after the set number of lines', () => {
    const vp = new VirtualPrinter({ paperLines: 3 });
    expect(vp.control('paper-lines 0')).toBe('ok paper-lines');
    expect(vp.snapshot()).toMatchObject({ paperOut: true, paperLines: 0 });
    expect(vp.control('paper-lines x')).toMatch(/^error/);
    expect(JSON.parse(vp.control('status').slice(3))).toMatchObject({ paperOut: true, online: false, receipts: 0 });
  });
});

describe('VirtualPrinter as a Star printer', () => {
  it('encodes its ASB as the driver reads it: faults, and the ETB counter and flag', () => {
    const vp = new VirtualPrinter({ commandSet: 'star' });
    const session = { star: { asb: true, etbFlag: true, ethernet: false } };
    vp.setPaperOut(true);
    vp.setCoverOpen(true);
    expect(decodeStarAsb(vp.starAsb(session))).toMatchObject({
      version: 3,
      online: false,
      paperOut: true,
      coverOpen: true,
      etbExecuted: true,
      etbCounter: 0,
    });
    // The flag is cleared once sent.
    expect(decodeStarAsb(vp.starAsb(session)).etbExecuted).toBe(false);
  });
});
