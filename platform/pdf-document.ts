import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';

// The one way Tillproof makes a PDF (the till's X/Z reports, HQ's sales export): A4, a font that
// can draw Chinese names when the machine has one, and the finished file as bytes.

/** Fonts that can draw Chinese names in a PDF; the first one present is used. */
export const CJK_FONT_CANDIDATES = [
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' },
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKtc-Regular' },
  { path: 'C:\\Windows\\Fonts\\msjh.ttc', family: 'MicrosoftJhengHei' },
  { path: '/System/Library/Fonts/PingFang.ttc', family: 'PingFangTC-Regular' },
];

export const PDF_MARGIN = 48;

/** An A4 document titled `title`, drawn by `draw` in the body font, as the bytes of the finished file. */
export function pdfDocument(title: string, draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: PDF_MARGIN, info: { Title: title, Creator: 'Tillproof' } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    const cjk = CJK_FONT_CANDIDATES.find((f) => existsSync(f.path));
    if (cjk) doc.registerFont('body', cjk.path, cjk.family);
    doc.font(cjk ? 'body' : 'Helvetica');
    try {
      draw(doc);
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    doc.end();
  });
}

/** Starts a new page when fewer than `needed` points are left above the bottom margin (and a footer line). */
export function makeRoom(doc: PDFKit.PDFDocument, needed: number): void {
  if (doc.y + needed > doc.page.height - PDF_MARGIN - 30) doc.addPage();
}
