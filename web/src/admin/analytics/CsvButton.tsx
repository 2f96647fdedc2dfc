import { downloadCsv, toCsv, type CsvValue } from './csv';

interface Props {
  /** What the file holds, for the button's accessible name ("Download CSV: per agent"). */
  what: string;
  filename: string;
  header: readonly string[];
  rows(): ReadonlyArray<readonly CsvValue[]>;
}

/** Makes the CSV of a table in the browser, from the figures on screen, and downloads it. */
export function CsvButton({ what, filename, header, rows }: Props) {
  return (
    <button type="button" className="btn csv-button" aria-label={`Download CSV: ${what}`} onClick={() => downloadCsv(filename, toCsv(header, rows()))}>
      <span aria-hidden="true">⤓</span> Download CSV
    </button>
  );
}
