import type { CaseCondition } from './procedure-model';

/** One value of the case data: what a form field holds once checked and normalised. */
export type CaseValue = string | number | boolean | null;

/** The data a case has collected so far, by field key (e.g. `spouse1.fiscalCode`). */
export type CaseData = Readonly<Record<string, CaseValue>>;

/**
 * A field is present when the data holds a non-null value for it. Own properties only: a field
 * key such as `constructor` is a legal key and must not find Object.prototype.
 */
export function isFieldPresent(data: CaseData, field: string): boolean {
  return (
    Object.prototype.hasOwnProperty.call(data, field) && data[field] !== null && data[field] !== undefined
  );
}

/** Whether `condition` holds on `data`; a comparison with an absent field never holds. */
export function evaluateCondition(condition: CaseCondition, data: CaseData): boolean {
  if ('all' in condition) return condition.all.every((part) => evaluateCondition(part, data));
  if ('any' in condition) return condition.any.some((part) => evaluateCondition(part, data));
  if ('not' in condition) return !evaluateCondition(condition.not, data);
  const present = isFieldPresent(data, condition.field);
  if ('present' in condition) return present === condition.present;
  if (!present) return false;
  const value = data[condition.field];
  if ('equals' in condition) return value === condition.equals;
  return condition.in.some((candidate) => candidate === value);
}

/** Every field key a condition reads, in the order written (the validator checks each is defined). */
export function conditionFields(condition: CaseCondition): string[] {
  if ('all' in condition) return condition.all.flatMap(conditionFields);
  if ('any' in condition) return condition.any.flatMap(conditionFields);
  if ('not' in condition) return conditionFields(condition.not);
  return [condition.field];
}
