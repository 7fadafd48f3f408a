import { describe, expect, it } from 'vitest';
import { qrMatrix, qrPath } from '../../../../renderer/receipt/qr-matrix.ts';

describe('receipt preview barcodes', () => {
  it('draws the receipt QR from its module matrix', () => {
    const m = qrMatrix('TPR1;T=DEMO-01;N=1;K=sale');
    expect(m.size).toBeGreaterThanOrEqual(21);
    expect(m.dark).toHaveLength(m.size * m.size);
    // Finder pattern: the top-left 7x7 corner starts with a dark row.
    expect(m.dark.slice(0, 7).every(Boolean)).toBe(true);
    expect(qrPath(m)).toMatch(/^M4 4h7v1h-7z/);
  });
});
