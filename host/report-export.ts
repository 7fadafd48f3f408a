import type { ReportView } from '../core/contract/views.ts';
import { renderReceiptText } from '../core/receipts/receipt-document.ts';
import { reportPaper, type ReportContext } from '../core/till/report-document.ts';
import { makeRoom, PDF_MARGIN, pdfDocument } from '../platform/pdf-document.ts';

// X/Z reports for the back office: a PDF to file and sign, a CSV for spreadsheets and the text of
// the printout. All three are drawn from the same labelled paper as the printed report, in the
// store's language, so they carry the same figures under the same names.

function csvField(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The report as a spreadsheet: the store and what it covers, then one row per line (section, line, count, amount as printed). */
export function reportCsv(r: ReportView, ctx: ReportContext): string {
  const paper = reportPaper(r, ctx);
  const { labels } = paper;
  const rows: Array<Array<string | number>> = [[paper.store.name, paper.title, '', '']];
  for (const line of paper.store.address) rows.push([line, '', '', '']);
  if (paper.store.taxId) rows.push([paper.store.taxId, '', '', '']);
  for (const f of paper.facts) rows.push([f.label, f.value, '', '']);
  rows.push([labels.section, labels.line, labels.count, labels.amount]);
  for (const s of paper.sections)
    for (const row of s.rows)
      rows.push([s.title, row.label, row.count ?? '', row.value ?? (row.amount === undefined ? '' : paper.money(row.amount))]);
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

export function reportText(r: ReportView): string {
  return renderReceiptText(r.document);
}

const LEFT = PDF_MARGIN;
const LABEL_WIDTH = 330;
const COUNT_X = 380;
const AMOUNT_X = 440;
const FIGURE_WIDTH = 100;

/** The report on A4: the store's letterhead, what it covers, each section as a table, and lines to sign. */
export function reportPdf(r: ReportView, ctx: ReportContext, title: string): Promise<Buffer> {
  const paper = reportPaper(r, ctx);
  return pdfDocument(title, (doc) => {
    const room = (needed: number) => makeRoom(doc, needed);
    const row = (label: string, count: string, amount: string) => {
      room(16);
      const y = doc.y;
      doc.text(label, LEFT, y, { width: LABEL_WIDTH });
      const after = doc.y;
      doc.text(count, COUNT_X, y, { width: 50, align: 'right' });
      doc.text(amount, AMOUNT_X, y, { width: FIGURE_WIDTH, align: 'right' });
      doc.y = Math.max(after, doc.y);
      doc.x = LEFT;
    };

    doc.fontSize(16).text(paper.store.name);
    doc.fontSize(10);
    for (const line of paper.store.address) doc.text(line);
    if (paper.store.taxId) doc.text(paper.store.taxId);
    doc.moveDown(0.5).fontSize(14).text(paper.title).fontSize(10).moveDown(0.3);
    for (const f of paper.facts) row(f.label, '', f.value);
    for (const s of paper.sections) {
      room(48);
      doc.moveDown(0.6).fontSize(12).text(s.title, LEFT).fontSize(10);
      if (s.rows.some((x) => x.count !== undefined)) row('', paper.labels.count, paper.labels.amount);
      for (const x of s.rows) {
        const label = `${x.detail ? '    ' : ''}${x.label}`;
        if (x.value !== undefined) row(label, '', x.value);
        else row(label, x.count === undefined ? '' : String(x.count), x.amount === undefined ? '' : paper.money(x.amount));
      }
    }
    room(140);
    doc.moveDown(1.2).fontSize(12).text(paper.labels.signature, LEFT).fontSize(10);
    for (const who of [...paper.signatures, paper.labels.date]) {
      doc.moveDown(1.6);
      const y = doc.y;
      doc.text(who, LEFT, y, { width: 200 });
      doc
        .moveTo(LEFT + 210, y + 11)
        .lineTo(LEFT + 450, y + 11)
        .stroke();
      doc.x = LEFT;
    }
  });
}
