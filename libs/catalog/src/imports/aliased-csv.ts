import { parse as parseCsv } from 'csv-parse/sync';
import { CatalogError } from '../catalog-error';

/** The columns an import understands: header aliases (compared on letters and digits only), and those it needs. */
export interface CsvColumns<F extends string> {
  aliases: Readonly<Record<string, F>>;
  required: readonly F[];
  /** What the header must name, for the refusal: e.g. "fiscal_code, document_number (and optionally email)". */
  expected: string;
}

export interface CsvLine<F extends string> {
  /** The file line the record starts on (1 is the header). */
  line: number;
  values: Partial<Record<F, string>>;
}

/** The column a header (or a JSON key) names: registers and HR systems write fiscal_code, Codice Fiscale, CF… */
export function aliasedColumn<F extends string>(columns: CsvColumns<F>, name: string): F | undefined {
  return columns.aliases[name.toLowerCase().replace(/[^a-z0-9]/g, '')];
}

/**
 * Reads an import file whose header names its columns by any of their aliases; columns it does not
 * know are ignored. Answers null for a file without even a header line; only a file that cannot be
 * read as CSV, or whose header lacks a required column, throws (INVALID_IMPORT_FILE on `field`).
 * Each record carries the line it starts on, however many lines its quoted fields span.
 */
export function readAliasedCsv<F extends string>(
  content: string,
  columns: CsvColumns<F>,
  field: string,
): CsvLine<F>[] | null {
  const refuse = (message: string) => new CatalogError('INVALID_IMPORT_FILE', message, field);
  let header: (F | false)[] | null = null;
  let records: { record: Partial<Record<F, string>>; info: { lines: number; raw?: string } }[];
  try {
    records = parseCsv(content, {
      bom: true,
      // Italian spreadsheets write ';' because ',' is the decimal separator.
      delimiter: [',', ';'],
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
      raw: true,
      columns: (names: string[]) => {
        header = names.map((name) => aliasedColumn(columns, name) ?? false);
        return header;
      },
    }) as typeof records;
  } catch (error) {
    throw refuse(`The CSV file cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (header === null) return null;
  const named: (F | false)[] = header;
  const missing = columns.required.filter((column) => !named.includes(column));
  if (missing.length > 0) {
    throw refuse(`The CSV header must name ${columns.expected}; missing: ${missing.join(', ')}.`);
  }
  return records.map(({ record, info }) => {
    // csv-parse counts lines up to the end of the record, and a quoted field may span several;
    // the raw text also carries the skipped blank lines before the record.
    const recordText = (info.raw ?? '').replace(/^(\r?\n)+/, '').replace(/\r?\n$/, '');
    const extraLines = recordText.split('\n').length - 1;
    return { line: info.lines - extraLines, values: record };
  });
}
