// Performance marks around the scan-to-render path, read by the benchmark and the e2e test:
// `scan:start` when a scan reaches the sale screen, `scan:rendered` when its line is in the
// DOM, and a `scan:render` measure between them. Budget: one frame (16 ms).

let pending = false;

export const SCAN_MEASURE = 'scan:render';

export function scanStarted(): void {
  performance.mark('scan:start');
  pending = true;
}

/** The host's answer arrived (splits the measure into host time and render time). */
export function scanAnswered(): void {
  if (pending) performance.mark('scan:answered');
}

/** Called from a layout effect after the sale's lines were committed to the DOM. */
export function scanRendered(): void {
  if (!pending) return;
  pending = false;
  performance.mark('scan:rendered');
  performance.measure(SCAN_MEASURE, 'scan:start', 'scan:rendered');
}

/** The scan failed (unknown product...): nothing to render. */
export function scanAbandoned(): void {
  pending = false;
}

export function scanPending(): boolean {
  return pending;
}
