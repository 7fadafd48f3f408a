// The customer-facing pole display; hardware/display implements it.
import type { DeviceStatusSource } from './device-status.ts';

/** What a customer display shows; amounts arrive formatted by the host (currency, digits). */
export interface CustomerDisplayContent {
  /**
   * The last item: its name and amount ("2 x 35.00" or "70.00"). `latinName` (the catalog's
   * 'en' name) is shown on displays that have no CJK characters.
   */
  item?: { name: string; amount: string; latinName?: string };
  /** The running total or the change due. */
  total?: { label: string; amount: string };
  /** A free message instead (welcome, closed lane); at most two lines. */
  message?: readonly string[];
}

export type DisplayOutcome = { ok: true } | { ok: false; reason: 'offline' | 'error'; detail?: string };

export interface CustomerDisplay extends DeviceStatusSource {
  show(content: CustomerDisplayContent): Promise<DisplayOutcome>;
  clear(): Promise<DisplayOutcome>;
}
