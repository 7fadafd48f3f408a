// A weighing scale the till reads goods sold by weight from (issue #15). hardware/ implements it
// (hardware/scale/), the selling code asks it for a weight through `sale.weigh`.
import type { DeviceStatusSource } from './device-status.ts';

/**
 * What the scale says now. `stable`: a settled weight, never negative, within capacity.
 * The other states carry no weight a sale may take.
 */
export type ScaleReading =
  { state: 'stable'; grams: number; net: boolean } | { state: 'motion' } | { state: 'under-zero' } | { state: 'over-capacity' };

export interface WeighingScale extends DeviceStatusSource {
  /** Asks the scale once. Rejects with a DeviceError when it is offline or does not answer in time. */
  read(): Promise<ScaleReading>;
  /** Asks until the weight settles or `settleMs` passes; resolves with the last reading either way. */
  readSettled(settleMs: number): Promise<ScaleReading>;
}
