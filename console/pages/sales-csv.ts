// The sales page's CSV export: RFC 4180 quoting, CRLF rows, and a UTF-8 byte-order mark so Excel
// opens Chinese names right. A text cell that a spreadsheet would run as a formula (starting with
// = + - @, or a tab or carriage return) gets a leading apostrophe; numbers are written as numbers.

export type CsvCell = string | number | null;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell as CSV text. */
export function csvCell(value: CsvCell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The whole file: a BOM, then each row's cells joined by commas, rows ended by CRLF. */
export function csvText(rows: readonly (readonly CsvCell[])[]): string {
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
