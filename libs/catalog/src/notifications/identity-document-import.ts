import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { parse } from 'csv-parse';
import {
  assertCan,
  checkIdentityDocumentLine,
  rejectDuplicateDocuments,
  type IdentityDocumentRejection,
  type IdentityDocumentRow,
} from '@sus/domain';
import { AuditLog } from '../audit/audit-log';
import { CatalogError } from '../catalog-error';
import type { RequestContext } from '../context/request-context';
import { EntiService } from '../organisations/enti.service';
import { CieReminderRepository, type ImportCounts } from './cie-reminder.repository';

export interface IdentityDocumentImportReport extends ImportCounts {
  rejected: IdentityDocumentRejection[];
}

type Column = 'fiscalCode' | 'documentNumber' | 'expiryDate' | 'email';
const REQUIRED: readonly Column[] = ['fiscalCode', 'documentNumber', 'expiryDate'];

// Register exports (ASCOT and others) name the columns in English or Italian; compare letters only.
const COLUMN_ALIASES: Readonly<Record<string, Column>> = {
  fiscalcode: 'fiscalCode',
  codicefiscale: 'fiscalCode',
  cf: 'fiscalCode',
  documentnumber: 'documentNumber',
  numerodocumento: 'documentNumber',
  numerocarta: 'documentNumber',
  expirydate: 'expiryDate',
  datascadenza: 'expiryDate',
  scadenza: 'expiryDate',
  email: 'email',
  mail: 'email',
};

const columnKey = (header: string) => header.toLowerCase().replace(/[^a-z]/g, '');
const UPSERT_BATCH = 1_000;

/**
 * Imports an ente's population-register extract of identity cards (CSV:
 * `fiscal_code,document_number,expiry_date,email`). Read as a stream, checked line by line; only
 * valid lines are written, idempotently by document number, so importing the same extract twice
 * changes nothing and a renewed card's new expiry replaces the old one.
 */
@Injectable()
export class IdentityDocumentImport {
  constructor(
    private readonly enti: EntiService,
    private readonly reminders: CieReminderRepository,
    private readonly audit: AuditLog,
  ) {}

  async import(ctx: RequestContext, enteCode: string, csv: string): Promise<IdentityDocumentImportReport> {
    const ente = await this.enti.getByCode(ctx, enteCode);
    assertCan(ctx, 'messages:send', ente.ipaCode);
    const { rows, rejected } = await readExtract(csv);
    const unique = rejectDuplicateDocuments(rows);
    const counts: ImportCounts = { inserted: 0, updated: 0, unchanged: 0 };
    for (let start = 0; start < unique.rows.length; start += UPSERT_BATCH) {
      const batch = await this.reminders.upsertDocuments(
        ente.ipaCode,
        unique.rows.slice(start, start + UPSERT_BATCH),
      );
      counts.inserted += batch.inserted;
      counts.updated += batch.updated;
      counts.unchanged += batch.unchanged;
    }
    const allRejected = [...rejected, ...unique.rejected].sort((a, b) => a.line - b.line);
    if (counts.inserted + counts.updated > 0) {
      // Counts only: the extract's fiscal codes are not copied into the audit log.
      await this.audit.record(ctx, {
        action: 'importIdentityDocuments',
        entity: 'IdentityDocument',
        enteCode: ente.ipaCode,
        after: { ...counts, rejected: allRejected.length },
      });
    }
    return { ...counts, rejected: allRejected };
  }
}

/** Parses and checks the extract; only a file that cannot be read as CSV at all throws. */
export async function readExtract(
  csv: string,
): Promise<{ rows: IdentityDocumentRow[]; rejected: IdentityDocumentRejection[] }> {
  let columns: (Column | false)[] = [];
  const parser = Readable.from([csv]).pipe(
    parse({
      bom: true,
      // Italian spreadsheets write ';' because ',' is the decimal separator.
      delimiter: [',', ';'],
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      info: true,
      columns: (header: string[]) => {
        columns = header.map((name) => COLUMN_ALIASES[columnKey(name)] ?? false);
        const missing = REQUIRED.filter((column) => !columns.includes(column));
        if (missing.length > 0) {
          throw new CatalogError(
            'INVALID_IMPORT_FILE',
            `The CSV header must name fiscal_code, document_number, expiry_date (and optionally email); missing: ${missing.join(', ')}.`,
            'csv',
          );
        }
        return columns;
      },
    }),
  );
  const rows: IdentityDocumentRow[] = [];
  const rejected: IdentityDocumentRejection[] = [];
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Partial<Record<Column, string>>;
      info: { lines: number };
    }>) {
      const checked = checkIdentityDocumentLine({
        line: info.lines,
        fiscalCode: record.fiscalCode ?? '',
        documentNumber: record.documentNumber ?? '',
        expiryDate: record.expiryDate ?? '',
        email: record.email ?? '',
      });
      if (checked.row) rows.push(checked.row);
      else rejected.push(...checked.problems);
    }
  } catch (error) {
    if (error instanceof CatalogError) throw error;
    throw new CatalogError(
      'INVALID_IMPORT_FILE',
      `The CSV file cannot be read: ${error instanceof Error ? error.message : String(error)}`,
      'csv',
    );
  }
  if (columns.length === 0) {
    throw new CatalogError('INVALID_IMPORT_FILE', 'The CSV file is empty: it needs a header line.', 'csv');
  }
  return { rows, rejected };
}
