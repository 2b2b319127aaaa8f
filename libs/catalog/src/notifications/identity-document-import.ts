import { Injectable } from '@nestjs/common';
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
import { readAliasedCsv, type CsvColumns } from '../imports/aliased-csv';
import { EntiService } from '../organisations/enti.service';
import { CieReminderRepository, type ImportCounts } from './cie-reminder.repository';

export interface IdentityDocumentImportReport extends ImportCounts {
  rejected: IdentityDocumentRejection[];
}

type Column = 'fiscalCode' | 'documentNumber' | 'expiryDate' | 'email';

// Register exports (ASCOT and others) name the columns in English or Italian.
const COLUMNS: CsvColumns<Column> = {
  aliases: {
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
  },
  required: ['fiscalCode', 'documentNumber', 'expiryDate'],
  expected: 'fiscal_code, document_number, expiry_date (and optionally email)',
};

const UPSERT_BATCH = 1_000;

/**
 * Imports an ente's population-register extract of identity cards (CSV:
 * `fiscal_code,document_number,expiry_date,email`). Checked line by line; only
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
    const { rows, rejected } = readExtract(csv);
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
export function readExtract(csv: string): {
  rows: IdentityDocumentRow[];
  rejected: IdentityDocumentRejection[];
} {
  const lines = readAliasedCsv(csv, COLUMNS, 'csv');
  if (lines === null) {
    throw new CatalogError('INVALID_IMPORT_FILE', 'The CSV file is empty: it needs a header line.', 'csv');
  }
  const rows: IdentityDocumentRow[] = [];
  const rejected: IdentityDocumentRejection[] = [];
  for (const { line, values } of lines) {
    const checked = checkIdentityDocumentLine({
      line,
      fiscalCode: values.fiscalCode ?? '',
      documentNumber: values.documentNumber ?? '',
      expiryDate: values.expiryDate ?? '',
      email: values.email ?? '',
    });
    if (checked.row) rows.push(checked.row);
    else rejected.push(...checked.problems);
  }
  return { rows, rejected };
}
