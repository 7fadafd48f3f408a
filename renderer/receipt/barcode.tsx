import { useMemo } from 'react';
import { barcodeModules } from './barcode-modules.ts';

/** A 1-D barcode as SVG bars; falls back to its text when the data cannot be encoded. */
export function Barcode({ symbology, data, height = 48 }: { symbology: 'CODE128' | 'EAN13' | 'CODE39'; data: string; height?: number }) {
  const modules = useMemo(() => barcodeModules(symbology, data), [symbology, data]);
  if (!modules) return <span className="barcode-text">{data}</span>;
  const bars: Array<{ x: number; w: number }> = [];
  for (let i = 0; i < modules.length; i++) {
    if (modules[i] !== '1') continue;
    const start = i;
    while (modules[i + 1] === '1') i++;
    bars.push({ x: start, w: i - start + 1 });
  }
  const width = modules.length + 20;
  return (
    <figure className="barcode">
      <svg role="img" aria-label={data} viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" shapeRendering="crispEdges">
        <rect width={width} height={height} fill="#fff" />
        {bars.map((b) => (
          <rect key={b.x} x={b.x + 10} y={0} width={b.w} height={height} fill="#000" />
        ))}
      </svg>
      <figcaption>{data}</figcaption>
    </figure>
  );
}
