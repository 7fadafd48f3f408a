// A scanline rasterizer for font outlines, so the emulator's PNG shows Chinese and Japanese
// characters as a printer's dot font would: one bit per dot, a dot inked when its centre is
// inside the outline (non-zero winding, as TrueType fills). Curves are flattened to short lines.
// Pure: the outline comes from whoever read the font (emulators/printer/cjk-font.ts).

/** One step of a glyph outline, in font units (y up), as fontkit's glyph.path.commands gives it. */
export interface PathCommand {
  command: string;
  args: number[];
}

/** Font units to dots: x' = (x - left) * scaleX, y' = (top - y) * scaleY (a double-width character is stretched, as printers do). */
export interface GlyphPlacement {
  scaleX: number;
  scaleY: number;
  left: number;
  top: number;
}

/** Bitmaps of double-byte characters for a cell of width x height dots (row-major, 1 = ink), or null when the font lacks one. */
export interface GlyphSource {
  bitmap(char: string, width: number, height: number): Uint8Array | null;
}

interface Edge {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const CURVE_STEPS = 8;

/** The outline as straight edges in dot coordinates (y down). */
export function outlineEdges(commands: readonly PathCommand[], placement: GlyphPlacement): Edge[] {
  const edges: Edge[] = [];
  const tx = (x: number): number => (x - placement.left) * placement.scaleX;
  const ty = (y: number): number => (placement.top - y) * placement.scaleY;
  let start: [number, number] | null = null;
  let at: [number, number] = [0, 0];
  const lineTo = (x: number, y: number): void => {
    edges.push({ x0: at[0], y0: at[1], x1: x, y1: y });
    at = [x, y];
  };
  const close = (): void => {
    if (start && (start[0] !== at[0] || start[1] !== at[1])) lineTo(start[0], start[1]);
    start = null;
  };
  for (const { command, args: a } of commands) {
    if (command === 'moveTo') {
      close();
      at = [tx(a[0]!), ty(a[1]!)];
      start = at;
    } else if (command === 'lineTo') {
      lineTo(tx(a[0]!), ty(a[1]!));
    } else if (command === 'quadraticCurveTo') {
      const [x0, y0] = at;
      const [cx, cy, x, y] = [tx(a[0]!), ty(a[1]!), tx(a[2]!), ty(a[3]!)];
      for (let i = 1; i <= CURVE_STEPS; i++) {
        const t = i / CURVE_STEPS;
        const u = 1 - t;
        lineTo(u * u * x0 + 2 * u * t * cx + t * t * x, u * u * y0 + 2 * u * t * cy + t * t * y);
      }
    } else if (command === 'bezierCurveTo') {
      const [x0, y0] = at;
      const [c1x, c1y, c2x, c2y, x, y] = [tx(a[0]!), ty(a[1]!), tx(a[2]!), ty(a[3]!), tx(a[4]!), ty(a[5]!)];
      for (let i = 1; i <= CURVE_STEPS; i++) {
        const t = i / CURVE_STEPS;
        const u = 1 - t;
        const px = u * u * u * x0 + 3 * u * u * t * c1x + 3 * u * t * t * c2x + t * t * t * x;
        const py = u * u * u * y0 + 3 * u * u * t * c1y + 3 * u * t * t * c2y + t * t * t * y;
        lineTo(px, py);
      }
    } else if (command === 'closePath') {
      close();
    }
  }
  close();
  return edges;
}

/** Fills the outline into a width x height bitmap: a dot is ink when its centre has a non-zero winding number. */
export function rasterizeOutline(commands: readonly PathCommand[], placement: GlyphPlacement, width: number, height: number): Uint8Array {
  const bitmap = new Uint8Array(width * height);
  const edges = outlineEdges(commands, placement).filter((e) => e.y0 !== e.y1);
  for (let row = 0; row < height; row++) {
    const y = row + 0.5;
    const crossings: Array<{ x: number; winding: number }> = [];
    for (const e of edges) {
      const down = e.y1 > e.y0;
      const [top, bottom] = down ? [e.y0, e.y1] : [e.y1, e.y0];
      // Half-open so a vertex shared by two edges counts once.
      if (y < top || y >= bottom) continue;
      const x = e.x0 + ((y - e.y0) / (e.y1 - e.y0)) * (e.x1 - e.x0);
      crossings.push({ x, winding: down ? 1 : -1 });
    }
    crossings.sort((a, b) => a.x - b.x);
    let winding = 0;
    for (let i = 0; i < crossings.length - 1; i++) {
      winding += crossings[i]!.winding;
      if (winding === 0) continue;
      const from = Math.max(0, Math.ceil(crossings[i]!.x - 0.5));
      const to = Math.min(width - 1, Math.floor(crossings[i + 1]!.x - 0.5));
      for (let col = from; col <= to; col++) bitmap[row * width + col] = 1;
    }
  }
  return bitmap;
}
