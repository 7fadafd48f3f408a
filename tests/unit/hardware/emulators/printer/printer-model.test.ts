import { describe, expect, it } from 'vitest';
import { PrinterModel, type PrinterModelOptions } from '../../../../../hardware/emulators/printer/printer-model.ts';
import { silentLog } from '../../../../../hardware/device.ts';

function model(options: Partial<PrinterModelOptions> = {}): { model: PrinterModel; updates: () => number } {
  let updates = 0;
  const printer = new PrinterModel(
    { paperLines: null, nearEndLines: 0, drawerCloseAfterMs: null, sensorOpenLevel: 'high', log: silentLog, ...options },
    (mutate) => {
      updates++;
      mutate();
    },
  );
  return { model: printer, updates: () => updates };
}

describe('the virtual printer model', () => {
  it('runs out of paper on the line that uses the last of the roll, tripping the near-end sensor first', () => {
    const { model: m } = model({ paperLines: 5, nearEndLines: 2 });
    m.usePaper(2);
    expect(m.state).toMatchObject({ paperLines: 3, paperNearEnd: false, paperOut: false });
    m.usePaper(1);
    expect(m.state).toMatchObject({ paperLines: 2, paperNearEnd: true, paperOut: false });
    m.usePaper(4);
    expect(m.state).toMatchObject({ paperLines: 0, paperOut: true });
    expect(m.online).toBe(false);
    m.setPaperOut(false);
    expect(m.state).toMatchObject({ paperLines: null, paperNearEnd: false, paperOut: false });
  });

  it('opens the drawer on a kick unless it is jammed, and reads the sensor by its level', () => {
    const { model: m } = model({ sensorOpenLevel: 'low' });
    expect(m.sensorHigh()).toBe(true);
    m.drawerJammed = true;
    m.kick(2, false);
    expect(m.state.drawerOpen).toBe(false);
    m.drawerJammed = false;
    m.kick(5, true);
    expect(m.state.drawerOpen).toBe(true);
    expect(m.sensorHigh()).toBe(false);
    expect(m.kicks).toEqual([
      { pin: 2, realtime: false },
      { pin: 5, realtime: true },
    ]);
  });

  it('reports every change through its update function', () => {
    const counted = model();
    counted.model.setCoverOpen(true);
    counted.model.openDrawer();
    counted.model.openDrawer();
    expect(counted.updates()).toBe(2);
  });
});
