/**
 * CSV as RFC 4180 writes it (CRLF between records, a field quoted when it holds a comma, a quote or a line
 * break, quotes doubled), made safe to open in a spreadsheet: a text that starts like a formula
 * (`=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`, so that a name such as
 * `=HYPERLINK(…)` is shown, never run. Numbers are written as they are.
 */

export type CsvValue = string | number | null;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: CsvValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly CsvValue[]>): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** Hands the text to the browser as a file download. */
export function downloadCsv(filename: string, csv: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // After the click has been handled: the download keeps its own reference.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
