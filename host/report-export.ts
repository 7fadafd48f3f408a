import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { ReportView } from '../core/contract/views.ts';
import { renderReceiptText } from '../core/receipts/receipt-document.ts';
import { formatMinor } from '../core/money/money.ts';

// X/Z reports for the back office: CSV for spreadsheets, PDF for the file, both carrying the
// same figures as the ledger entry (amounts in minor units in CSV; formatted in the PDF).

function csvField(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One row per figure: section, key, amount (minor units), count. */
export function reportCsv(r: ReportView): string {
  const rows: Array<Array<string | number>> = [['section', 'key', 'amount', 'count']];
  rows.push(
    ['report', 'kind', r.kind, ''],
    ['report', 'z_no', r.zNo ?? '', ''],
    ['report', 'business_day', r.businessDay, ''],
    ['report', 'currency', r.currency, ''],
  );
  rows.push(['report', 'first_seq', r.firstSeq, ''], ['report', 'last_seq', r.lastSeq, '']);
  for (const [key, v] of Object.entries(r.keys)) rows.push(['totals', key, v.amount, v.count]);
  rows.push(['grand', 'period', r.grand.period, ''], ['grand', 'perpetual', r.grand.perpetual, '']);
  for (const d of r.drawers) {
    rows.push([`drawer:${d.sessionId}`, 'float', d.float, ''], [`drawer:${d.sessionId}`, 'expected', d.expected, '']);
    rows.push([`drawer:${d.sessionId}`, 'counted', d.counted ?? '', ''], [`drawer:${d.sessionId}`, 'over_short', d.overShort ?? '', '']);
  }
  for (const h of r.byHour) rows.push(['hour', String(h.hour).padStart(2, '0'), h.sales, h.count]);
  for (const c of r.byCashier)
    for (const [k, v] of Object.entries(c)) if (k !== 'operatorId') rows.push([`cashier:${c.operatorId}`, k, '', v]);
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

export function reportText(r: ReportView): string {
  return renderReceiptText(r.document);
}

/** Fonts that can draw Chinese names in a PDF; the first one present is used. */
export const CJK_FONT_CANDIDATES = [
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' },
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKtc-Regular' },
  { path: 'C:\\Windows\\Fonts\\msjh.ttc', family: 'MicrosoftJhengHei' },
  { path: '/System/Library/Fonts/PingFang.ttc', family: 'PingFangTC-Regular' },
];

export function reportPdf(r: ReportView, minorDigits: number, title: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: title, Creator: 'Tillproof' } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    const cjk = CJK_FONT_CANDIDATES.find((f) => existsSync(f.path));
    if (cjk) doc.registerFont('body', cjk.path, cjk.family);
    doc.font(cjk ? 'body' : 'Helvetica');
    doc.fontSize(16).text(title);
    doc.fontSize(10).moveDown(0.5);
    const m = (n: number) => formatMinor(n, minorDigits);
    const line = (left: string, right: string) => {
      const y = doc.y;
      doc.text(left, 48, y, { width: 330 });
      doc.text(right, 380, y, { width: 160, align: 'right' });
    };
    line('Business day', r.businessDay);
    line('Ledger seq', `${r.firstSeq}..${r.lastSeq}`);
    line('Currency', r.currency);
    doc.moveDown();
    doc.fontSize(12).text('Totals').fontSize(10);
    for (const [key, v] of Object.entries(r.keys)) line(key, `${v.count}  ${m(v.amount)}`);
    doc.moveDown();
    doc.fontSize(12).text('Grand totals').fontSize(10);
    line('period', m(r.grand.period));
    line('perpetual', m(r.grand.perpetual));
    doc.moveDown();
    doc.fontSize(12).text('Drawers').fontSize(10);
    for (const d of r.drawers) {
      line(`${d.sessionId} float`, m(d.float));
      line(`${d.sessionId} expected`, m(d.expected));
      line(`${d.sessionId} counted`, d.counted === null ? '-' : m(d.counted));
      line(`${d.sessionId} over/short`, d.overShort === null ? '-' : m(d.overShort));
    }
    doc.moveDown();
    doc.fontSize(12).text('Sales by hour').fontSize(10);
    for (const h of r.byHour) line(`${String(h.hour).padStart(2, '0')}:00`, `${h.count}  ${m(h.sales)}`);
    doc.end();
  });
}
