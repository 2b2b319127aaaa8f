import type { OrgUnitImportRejection, OrgUnitImportRow } from '@sus/domain';
import { CatalogError } from '../catalog-error';
import { aliasedColumn, readAliasedCsv, type CsvColumns } from '../imports/aliased-csv';

/*
 * Reading an HR export (CSV or JSON) into rows. What the rows do is planned by the domain
 * (planOrgUnitImport in @sus/domain); the service runs the plan in one transaction.
 */

export const ORG_UNIT_IMPORT_FORMATS = ['csv', 'json'] as const;
export type OrgUnitImportFormat = (typeof ORG_UNIT_IMPORT_FORMATS)[number];

export interface OrgUnitImportReport {
  created: number;
  updated: number;
  unchanged: number;
  rejected: OrgUnitImportRejection[];
}

type Field = 'externalId' | 'code' | 'name' | 'parentExternalId' | 'validFrom' | 'validTo';
const COLUMNS: CsvColumns<Field> = {
  aliases: {
    externalid: 'externalId',
    id: 'externalId',
    code: 'code',
    codice: 'code',
    name: 'name',
    nome: 'name',
    descrizione: 'name',
    parentexternalid: 'parentExternalId',
    parentid: 'parentExternalId',
    parent: 'parentExternalId',
    validfrom: 'validFrom',
    datainizio: 'validFrom',
    validto: 'validTo',
    datafine: 'validTo',
  },
  required: ['externalId', 'code', 'name'],
  expected: 'the columns externalId, code, name (optional: parentExternalId, validFrom, validTo)',
};

const fileError = (message: string) => new CatalogError('INVALID_IMPORT_FILE', message, 'content');

function blankToNull(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const text = String(value).trim();
  return text === '' ? null : text;
}

function toRow(line: number, values: Partial<Record<Field, unknown>>): OrgUnitImportRow {
  return {
    line,
    externalId: blankToNull(values.externalId) ?? '',
    code: blankToNull(values.code) ?? '',
    name: blankToNull(values.name) ?? '',
    parentExternalId: blankToNull(values.parentExternalId),
    validFrom: blankToNull(values.validFrom),
    validTo: blankToNull(values.validTo),
  };
}

/** Reads the file; only a file that cannot be read as a whole throws (INVALID_IMPORT_FILE). */
export function parseOrgUnitImport(format: OrgUnitImportFormat, content: string): OrgUnitImportRow[] {
  return format === 'csv' ? parseCsvRows(content) : parseJsonRows(content);
}

function parseCsvRows(content: string): OrgUnitImportRow[] {
  return (readAliasedCsv(content, COLUMNS, 'content') ?? []).map(({ line, values }) => toRow(line, values));
}

function parseJsonRows(content: string): OrgUnitImportRow[] {
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch (error) {
    throw fileError(
      `The JSON file cannot be read: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const list = Array.isArray(data) ? data : (data as { units?: unknown } | null)?.units;
  if (!Array.isArray(list))
    throw fileError('The JSON file must be an array of units, or an object with a "units" array.');
  return list.map((item, index) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return toRow(index + 1, {});
    const values: Partial<Record<Field, unknown>> = {};
    for (const [key, value] of Object.entries(item)) {
      const field = aliasedColumn(COLUMNS, key);
      if (field && (typeof value === 'string' || typeof value === 'number')) values[field] = value;
    }
    return toRow(index + 1, values);
  });
}
