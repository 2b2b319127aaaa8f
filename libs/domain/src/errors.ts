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
  | 'ILLEGAL_TRANSITION'
  // The statutory clock of a case (cases/statutory-clock.ts): an event the law does not allow.
  | 'INVALID_CLOCK_EVENT'
  | 'CLOCK_NOT_STARTED'
  | 'CLOCK_ALREADY_STARTED'
  | 'CLOCK_EVENT_OUT_OF_ORDER'
  | 'CLOCK_CLOSED'
  | 'CLOCK_SUSPENDED'
  | 'CLOCK_NOT_SUSPENDED'
  | 'CLOCK_C7_ALREADY_USED'
  | 'CLOCK_TERM_EXPIRED'
  | 'CLOCK_TRANSITION_NOT_DUE'
  | 'CLOCK_ESCALATION_NOT_ALLOWED'
  | 'CLOCK_OBSERVATIONS_PENDING'
  // An input field breaks a rule that has no more specific code (the GraphQL convention).
  | 'BAD_USER_INPUT'
  // Organisational units (tree and HR import).
  | 'ORG_UNIT_CYCLE'
  | 'UNKNOWN_PARENT'
  | 'DUPLICATE_CODE'
  | 'DUPLICATE_EXTERNAL_ID'
  // Procedure models and the forms they define (details.problems lists every problem).
  | 'INVALID_PROCEDURE_MODEL'
  | 'INVALID_FORM_SUBMISSION'
  // App IO messages: content outside IO's limits, a template variable the request does not supply.
  | 'INVALID_MESSAGE_LENGTH'
  | 'MISSING_TEMPLATE_VARIABLE'
  // Identity-card expiry reminders: thresholds and the lines of a population-register extract.
  | 'INVALID_REMINDER_THRESHOLDS'
  | 'INVALID_DOCUMENT_NUMBER'
  | 'INVALID_EMAIL'
  | 'DUPLICATE_DOCUMENT';

/**
 * One thing wrong with one input field. Validators that check a whole record return every
 * problem (an import reports them all, line by line) instead of throwing on the first; `field`
 * names the input field to fix.
 */
export interface FieldProblem {
  field: string;
  code: DomainErrorCode;
  message: string;
}

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

/**
 * The input field a DomainError is about, when the rule that threw knows it: record validators
 * name it in `details.field`; value-object parsers do not know where their input came from.
 */
export function domainErrorField(error: DomainError): string | undefined {
  const field = error.details?.field;
  return typeof field === 'string' ? field : undefined;
}

export function isDomainError(error: unknown, code?: DomainErrorCode): error is DomainError {
  return error instanceof DomainError && (code === undefined || error.code === code);
}
