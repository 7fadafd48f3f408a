import { describe, expect, it } from 'vitest';
import { chooseCustomerScreen, type ScreenInfo } from '../../../electron/customer-display.ts';

describe('customer display screen', () => {
  const screen = (id: number, internal = false, width = 1920): ScreenInfo => ({
    id,
    internal,
    bounds: { x: id * 2000, y: 0, width, height: 1080 },
  });

  it("is another screen than the cashier's, external first, stable by id", () => {
    expect(chooseCustomerScreen([screen(1)], 1, 'auto')).toBeNull();
    expect(chooseCustomerScreen([screen(1), screen(2)], 1, 'auto')?.id).toBe(2);
    expect(chooseCustomerScreen([screen(5, true), screen(1), screen(3), screen(2)], 1, 'auto')?.id).toBe(2);
    expect(chooseCustomerScreen([screen(1), screen(2, true)], 1, 'auto')?.id).toBe(2);
    expect(chooseCustomerScreen([screen(1), screen(2, false, 0)], 1, 'auto')).toBeNull();
    expect(chooseCustomerScreen([screen(1), screen(2)], 1, 'off')).toBeNull();
  });
});
