import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isValidTaxonomyCode } from '@sus/domain';
import { CatalogError } from '../catalog-error';
import { projectRoot } from '@sus/platform';

/** The official pagoPA taxonomy shipped with the repo (pagopa/pagopa-api taxonomy/tassonomia.json). */
export const TAXONOMY_FILE = 'libs/catalog/data/pagopa-taxonomy-v33.json';

export interface TaxonomyEntry {
  code: string;
  version: string;
  enteTypeName: string;
  macroAreaName: string;
  serviceTypeName: string;
  legalReason: string;
  /** YYYY-MM-DD, inclusive. */
  validFrom: string;
  /** YYYY-MM-DD, exclusive (the first day the code is no longer valid). */
  validTo: string;
}

type OfficialRow = Record<string, string>;

const isoDate = (ddmmyyyy: string) => {
  const [day, month, year] = ddmmyyyy.split('/');
  return `${year}-${month}-${day}`;
};

let loaded: Map<string, TaxonomyEntry> | undefined;

/** Read once per process: the file changes only with a new release of the repo. */
export function pagopaTaxonomy(): ReadonlyMap<string, TaxonomyEntry> {
  if (!loaded) {
    const rows = JSON.parse(readFileSync(join(projectRoot(), TAXONOMY_FILE), 'utf8')) as OfficialRow[];
    loaded = new Map(
      rows.map((row) => {
        const entry: TaxonomyEntry = {
          code: row['DATI SPECIFICI DI INCASSO']!,
          version: row['VERSIONE TASSONOMIA']!,
          enteTypeName: row['TIPO ENTE CREDITORE']!,
          macroAreaName: row['NOME MACRO AREA']!,
          serviceTypeName: row['TIPO SERVIZIO']!,
          legalReason: row['Motivo Giuridico della riscossione']!,
          validFrom: isoDate(row['DATA INIZIO VALIDITA']!),
          validTo: isoDate(row['DATA FINE VALIDITA']!),
        };
        return [entry.code, entry];
      }),
    );
  }
  return loaded;
}

/**
 * The taxonomy entry for `input` valid on `today` (YYYY-MM-DD); INVALID_TAXONOMY_CODE naming
 * `field` when the code is malformed, not in the official list, or outside its validity.
 */
export function validTaxonomyEntry(input: string, field: string, today: string): TaxonomyEntry {
  const code = input.trim().toUpperCase();
  if (!isValidTaxonomyCode(code)) {
    throw new CatalogError(
      'INVALID_TAXONOMY_CODE',
      `"${input}" is not a pagoPA taxonomy code (e.g. 9/0104102TS/).`,
      field,
    );
  }
  const entry = pagopaTaxonomy().get(code);
  if (!entry) {
    throw new CatalogError(
      'INVALID_TAXONOMY_CODE',
      `${code} is not in the official pagoPA taxonomy (version 33).`,
      field,
    );
  }
  if (today < entry.validFrom || today >= entry.validTo) {
    throw new CatalogError(
      'INVALID_TAXONOMY_CODE',
      `${code} is valid from ${entry.validFrom} to ${entry.validTo} only.`,
      field,
    );
  }
  return entry;
}
