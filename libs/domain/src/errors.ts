/**
 * Stable machine-readable codes. Callers (GraphQL `extensions.code`, workflow non-retryable
 * failures, bulk-import line reports) switch on these, so renaming one is a breaking change.
 */
export type DomainErrorCode =
  | 'INVALID_FISCAL_CODE'
  | 'INVALID_ORG_FISCAL_CODE'
  | 'INVALID_IBAN'
  | 'INVALID_NOTICE_NUMBER'
  | 'INVALID_IUV'
  | 'INVALID_QR_PAYLOAD'
  | 'INVALID_TAXONOMY_CODE'
  | 'INVALID_AMOUNT'
  | 'INVALID_DATE'
  | 'INVALID_TERM'
  | 'INVALID_CALENDAR'
  | 'ILLEGAL_TRANSITION';

export type DomainErrorDetails = Readonly<Record<string, unknown>>;

/**
 * The only error type thrown by this library. It carries plain data only, so it survives
 * Temporal's failure conversion and JSON logging unchanged.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: DomainErrorDetails,
  ) {
    super(message);
  }
}

export function isDomainError(error: unknown, code?: DomainErrorCode): error is DomainError {
  return error instanceof DomainError && (code === undefined || error.code === code);
}
