import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { Money, parseCashCausale, parseCivilDate, type CashCausale } from '@sus/domain';
import { CatalogError } from '../catalog-error';
import { aliasedColumn, type CsvColumns } from '../imports/aliased-csv';

/** One movement of the treasurer's cash journal (giornale di cassa), as read. */
export interface CashJournalLine {
  /** The file line it starts on (1 is the header). */
  line: number;
  valueDate: string;
  amountCents: number;
  causale: string;
  reading: CashCausale;
}

export interface CashJournalError {
  line: number;
  field: string;
  message: string;
}

type Column = 'valueDate' | 'amount' | 'causale';
const COLUMNS: CsvColumns<Column> = {
  aliases: {
    valuedate: 'valueDate',
    datavaluta: 'valueDate',
    valuta: 'valueDate',
    amount: 'amount',
    importo: 'amount',
    causale: 'causale',
    description: 'causale',
    descrizione: 'causale',
  },
  required: ['valueDate', 'amount', 'causale'],
  expected: 'value_date, amount, causale',
};

/** 2026-11-21, or 21/11/2026 as Italian banks export it. */
function valueDate(text: string): string {
  const italian = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text);
  return parseCivilDate(italian ? `${italian[3]}-${italian[2]}-${italian[1]}` : text);
}

/**
 * Reads a cash journal CSV (`value_date,amount,causale`; ',' or ';' separated, quoted causali,
 * amounts as `1234,56` or `1234.56`) as it streams in. Every bad line is collected with its line
 * number; the caller refuses the whole journal if there is any, so a journal is never half
 * imported.
 */
export async function readCashJournal(
  source: AsyncIterable<string | Buffer> | Readable,
): Promise<{ lines: CashJournalLine[]; errors: CashJournalError[] }> {
  const parser = parse({
    bom: true,
    delimiter: [',', ';'],
    relax_column_count: true,
    skip_empty_lines: true,
    trim: true,
    info: true,
  });
  const input = source instanceof Readable ? source : Readable.from(source);
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  let header: (Column | undefined)[] | undefined;
  const lines: CashJournalLine[] = [];
  const errors: CashJournalError[] = [];
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      if (!header) {
        header = record.map((name) => aliasedColumn(COLUMNS, name));
        const missing = COLUMNS.required.filter((column) => !header!.includes(column));
        if (missing.length > 0) {
          throw new CatalogError(
            'INVALID_CASH_JOURNAL',
            `The cash journal's header must name ${COLUMNS.expected}; missing: ${missing.join(', ')}.`,
            'file',
          );
        }
        continue;
      }
      const values: Partial<Record<Column, string>> = {};
      header.forEach((column, index) => {
        if (column) values[column] = record[index];
      });
      const line = info.lines;
      const before = errors.length;
      const read = <T>(field: Column, parseValue: (text: string) => T): T | undefined => {
        const text = values[field] ?? '';
        try {
          if (text === '') throw new Error(`${field} is empty`);
          return parseValue(text);
        } catch (error) {
          errors.push({ line, field, message: error instanceof Error ? error.message : String(error) });
          return undefined;
        }
      };
      const date = read('valueDate', valueDate);
      const amount = read('amount', (text) => Money.parse(text).cents);
      const causale = read('causale', (text) => text);
      if (errors.length > before) continue;
      lines.push({
        line,
        valueDate: date!,
        amountCents: amount!,
        causale: causale!,
        reading: parseCashCausale(causale!),
      });
    }
  } catch (error) {
    if (error instanceof CatalogError) throw error;
    throw new CatalogError(
      'INVALID_CASH_JOURNAL',
      `The cash journal cannot be read as CSV: ${error instanceof Error ? error.message : String(error)}.`,
      'file',
    );
  }
  if (!header) throw new CatalogError('INVALID_CASH_JOURNAL', 'The cash journal is empty.', 'file');
  return { lines, errors };
}
