// Which screen shows the customer display: a screen other than the cashier's, when one is
// attached. Pure, over the fields of Electron's Display that matter.

export interface ScreenInfo {
  id: number;
  bounds: { x: number; y: number; width: number; height: number };
  /** A laptop's own panel: last choice for a customer-facing screen. */
  internal: boolean;
}

export function chooseCustomerScreen(screens: readonly ScreenInfo[], cashierScreenId: number, mode: 'auto' | 'off'): ScreenInfo | null {
  if (mode === 'off') return null;
  const others = screens.filter((s) => s.id !== cashierScreenId && s.bounds.width > 0 && s.bounds.height > 0);
  // External screens first, then the lowest id, so the choice is stable across restarts.
  const sorted = [...others].sort((a, b) => Number(a.internal) - Number(b.internal) || a.id - b.id);
  return sorted[0] ?? null;
}
