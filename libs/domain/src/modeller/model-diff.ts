import type { FormField, ProcedureModel, ProcedureStep } from '../procedures/procedure-model';

/** One value that differs: `path` inside the step, field or term (e.g. `duration.days`). */
export interface ValueChange {
  path: string;
  /** The value before and after, as JSON (undefined when absent on that side). */
  from: unknown;
  to: unknown;
}

export interface StepSummary {
  stepId: string;
  type: ProcedureStep['type'];
  title: string;
}

export interface FieldChange {
  key: string;
  changes: ValueChange[];
}

export interface StepDiff extends StepSummary {
  /** Changes outside `fields` (next, duration, assignee, title…). */
  changes: ValueChange[];
  /** Form steps: fields by key. */
  fieldsAdded: string[];
  fieldsRemoved: string[];
  fieldsChanged: FieldChange[];
}

/** What changed from one version of a procedure model to another, as a modeller reads it. */
export interface ModelDiff {
  stepsAdded: StepSummary[];
  stepsRemoved: StepSummary[];
  stepsChanged: StepDiff[];
  /** The statutory term: days, kind, onSilence, closedBy. */
  term: ValueChange[];
  /** The model's own title and start step. */
  model: ValueChange[];
  /** True when nothing at all differs. */
  identical: boolean;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Leaf-wise differences of two JSON values; lists compare whole (their order is their meaning). */
export function valueChanges(from: unknown, to: unknown, prefix = ''): ValueChange[] {
  if (isRecord(from) && isRecord(to)) {
    const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])].sort();
    return keys.flatMap((key) => valueChanges(from[key], to[key], prefix ? `${prefix}.${key}` : key));
  }
  if (JSON.stringify(from) === JSON.stringify(to)) return [];
  return [{ path: prefix, from, to }];
}

const summary = (step: ProcedureStep): StepSummary => ({
  stepId: step.id,
  type: step.type,
  title: step.title.it,
});

function stepDiff(from: ProcedureStep, to: ProcedureStep): StepDiff | null {
  const { fields: fromFields, ...fromRest } = { fields: [] as FormField[], ...from };
  const { fields: toFields, ...toRest } = { fields: [] as FormField[], ...to };
  const changes = valueChanges(fromRest, toRest);
  const before = new Map(fromFields.map((field) => [field.key, field]));
  const after = new Map(toFields.map((field) => [field.key, field]));
  const fieldsAdded = [...after.keys()].filter((key) => !before.has(key));
  const fieldsRemoved = [...before.keys()].filter((key) => !after.has(key));
  const fieldsChanged = [...after.keys()]
    .filter((key) => before.has(key))
    .map((key) => ({ key, changes: valueChanges(before.get(key), after.get(key)) }))
    .filter((field) => field.changes.length > 0);
  const order = (fields: FormField[], keep: Map<string, FormField>) =>
    fields.filter((field) => keep.has(field.key)).map((field) => field.key);
  // Same fields, new order: the citizen sees a different form.
  const reordered = JSON.stringify(order(fromFields, after)) !== JSON.stringify(order(toFields, before));
  if (reordered)
    changes.push({ path: 'fields.order', from: order(fromFields, after), to: order(toFields, before) });
  if (changes.length + fieldsAdded.length + fieldsRemoved.length + fieldsChanged.length === 0) return null;
  return { ...summary(to), changes, fieldsAdded, fieldsRemoved, fieldsChanged };
}

/**
 * The differences between two models (both parsed, so defaults are filled in on both sides and a
 * default written out is no change). Steps are matched by id: a renamed step is one removed and
 * one added, which is also what running cases see.
 */
export function diffProcedureModels(from: ProcedureModel, to: ProcedureModel): ModelDiff {
  const before = new Map(from.steps.map((step) => [step.id, step]));
  const after = new Map(to.steps.map((step) => [step.id, step]));
  const stepsAdded = to.steps.filter((step) => !before.has(step.id)).map(summary);
  const stepsRemoved = from.steps.filter((step) => !after.has(step.id)).map(summary);
  const stepsChanged = to.steps
    .filter((step) => before.has(step.id))
    .map((step) => stepDiff(before.get(step.id)!, step))
    .filter((diff): diff is StepDiff => diff !== null);
  const term = valueChanges(from.term, to.term);
  const model = [
    ...valueChanges(from.title, to.title, 'title'),
    ...valueChanges(from.start, to.start, 'start'),
  ];
  return {
    stepsAdded,
    stepsRemoved,
    stepsChanged,
    term,
    model,
    identical:
      stepsAdded.length + stepsRemoved.length + stepsChanged.length + term.length + model.length === 0,
  };
}
