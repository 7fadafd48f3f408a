import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DrawerAlarm } from '../../../../core/ports/cash-drawer.ts';
import { DrawerMonitor } from '../../../../hardware/drawer/drawer-monitor.ts';
import { silentLog } from '../../../../hardware/device.ts';

describe('DrawerMonitor', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('raises the alarm once the drawer has been open too long, and again (open: false) when it closes', () => {
    const monitor = new DrawerMonitor({ drawerId: 'd1', alarmAfterMs: 30_000, log: silentLog });
    const alarms: DrawerAlarm[] = [];
    const changes: boolean[] = [];
    monitor.onAlarm((a) => alarms.push(a));
    monitor.onChange((e) => changes.push(e.open));
    monitor.update(false);
    monitor.update(true);
    vi.advanceTimersByTime(29_999);
    expect(alarms).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(alarms).toEqual([{ drawerId: 'd1', open: true, openSeconds: 30 }]);
    // An unreadable sensor does not close the drawer.
    monitor.update(null);
    expect(monitor.isOpen()).toBe(true);
    vi.advanceTimersByTime(15_000);
    monitor.update(false);
    expect(alarms.at(-1)).toEqual({ drawerId: 'd1', open: false, openSeconds: 45 });
    expect(changes).toEqual([true, false]);
    expect(monitor.opensSeen).toBe(1);
  });

  it('closing before the time is up raises nothing; no alarm when disabled', () => {
    const monitor = new DrawerMonitor({ drawerId: 'd1', alarmAfterMs: 1000, log: silentLog });
    const off = new DrawerMonitor({ drawerId: 'd2', alarmAfterMs: null, log: silentLog });
    const alarms: DrawerAlarm[] = [];
    monitor.onAlarm((a) => alarms.push(a));
    off.onAlarm((a) => alarms.push(a));
    monitor.update(true);
    off.update(true);
    vi.advanceTimersByTime(999);
    monitor.update(false);
    vi.advanceTimersByTime(10_000);
    expect(alarms).toEqual([]);
  });

  it('waitForOpen resolves on the change, or false at the timeout', async () => {
    const monitor = new DrawerMonitor({ drawerId: 'd1', alarmAfterMs: null, log: silentLog });
    const opened = monitor.waitForOpen(500);
    monitor.update(true);
    await expect(opened).resolves.toBe(true);
    monitor.update(false);
    const never = monitor.waitForOpen(500);
    vi.advanceTimersByTime(500);
    await expect(never).resolves.toBe(false);
  });
});
