// Receipt printers print CJK characters two columns wide. Receipts are laid out by columns,
// not string length (or a Chinese name pushes its price off the paper), and the screen preview
// counts columns the same way. Shared by core/receipts and the renderer, hence in core/shared.

export function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

export function charWidth(ch: string): 1 | 2 {
  return isWide(ch.codePointAt(0) ?? 0) ? 2 : 1;
}

export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += charWidth(ch);
  return w;
}

/** Cuts `text` to at most `width` columns, never splitting a wide character. */
export function truncateToWidth(text: string, width: number): string {
  let w = 0;
  let out = '';
  for (const ch of text) {
    const cw = charWidth(ch);
    if (w + cw > width) break;
    out += ch;
    w += cw;
  }
  return out;
}

/** Splits text into pieces of at most `width` columns (at spaces where it can). */
export function wrapToWidth(text: string, width: number): string[] {
  if (width <= 0) return [text];
  const lines: string[] = [];
  let rest = text;
  while (displayWidth(rest) > width) {
    let head = truncateToWidth(rest, width);
    const space = head.lastIndexOf(' ');
    if (space > width / 3) head = head.slice(0, space);
    if (head.length === 0) head = [...rest][0] ?? '';
    lines.push(head.trimEnd());
    rest = rest.slice(head.length).trimStart();
  }
  if (rest || lines.length === 0) lines.push(rest);
  return lines;
}

/** Left text and right text on one line of `width` columns; the left is cut if both do not fit. */
export function pairLine(left: string, right: string, width: number): string {
  const rw = displayWidth(right);
  const l = truncateToWidth(left, Math.max(width - rw - 1, 0));
  return l + ' '.repeat(Math.max(width - displayWidth(l) - rw, 1)) + right;
}
