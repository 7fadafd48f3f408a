// fontkit ships no types: the part of its API emulators/printer/cjk-font.ts uses.
declare module 'fontkit' {
  interface FontkitPathCommand {
    command: string;
    args: number[];
  }

  interface FontkitGlyph {
    id: number;
    path: { commands: FontkitPathCommand[] };
    bbox: { minX: number; minY: number; maxX: number; maxY: number };
  }

  interface FontkitFont {
    type: string;
    postscriptName: string;
    unitsPerEm: number;
    hasGlyphForCodePoint(codePoint: number): boolean;
    glyphForCodePoint(codePoint: number): FontkitGlyph;
  }

  interface FontkitCollection {
    type: 'TTC' | 'DFont';
    fonts: FontkitFont[];
  }

  export function openSync(path: string): FontkitFont | FontkitCollection;
}
