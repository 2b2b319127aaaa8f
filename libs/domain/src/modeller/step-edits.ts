import { DomainError } from '../errors';

/**
 * One edit of a draft's steps, as the modeller UI sends it beside the step it shows. Drafts may be
 * invalid while they are edited (a new step not yet linked, a field without concept), so edits work
 * on the raw document and leave judging it to the validator; they only need `steps` to be a list
 * of objects with ids. The order of `steps` is the order a reader sees; what runs follows `next`.
 */
export type StepEdit =
  /** Inserts `step` after the step `after` (first when null, last when absent). */
  | { kind: 'add'; step: unknown; after?: string | null }
  /** Puts `step` in place of the step `stepId` (its id may change: references are not rewritten). */
  | { kind: 'replace'; stepId: string; step: unknown }
  | { kind: 'remove'; stepId: string }
  /** Moves the step `stepId` after the step `after` (first when null). */
  | { kind: 'move'; stepId: string; after: string | null };

type Steps = Record<string, unknown>[];

function stepsOf(document: unknown): { document: Record<string, unknown>; steps: Steps } {
  if (document === null || typeof document !== 'object' || Array.isArray(document))
    throw new DomainError('BAD_USER_INPUT', 'The draft is not a JSON object: replace it as a whole first.', {
      field: 'document',
    });
  const record = document as Record<string, unknown>;
  const steps = record.steps ?? [];
  if (!Array.isArray(steps) || steps.some((step) => step === null || typeof step !== 'object'))
    throw new DomainError('BAD_USER_INPUT', 'The draft\'s "steps" is not a list of steps.', {
      field: 'document.steps',
    });
  return { document: record, steps: steps as Steps };
}

function indexOf(steps: Steps, stepId: string, field: string): number {
  const index = steps.findIndex((step) => step.id === stepId);
  if (index < 0) throw new DomainError('BAD_USER_INPUT', `The draft has no step "${stepId}".`, { field });
  return index;
}

function checkedStep(step: unknown, field: string): Record<string, unknown> {
  if (step === null || typeof step !== 'object' || Array.isArray(step))
    throw new DomainError('BAD_USER_INPUT', 'A step is a JSON object.', { field });
  const id = (step as Record<string, unknown>).id;
  if (typeof id !== 'string' || id.trim() === '')
    throw new DomainError('BAD_USER_INPUT', 'A step needs an id.', { field: `${field}.id` });
  return step as Record<string, unknown>;
}

/** The document with the edit applied; the input is left untouched. */
export function applyStepEdit(document: unknown, edit: StepEdit): Record<string, unknown> {
  const { document: record, steps: current } = stepsOf(structuredClone(document));
  const steps = [...current];
  const insertAt = (after: string | null | undefined, field: string) =>
    after === undefined ? steps.length : after === null ? 0 : indexOf(steps, after, field) + 1;
  switch (edit.kind) {
    case 'add': {
      const step = checkedStep(edit.step, 'edit.step');
      if (steps.some((other) => other.id === step.id))
        throw new DomainError('BAD_USER_INPUT', `The draft already has a step "${String(step.id)}".`, {
          field: 'edit.step.id',
        });
      steps.splice(insertAt(edit.after, 'edit.after'), 0, step);
      break;
    }
    case 'replace': {
      const index = indexOf(steps, edit.stepId, 'edit.stepId');
      const step = checkedStep(edit.step, 'edit.step');
      if (steps.some((other, at) => at !== index && other.id === step.id))
        throw new DomainError('BAD_USER_INPUT', `The draft already has a step "${String(step.id)}".`, {
          field: 'edit.step.id',
        });
      steps[index] = step;
      break;
    }
    case 'remove':
      steps.splice(indexOf(steps, edit.stepId, 'edit.stepId'), 1);
      break;
    case 'move': {
      const [step] = steps.splice(indexOf(steps, edit.stepId, 'edit.stepId'), 1);
      if (edit.after === edit.stepId)
        throw new DomainError('BAD_USER_INPUT', 'A step cannot move after itself.', { field: 'edit.after' });
      steps.splice(insertAt(edit.after, 'edit.after'), 0, step!);
      break;
    }
  }
  return { ...record, steps };
}
