import { describe, expect, it } from 'vitest';
import { runControlCommand, type ControlTarget } from '../../../../../hardware/emulators/printer/control.ts';
import { PrinterModel } from '../../../../../hardware/emulators/printer/printer-model.ts';
import { silentLog } from '../../../../../hardware/device.ts';

function target(): ControlTarget & { calls: string[] } {
  const calls: string[] = [];
  const model = new PrinterModel(
    { paperLines: null, nearEndLines: 0, drawerCloseAfterMs: null, sensorOpenLevel: 'high', log: silentLog },
    (mutate) => mutate(),
  );
  return {
    model,
    calls,
    clearError: () => calls.push('clear-error'),
    dropConnections: () => calls.push('unplug'),
    status: () => ({ online: model.online }),
  };
}

describe('the virtual printer control channel', () => {
  it('plays faults on the printer model and answers "ok <command>"', () => {
    const t = target();
    expect(runControlCommand(t, 'cover-open')).toBe('ok cover-open');
    expect(t.model.state.coverOpen).toBe(true);
    expect(runControlCommand(t, 'status')).toBe('ok {"online":false}');
    expect(runControlCommand(t, 'paper-lines 0')).toBe('ok paper-lines');
    expect(t.model.state.paperOut).toBe(true);
    expect(runControlCommand(t, 'unplug')).toBe('ok unplug');
    expect(t.calls).toEqual(['unplug']);
  });

  it('refuses what it does not know, including names every object has', () => {
    expect(runControlCommand(target(), 'explode')).toMatch(/^error unknown command "explode" \(paper-out, /);
    expect(runControlCommand(target(), 'constructor')).toMatch(/^error unknown command "constructor"/);
    expect(runControlCommand(target(), 'paper-lines -1')).toBe('error paper-lines takes a whole number or "none"');
  });
});
