import { useMemo } from 'react';
import { qrMatrix, qrPath } from './qr-matrix.ts';

/** A QR code drawn as SVG from its module matrix (no canvas, no image URL). */
export function QrCode({ data, size, label }: { data: string; size: number; label: string }) {
  const { path, extent } = useMemo(() => {
    const m = qrMatrix(data);
    return { path: qrPath(m, 4), extent: m.size + 8 };
  }, [data]);
  return (
    <svg
      className="qr-code"
      role="img"
      aria-label={label}
      width={size}
      height={size}
      viewBox={`0 0 ${extent} ${extent}`}
      shapeRendering="crispEdges"
      data-qr={data}
    >
      <rect width={extent} height={extent} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
