import type { CaseRefusalCode } from '@sus/contracts';
import { DomainError, domainErrorField, type DomainErrorCode } from '@sus/domain';
import { SusError } from '@sus/platform';

/**
 * Stable codes of catalog rules, on top of the domain's codes (value objects, BAD_USER_INPUT and
 * the org-unit tree and import rules: DUPLICATE_CODE, DUPLICATE_EXTERNAL_ID, ORG_UNIT_CYCLE,
 * UNKNOWN_PARENT). Clients switch on them (GraphQL `extensions.code`, import reports), so
 * renaming one is a breaking change.
 */
export type CatalogErrorCode =
  | DomainErrorCode
  | 'NOT_FOUND'
  | 'INVALID_IPA_CODE'
  | 'INVALID_PAGOPA_CODE'
  | 'INVALID_CBILL_CODE'
  | 'INVALID_DEFAULT_IBAN'
  | 'INVALID_REGION'
  | 'INVALID_CURSOR'
  | 'INVALID_IMPORT_FILE'
  | 'ENTE_NOT_ON_PAGOPA'
  | 'INVALID_DUE_DATE'
  | 'PAYMENT_NOT_CANCELLABLE'
  | 'INSTALMENTS_DO_NOT_ADD_UP'
  // Bulk issuance: a rejected file has nothing to issue; a job not yet started has nothing to export.
  | 'BULK_JOB_REJECTED'
  | 'BULK_JOB_NOT_ISSUED'
  | 'VOLUNTARY_NOT_ALLOWED'
  | 'CHECKOUT_UNAVAILABLE'
  | 'TEMPLATE_FIELD_LOCKED'
  | 'CONCEPT_IN_USE'
  | 'CONCEPT_NOT_DRAFT'
  | 'INVALID_PROCEDURE_MODEL'
  // The process modeller: a draft saved meanwhile by someone else, or already published or discarded.
  | 'DRAFT_REVISION_CONFLICT'
  | 'DRAFT_NOT_OPEN'
  // Simulations: the ente's simulations are all busy, or the run on the worker failed.
  | 'SIMULATION_LIMIT'
  | 'SIMULATION_FAILED'
  | 'INVALID_CASE_PROJECTION'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'TASK_ALREADY_CLAIMED'
  | 'TASK_NOT_OPEN'
  // Bookings: the slot is someone else's, not in the resource's calendar, or no longer the holder's.
  | 'SLOT_TAKEN'
  | 'SLOT_NOT_OFFERED'
  | 'BOOKING_NOT_HELD'
  | 'BOOKING_CONFIRMED'
  // Cases: a service offered at the counter only, a procedure without a published model, and the
  // reasons the case's workflow refuses an Update.
  | 'SERVICE_NOT_ONLINE'
  | 'PROCEDURE_NOT_MODELLED'
  | 'CASE_UNAVAILABLE'
  | 'INVALID_SETTLEMENT_FLOW'
  | 'SETTLEMENT_FLOW_NOT_FOR_ENTE'
  | 'INVALID_CASH_JOURNAL'
  | CaseRefusalCode;

/** A rule broken by a caller's input; `field` names the input field to fix (dotted path). */
export class CatalogError extends SusError<CatalogErrorCode> {
  override readonly name = 'CatalogError';

  constructor(
    code: CatalogErrorCode,
    message: string,
    field?: string,
    /** Plain data a client can show beside the message, e.g. every schema issue of a document. */
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(code, message, field);
  }
}

/**
 * Runs a domain parser for one input field, so a DomainError reaches the client with the
 * field it is about (domain value objects do not know where their input came from).
 */
export function parseField<T>(field: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof DomainError) throw new CatalogError(error.code, error.message, field);
    throw error;
  }
}

/**
 * Runs a domain validator over a whole input record, so a DomainError reaches the client with
 * the field the validator names (`details.field`).
 */
export function checkRecord<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof DomainError)
      throw new CatalogError(error.code, error.message, domainErrorField(error));
    throw error;
  }
}
