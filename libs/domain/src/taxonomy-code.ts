import { DomainError } from './errors';

/** Motivo giuridico della riscossione: IM imposta, TS tassa, SP servizi, SA sanzione, AP altro/patrimoniale. */
export type TaxonomyLegalReason = 'IM' | 'TS' | 'SP' | 'SA' | 'AP';

export const TAXONOMY_LEGAL_REASONS: readonly TaxonomyLegalReason[] = Object.freeze([
  'IM',
  'TS',
  'SP',
  'SA',
  'AP',
]);

export interface ParsedTaxonomyCode {
  /** Normalised code, e.g. '9/0104102TS/'. */
  readonly code: string;
  /** '9' historically; '6', '7', '8' are the newer digital-notice / request-to-pay variants. */
  readonly prefix: string;
  /** Codice tipo ente creditore, 2 digits ('01' = comuni). */
  readonly enteType: string;
  /** Progressivo macro area within the ente type, 2 digits. */
  readonly macroArea: string;
  /** Codice tipologia servizio, 3 digits. */
  readonly serviceType: string;
  readonly legalReason: TaxonomyLegalReason;
}

const taxonomyCodePattern = /^([6789])\/(\d{2})(\d{2})(\d{3})(IM|TS|SP|SA|AP)\/$/;

/**
 * Checks the syntax of a pagoPA collection-service taxonomy code (`9/0104102TS/`). Whether the
 * code exists in the current official taxonomy is a catalogue question, not answered here.
 */
export function parseTaxonomyCode(input: string): ParsedTaxonomyCode {
  const code = typeof input === 'string' ? input.trim().toUpperCase() : '';
  const match = taxonomyCodePattern.exec(code);
  if (match === null) {
    const reason = !/^[6789]\//.test(code)
      ? 'it must start with 9/ (or 6/, 7/, 8/)'
      : code.length !== 12 || !code.endsWith('/') || !/^\d{7}$/.test(code.slice(2, 9))
        ? 'expected <prefix>/<2-digit ente type><2-digit macro area><3-digit service type><motive>/ as in 9/0104102TS/'
        : `the legal motive "${code.slice(9, 11)}" must be one of ${TAXONOMY_LEGAL_REASONS.join(', ')}`;
    throw new DomainError('INVALID_TAXONOMY_CODE', `"${code}" is not a pagoPA taxonomy code: ${reason}.`, {
      input,
    });
  }
  const [, prefix = '', enteType = '', macroArea = '', serviceType = '', legalReason = ''] = match;
  return { code, prefix, enteType, macroArea, serviceType, legalReason: legalReason as TaxonomyLegalReason };
}

export function isValidTaxonomyCode(input: string): boolean {
  return taxonomyCodePattern.test(typeof input === 'string' ? input.trim().toUpperCase() : '');
}
