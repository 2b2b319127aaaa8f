import * as domain from '@sus/domain';
import { DomainError, domainErrorField, isDomainError } from '@sus/domain';

describe('@sus/domain public API', () => {
  it.each([
    'DomainError',
    'parseFiscalCode',
    'isValidFiscalCode',
    'isValidOrgFiscalCode',
    'isValidIban',
    'buildNoticeNumber',
    'parseNoticeNumber',
    'formatNoticeNumber',
    'pagoPaQrPayload',
    'parseTaxonomyCode',
    'Money',
    'assertPayableAmount',
    'paymentTransition',
    'PAYMENT_TRANSITIONS',
    'reconciliationTransition',
    'caseTransition',
    'CASE_TRANSITIONS',
    'addBusinessDays',
    'businessDaysBetween',
    'termDeadline',
    'appendClockEvent',
    'clockState',
    'nextClockTransition',
    'substituteTermDays',
    'civilDateInRome',
    'cycleIfMoved',
    'unitsOnCycles',
    'orgUnitFieldProblems',
    'planOrgUnitImport',
    'effectiveProcedure',
    'checkProcedureFields',
    'PROCEDURE_FIELDS',
    'canCancelPayment',
    'CANCELLABLE_PAYMENT_STATUSES',
    'validateProcedureModel',
    'parseProcedureModel',
    'procedureModelJsonSchema',
    'evaluateCondition',
    'conditionFields',
    'checkConceptValue',
    'checkFormSubmission',
    'parseFormSubmission',
    'MARRIAGE_MODEL',
    'MARRIAGE_CONCEPTS',
    'ProcedureGraph',
    'successorReferences',
  ])('exports %s', (name) => {
    expect(domain).toHaveProperty(name);
  });
});

describe('DomainError', () => {
  it('is an Error with a stable code, a message and optional details', () => {
    const error = new DomainError('INVALID_AMOUNT', 'A payable amount must be at least 1 cent.', {
      cents: 0,
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('DomainError');
    expect(error.code).toBe('INVALID_AMOUNT');
    expect(error.message).toMatch(/at least 1 cent/);
    expect(error.details).toEqual({ cents: 0 });
    expect(new DomainError('INVALID_DATE', 'x').details).toBeUndefined();
  });

  it('is recognised by isDomainError, optionally by code', () => {
    const error = new DomainError('INVALID_IBAN', 'x');
    expect(isDomainError(error)).toBe(true);
    expect(isDomainError(error, 'INVALID_IBAN')).toBe(true);
    expect(isDomainError(error, 'INVALID_AMOUNT')).toBe(false);
    expect(isDomainError(new Error('x'))).toBe(false);
  });

  it('names the input field when the rule that threw knows it (details.field)', () => {
    expect(domainErrorField(new DomainError('BAD_USER_INPUT', 'x', { field: 'termDays' }))).toBe('termDays');
    expect(domainErrorField(new DomainError('INVALID_DATE', 'x'))).toBeUndefined();
    expect(domainErrorField(new DomainError('INVALID_DATE', 'x', { field: 3 }))).toBeUndefined();
  });
});
