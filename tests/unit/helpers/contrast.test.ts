import { describe, expect, it } from 'vitest';
import {
  WHITE,
  coloursIn,
  contrastRatio,
  hex,
  isLargeText,
  over,
  paintedColour,
  parseCssColour,
  relativeLuminance,
  requiredRatio,
  worstContrast,
  type PaintedElement,
  type Rgba,
} from '../../helpers/contrast.ts';

const BLACK: Rgba = { r: 0, g: 0, b: 0, a: 1 };
const rgb = (r: number, g: number, b: number, a = 1): Rgba => ({ r, g, b, a });
const plain = (background: Rgba, opacity = 1): PaintedElement => ({ background, gradient: [], opacity });

describe('contrast maths (WCAG 2.x)', () => {
  it('relative luminance: black 0, white 1, sRGB mid grey 0.2159', () => {
    expect(relativeLuminance(BLACK)).toBe(0);
    expect(relativeLuminance(WHITE)).toBeCloseTo(1, 10);
    expect(relativeLuminance(rgb(128, 128, 128))).toBeCloseTo(0.2159, 4);
    // The linear segment below 0.04045 (channel 10 is 0.0392).
    expect(relativeLuminance(rgb(10, 10, 10))).toBeCloseTo(10 / 255 / 12.92, 10);
  });

  it('contrast ratio: 21 for black on white, 1 for equal colours, symmetric', () => {
    expect(contrastRatio(BLACK, WHITE)).toBeCloseTo(21, 10);
    expect(contrastRatio(WHITE, BLACK)).toBeCloseTo(21, 10);
    expect(contrastRatio(rgb(86, 98, 115), rgb(86, 98, 115))).toBe(1);
    // Known pairs (WebAIM checker): #767676 on white is 4.54, #777777 is 4.48.
    expect(contrastRatio(rgb(0x76, 0x76, 0x76), WHITE)).toBeCloseTo(4.54, 2);
    expect(contrastRatio(rgb(0x77, 0x77, 0x77), WHITE)).toBeCloseTo(4.48, 2);
  });

  it('parses computed colours and gradient stops', () => {
    expect(parseCssColour('rgb(20, 28, 38)')).toEqual(rgb(20, 28, 38));
    expect(parseCssColour('rgba(15, 23, 32, 0.55)')).toEqual(rgb(15, 23, 32, 0.55));
    expect(parseCssColour('rgb(15 23 32 / 55%)')).toEqual(rgb(15, 23, 32, 0.55));
    expect(parseCssColour('transparent')).toEqual({ r: 0, g: 0, b: 0, a: 0 });
    expect(parseCssColour('oklch(0.5 0.1 200)')).toBeNull();
    expect(coloursIn('repeating-linear-gradient(135deg, rgb(253, 230, 138) 0px, rgb(253, 230, 138) 18px, rgb(252, 211, 77) 18px)')).toEqual(
      [rgb(253, 230, 138), rgb(253, 230, 138), rgb(252, 211, 77)],
    );
    expect(coloursIn('none')).toEqual([]);
  });

  it('composites alpha: half-transparent black over white is mid grey, opaque covers, transparent shows through', () => {
    const grey = over(rgb(0, 0, 0, 0.5), WHITE);
    expect(grey.a).toBe(1);
    expect(grey.r).toBeCloseTo(127.5, 10);
    expect(over(rgb(1, 2, 3), WHITE)).toEqual(rgb(1, 2, 3));
    expect(over(rgb(1, 2, 3, 0), rgb(9, 9, 9))).toEqual(rgb(9, 9, 9));
  });

  it('paints a stack: the innermost opaque background wins, a translucent one blends with the one below', () => {
    expect(paintedColour([plain(rgb(238, 241, 245)), plain(rgb(0, 0, 0, 0)), plain(rgb(200, 0, 0))], null)).toEqual(rgb(200, 0, 0));
    expect(paintedColour([plain(rgb(0, 0, 255)), plain(rgb(255, 0, 0, 0.5))], null)).toEqual(rgb(127.5, 0, 127.5));
    // Nothing painted: the white canvas.
    expect(paintedColour([plain(rgb(0, 0, 0, 0))], null)).toEqual(WHITE);
  });

  it('group opacity fades text and its background together over what is behind the group', () => {
    // A disabled button at opacity 0.45: black text on a white button, on a black page.
    const stack = [plain(BLACK), plain(WHITE, 0.45)];
    const text = paintedColour(stack, BLACK);
    const bg = paintedColour(stack, null);
    expect(text.r).toBeCloseTo(0, 10);
    expect(bg.r).toBeCloseTo(255 * 0.45, 10);
    // Opacity nests: 0.5 inside 0.5 lets a quarter through.
    const nested = paintedColour([plain(WHITE), plain(rgb(0, 0, 0, 0), 0.5), plain(BLACK, 0.5)], null);
    expect(nested.r).toBeCloseTo(255 * 0.75, 10);
  });

  it('the worst contrast over a gradient is against its worst stop', () => {
    const stripes: PaintedElement = { background: WHITE, gradient: [rgb(255, 255, 255), rgb(120, 120, 120)], opacity: 1 };
    const worst = worstContrast([stripes], BLACK);
    expect(worst.ratio).toBeCloseTo(contrastRatio(BLACK, rgb(120, 120, 120)), 10);
    expect(hex(worst.background)).toBe('#787878');
    // Translucent text is composited before the ratio is taken.
    expect(worstContrast([plain(WHITE)], rgb(0, 0, 0, 0.5)).ratio).toBeCloseTo(contrastRatio(rgb(127.5, 127.5, 127.5), WHITE), 10);
  });

  it('large text and the AA thresholds', () => {
    expect(isLargeText(24, 400)).toBe(true);
    expect(isLargeText(23.9, 400)).toBe(false);
    expect(isLargeText(18.66, 700)).toBe(true);
    expect(isLargeText(18.66, 600)).toBe(false);
    expect(isLargeText(18, 800)).toBe(false);
    expect(requiredRatio(false)).toBe(4.5);
    expect(requiredRatio(true)).toBe(3);
  });
});
