import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createIdleLock } from '../../../../renderer/app/idle-lock.ts';

describe('idle auto-lock timing', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2030-01-01T08:00:00Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('locks once after the quiet time', () => {
    const onIdle = vi.fn();
    createIdleLock({ timeoutMs: 300_000, onIdle, canLock: () => true });
    vi.advanceTimersByTime(299_999);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(3_600_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('starts the quiet time again on every input', () => {
    const onIdle = vi.fn();
    const idle = createIdleLock({ timeoutMs: 10_000, onIdle, canLock: () => true });
    for (let i = 0; i < 20; i++) {
      vi.advanceTimersByTime(9_000);
      idle.activity();
    }
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(9_999);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('does not lock while something would be lost, then locks as soon as it is safe', () => {
    const onIdle = vi.fn();
    let busy = true;
    createIdleLock({ timeoutMs: 5_000, onIdle, canLock: () => !busy, recheckMs: 500 });
    vi.advanceTimersByTime(60_000);
    expect(onIdle).not.toHaveBeenCalled();
    busy = false;
    vi.advanceTimersByTime(499);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('input while held off starts the full quiet time again', () => {
    const onIdle = vi.fn();
    let busy = true;
    const idle = createIdleLock({ timeoutMs: 5_000, onIdle, canLock: () => !busy, recheckMs: 500 });
    vi.advanceTimersByTime(7_000);
    busy = false;
    idle.activity();
    vi.advanceTimersByTime(4_999);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('never locks with 0 (the config’s "never"), and not after stop()', () => {
    const never = vi.fn();
    createIdleLock({ timeoutMs: 0, onIdle: never, canLock: () => true });
    const stopped = vi.fn();
    const idle = createIdleLock({ timeoutMs: 1_000, onIdle: stopped, canLock: () => true });
    idle.stop();
    vi.advanceTimersByTime(86_400_000);
    expect(never).not.toHaveBeenCalled();
    expect(stopped).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps a single timer however much input arrives', () => {
    const idle = createIdleLock({ timeoutMs: 30_000, onIdle: () => undefined, canLock: () => true });
    for (let i = 0; i < 1000; i++) idle.activity();
    expect(vi.getTimerCount()).toBe(1);
    idle.stop();
  });
});
