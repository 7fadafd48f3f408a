// WCAG 2.x contrast: relative luminance, the contrast ratio, and the colour a stack of painted
// elements ends up as on screen (backgrounds with alpha, gradients, group opacity), so a check
// measures what the cashier sees rather than the colour written in the style sheet.

/** An sRGB colour as the browser computes it: channels 0..255, alpha 0..1. */
export interface Rgba {
  readonly r: number;
  readonly g: number;
  readonly b: number;
  readonly a: number;
}

/** One element between the page and the text, outermost first, as getComputedStyle reports it. */
export interface PaintedElement {
  /** background-color. */
  readonly background: Rgba;
  /** The colours a background-image gradient may show at the text (any one of them): empty for none. */
  readonly gradient: readonly Rgba[];
  /** The element's own opacity (it applies to the element and everything inside it). */
  readonly opacity: number;
}

export const WHITE: Rgba = { r: 255, g: 255, b: 255, a: 1 };
export const TRANSPARENT: Rgba = { r: 0, g: 0, b: 0, a: 0 };

const COLOUR = /rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:\s*[,/]\s*([\d.]+)(%?))?\s*\)/g;

/** Parses rgb()/rgba() in comma or space syntax and 'transparent'; null for anything else. */
export function parseCssColour(text: string): Rgba | null {
  const value = text.trim();
  if (value === 'transparent') return TRANSPARENT;
  const all = coloursIn(value);
  return all.length === 1 && value.startsWith('rgb') && value.endsWith(')') ? all[0]! : null;
}

/** Every rgb()/rgba() colour in a computed value, e.g. the stops of a gradient. */
export function coloursIn(text: string): Rgba[] {
  return [...text.matchAll(COLOUR)].map((m) => {
    const alpha = m[4] === undefined ? 1 : Number(m[4]) / (m[5] === '%' ? 100 : 1);
    return { r: Number(m[1]), g: Number(m[2]), b: Number(m[3]), a: Math.min(1, Math.max(0, alpha)) };
  });
}

function linear(channel: number): number {
  const c = channel / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance of an opaque colour (alpha ignored: composite first). */
export function relativeLuminance(c: Rgba): number {
  return 0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b);
}

/** WCAG contrast ratio of two opaque colours, 1..21, whichever is lighter. */
export function contrastRatio(a: Rgba, b: Rgba): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

// Premultiplied colours make 'source over' and group opacity plain linear sums.
interface Premultiplied {
  r: number;
  g: number;
  b: number;
  a: number;
}
const premultiply = (c: Rgba): Premultiplied => ({ r: c.r * c.a, g: c.g * c.a, b: c.b * c.a, a: c.a });
const overP = (top: Premultiplied, bottom: Premultiplied): Premultiplied => ({
  r: top.r + bottom.r * (1 - top.a),
  g: top.g + bottom.g * (1 - top.a),
  b: top.b + bottom.b * (1 - top.a),
  a: top.a + bottom.a * (1 - top.a),
});
const scale = (c: Premultiplied, k: number): Premultiplied => ({ r: c.r * k, g: c.g * k, b: c.b * k, a: c.a * k });
function unpremultiply(c: Premultiplied): Rgba {
  if (c.a === 0) return TRANSPARENT;
  return { r: c.r / c.a, g: c.g / c.a, b: c.b / c.a, a: c.a };
}

/** `top` painted over `bottom` (source-over). */
export function over(top: Rgba, bottom: Rgba): Rgba {
  return unpremultiply(overP(premultiply(top), premultiply(bottom)));
}

/**
 * The opaque colour on screen at one point: each element's background (and the chosen gradient
 * colour on it), then `top` (the text colour) innermost, every group faded by its element's
 * opacity, all over the canvas. `choice[i]` picks the gradient colour of element i.
 */
export function paintedColour(
  elements: readonly PaintedElement[],
  top: Rgba | null,
  choice: readonly number[] = [],
  canvas: Rgba = WHITE,
): Rgba {
  let group = top ? premultiply(top) : premultiply(TRANSPARENT);
  for (let i = elements.length - 1; i >= 0; i--) {
    const e = elements[i]!;
    let own = premultiply(e.background);
    const stop = e.gradient[choice[i] ?? 0];
    if (stop) own = overP(premultiply(stop), own);
    group = scale(overP(group, own), Math.min(1, Math.max(0, e.opacity)));
  }
  return unpremultiply(overP(group, premultiply({ ...canvas, a: 1 })));
}

export interface Contrast {
  readonly ratio: number;
  readonly text: Rgba;
  readonly background: Rgba;
}

/** The lowest contrast of a text colour over the stack, trying every gradient colour it may sit on. */
export function worstContrast(elements: readonly PaintedElement[], text: Rgba): Contrast {
  let choices: number[][] = [[]];
  elements.forEach((e, i) => {
    if (e.gradient.length > 1) choices = choices.flatMap((c) => e.gradient.map((_, k) => Object.assign([...c], { [i]: k })));
  });
  let worst: Contrast | null = null;
  for (const choice of choices) {
    const fg = paintedColour(elements, text, choice);
    const bg = paintedColour(elements, null, choice);
    const ratio = contrastRatio(fg, bg);
    if (!worst || ratio < worst.ratio) worst = { ratio, text: fg, background: bg };
  }
  return worst!;
}

/** WCAG large text: at least 18 pt (24 px), or 14 pt (18.66 px) bold. */
export function isLargeText(fontSizePx: number, fontWeight: number): boolean {
  return fontSizePx >= 24 || (fontSizePx >= 18.66 && fontWeight >= 700);
}

/** The AA minimum: 4.5:1 for normal text, 3:1 for large text. */
export function requiredRatio(large: boolean): number {
  return large ? 3 : 4.5;
}

export function hex(c: Rgba): string {
  return `#${[c.r, c.g, c.b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
}
