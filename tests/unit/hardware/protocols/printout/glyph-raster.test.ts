import { describe, expect, it } from 'vitest';
import { rasterizeOutline, type PathCommand } from '../../../../../hardware/protocols/printout/glyph-raster.ts';

const one = { scaleX: 1, scaleY: 1, left: 0, top: 10 };

/** A closed polygon through `points` (font units, y up). */
function polygon(points: Array<[number, number]>): PathCommand[] {
  const [first, ...rest] = points;
  return [{ command: 'moveTo', args: first! }, ...rest.map((p) => ({ command: 'lineTo', args: p })), { command: 'closePath', args: [] }];
}

const rows = (bitmap: Uint8Array, width: number): string[] =>
  Array.from({ length: bitmap.length / width }, (_, r) =>
    [...bitmap.subarray(r * width, (r + 1) * width)].map((b) => (b ? '#' : '.')).join(''),
  );

describe('rasterizeOutline', () => {
  it('fills exactly the dots whose centres are inside a rectangle (y up in the font, down on paper)', () => {
    const bitmap = rasterizeOutline(
      polygon([
        [2, 8],
        [6, 8],
        [6, 5],
        [2, 5],
      ]),
      one,
      8,
      10,
    );
    expect(rows(bitmap, 8)).toEqual([
      '........',
      '........',
      '..####..',
      '..####..',
      '..####..',
      '........',
      '........',
      '........',
      '........',
      '........',
    ]);
  });

  it('leaves the hole of a ring empty (inner contour wound the other way), as TrueType fills', () => {
    const outer = polygon([
      [0, 10],
      [6, 10],
      [6, 4],
      [0, 4],
    ]);
    const inner = polygon([
      [2, 8],
      [2, 6],
      [4, 6],
      [4, 8],
    ]);
    expect(rows(rasterizeOutline([...outer, ...inner], one, 6, 6), 6)).toEqual([
      '######',
      '######',
      '##..##',
      '##..##',
      '######',
      '######',
    ]);
  });

  it('flattens curves: a quadratic bowl fills under its curve only', () => {
    const bowl: PathCommand[] = [
      { command: 'moveTo', args: [0, 10] },
      { command: 'quadraticCurveTo', args: [8, -6, 16, 10] },
      { command: 'closePath', args: [] },
    ];
    const bitmap = rasterizeOutline(bowl, one, 16, 10);
    const inkPerRow = rows(bitmap, 16).map((r) => r.split('#').length - 1);
    // Widest at the top, narrowing towards the bottom of the curve (y = 2 at its lowest).
    expect(inkPerRow[0]).toBeGreaterThan(12);
    for (let r = 1; r < 8; r++) expect(inkPerRow[r]).toBeLessThanOrEqual(inkPerRow[r - 1]!);
    expect(inkPerRow.slice(8)).toEqual([0, 0]);
  });

  it('stretches to the cell: scale x 2 doubles the width', () => {
    const bitmap = rasterizeOutline(
      polygon([
        [1, 9],
        [3, 9],
        [3, 7],
        [1, 7],
      ]),
      { ...one, scaleX: 2 },
      8,
      4,
    );
    expect(rows(bitmap, 8)).toEqual(['........', '..####..', '..####..', '........']);
  });
});
