import QRCode from 'qrcode';

// The receipt QR as a matrix of dark modules, drawn by the preview as one SVG path (no canvas,
// no data URLs: nothing the page's Content-Security-Policy would have to allow).

export interface QrMatrix {
  readonly size: number;
  /** Row-major, true for a dark module. */
  readonly dark: readonly boolean[];
}

export function qrMatrix(text: string): QrMatrix {
  const code = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const { size, data } = code.modules;
  return { size, dark: Array.from(data, (v) => v === 1) };
}

/** An SVG path ("M x y h1 v1 h-1 z" per dark module, rows merged into runs) with a quiet zone of `margin`. */
export function qrPath(matrix: QrMatrix, margin = 4): string {
  const parts: string[] = [];
  for (let y = 0; y < matrix.size; y++) {
    let x = 0;
    while (x < matrix.size) {
      if (!matrix.dark[y * matrix.size + x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < matrix.size && matrix.dark[y * matrix.size + x]) x++;
      parts.push(`M${start + margin} ${y + margin}h${x - start}v1h-${x - start}z`);
    }
  }
  return parts.join('');
}
