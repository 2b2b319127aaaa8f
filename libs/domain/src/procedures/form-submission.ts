import type { ConceptDefinition } from '../concepts/concept-compatibility';
import { DomainError } from '../errors';
import { checkConceptValue, type ConceptValueProblemCode } from '../concepts/concept-value';
import { evaluateCondition, type CaseData, type CaseValue } from './case-condition';
import type { FormStep } from './procedure-model';

export type FormFieldProblemCode = ConceptValueProblemCode | 'REQUIRED' | 'UNKNOWN_FIELD' | 'UNKNOWN_CONCEPT';

export interface FormFieldProblem {
  /** The field key as the form submitted it. */
  field: string;
  code: FormFieldProblemCode;
  message: string;
  messageEn: string;
}

export type FormSubmissionCheck = { ok: true; data: CaseData } | { ok: false; problems: FormFieldProblem[] };

function isBlank(raw: unknown): boolean {
  return raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
}

/**
 * Checks a citizen's (or an operator's) submission of a form step and returns only this step's
 * fields, normalised; every problem is reported, not just the first. A field is asked only when
 * its `when` holds on the earlier case data with this submission's valid values on top; fields
 * are taken in the form's order and a field that is not asked is dropped before the next one is
 * judged, so a chain of conditions (b when a, c when b) behaves as the form shows it. A blank
 * optional field is left out of the data; keys the step does not define are refused.
 */
export function checkFormSubmission(
  step: FormStep,
  concepts: ReadonlyMap<string, ConceptDefinition>,
  submitted: Record<string, unknown>,
  previous: CaseData,
): FormSubmissionCheck {
  const problems: FormFieldProblem[] = [];
  const stepKeys = new Set(step.fields.map((field) => field.key));
  for (const key of Object.keys(submitted)) {
    if (!stepKeys.has(key)) {
      problems.push({
        field: key,
        code: 'UNKNOWN_FIELD',
        message: `Il modulo "${step.title.it}" non ha il campo "${key}".`,
        messageEn: `Form "${step.title.en ?? step.title.it}" has no field "${key}".`,
      });
    }
  }

  // First every submitted value on its own, so conditions can read the normalised values.
  const checked = new Map<string, ReturnType<typeof checkConceptValue>>();
  for (const field of step.fields) {
    const raw = Object.prototype.hasOwnProperty.call(submitted, field.key) ? submitted[field.key] : undefined;
    if (isBlank(raw)) continue;
    const definition = concepts.get(field.concept);
    if (definition === undefined) continue;
    checked.set(field.key, checkConceptValue(definition, raw, field.label));
  }

  // A resubmission (after a request for integration) replaces this step's earlier answers.
  const conditionData: Record<string, CaseValue> = {};
  for (const [key, value] of Object.entries(previous)) if (!stepKeys.has(key)) conditionData[key] = value;
  for (const [key, result] of checked) if (result.ok) conditionData[key] = result.value;

  const data: Record<string, CaseValue> = {};
  for (const field of step.fields) {
    if (field.when !== undefined && !evaluateCondition(field.when, conditionData)) {
      delete conditionData[field.key];
      continue;
    }
    const label = field.label?.it ?? field.key;
    const labelEn = field.label?.en ?? field.label?.it ?? field.key;
    const definition = concepts.get(field.concept);
    if (definition === undefined) {
      problems.push({
        field: field.key,
        code: 'UNKNOWN_CONCEPT',
        message: `${label}: il dato "${field.concept}" non è nel catalogo; il modello va corretto.`,
        messageEn: `${labelEn}: concept "${field.concept}" is not in the catalogue; the model must be fixed.`,
      });
      continue;
    }
    const result = checked.get(field.key);
    if (result === undefined) {
      if (field.required) {
        problems.push({
          field: field.key,
          code: 'REQUIRED',
          message: `${field.label?.it ?? definition.label.it}: campo obbligatorio.`,
          messageEn: `${field.label?.en ?? definition.label.en ?? definition.label.it}: this field is required.`,
        });
      }
      continue;
    }
    if (result.ok) data[field.key] = result.value;
    else
      problems.push({
        field: field.key,
        code: result.code,
        message: result.message,
        messageEn: result.messageEn,
      });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, data };
}

/** The checked data, or a DomainError INVALID_FORM_SUBMISSION carrying every problem in `details.problems`. */
export function parseFormSubmission(
  step: FormStep,
  concepts: ReadonlyMap<string, ConceptDefinition>,
  submitted: Record<string, unknown>,
  previous: CaseData,
): CaseData {
  const result = checkFormSubmission(step, concepts, submitted, previous);
  if (result.ok) return result.data;
  const first = result.problems[0]!;
  const more = result.problems.length > 1 ? ` (and ${result.problems.length - 1} more problems)` : '';
  throw new DomainError('INVALID_FORM_SUBMISSION', `${first.messageEn}${more}`, {
    stepId: step.id,
    problems: result.problems,
  });
}
