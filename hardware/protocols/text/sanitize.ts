// Text that comes from data (product names, customer names, notes) is printed, never obeyed.
// A printer reads control bytes as commands: an ESC p inside a product name would open the
// drawer, a GS V would cut the receipt mid-sale. Everything here runs before encoding.

/** C0 controls (including LF, CR, TAB), DEL and C1 controls. */
export function isControlChar(code: number): boolean {
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f);
}

/**
 * Characters that change how text is laid out or read without being visible: bidi
 * embeddings, overrides, isolates and marks (a reversed "price" reads differently on screen
 * than on paper), zero-width spaces and joiners, soft hyphen, word joiner and invisible
 * operators, byte order mark, variation selectors and tag characters.
 */
export function isInvisibleFormatChar(code: number): boolean {
  return (
    code === 0x00ad ||
    code === 0x061c ||
    code === 0x180e ||
    code === 0xfeff ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2060 && code <= 0x2064) ||
    (code >= 0x2066 && code <= 0x206f) ||
    (code >= 0xfe00 && code <= 0xfe0f) ||
    (code >= 0xe0000 && code <= 0xe007f) ||
    (code >= 0xe0100 && code <= 0xe01ef)
  );
}

/** Line and paragraph separators and the non-ideographic Unicode spaces: printed as an ASCII space. */
function isOtherSpace(code: number): boolean {
  return (
    code === 0x00a0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f
  );
}

/**
 * The printable form of a piece of data: NFC-normalised, each run of control characters
 * replaced by one space (CR LF in a name is one space), invisible formatting removed, a lone
 * surrogate half replaced by U+FFFD (printed as '?'). Spaces are kept as they are, because
 * receipt layout pads columns with them. CJK text, the ideographic space (U+3000) and
 * ordinary punctuation are kept as they are.
 */
export function sanitizePrintText(text: string): string {
  let out = '';
  let inControlRun = false;
  for (const char of text.normalize('NFC')) {
    const code = char.codePointAt(0)!;
    if (isControlChar(code)) {
      if (!inControlRun) out += ' ';
      inControlRun = true;
      continue;
    }
    inControlRun = false;
    if (isInvisibleFormatChar(code)) continue;
    if (isOtherSpace(code)) out += ' ';
    else if (code >= 0xd800 && code <= 0xdfff) out += '\ufffd';
    else out += char;
  }
  return out;
}
