import type { ConceptDefinition, ConceptType, ConceptValidation } from '../concepts/concept-compatibility';
import { DomainError } from '../errors';
import {
  formStepSchema,
  type CaseCondition,
  type FormField,
  type FormStep,
} from '../procedures/procedure-model';

/** Italian and English side by side: the preview shows the form as each citizen will read it. */
export interface PreviewText {
  it: string;
  en: string;
}

/** The HTML control a form renders for a concept type. */
export type PreviewInput =
  'text' | 'textarea' | 'number' | 'money' | 'date' | 'checkbox' | 'select' | 'email' | 'tel';

export interface PreviewField {
  key: string;
  concept: string;
  type: ConceptType;
  input: PreviewInput;
  label: PreviewText;
  help: PreviewText | null;
  required: boolean;
  /** Personal data: the form says it is protected. */
  sensitive: boolean;
  /** Enum concepts: the values offered. */
  options: string[];
  validation: ConceptValidation;
  /** Asked only when this holds on the data given so far (null: always asked). */
  condition: CaseCondition | null;
  /** The condition in words, e.g. «Rito» è «civile». */
  conditionText: PreviewText | null;
}

export interface FormPreview {
  stepId: string;
  title: PreviewText;
  fields: PreviewField[];
}

const INPUTS: Record<ConceptType, PreviewInput> = {
  text: 'text',
  number: 'number',
  money: 'money',
  date: 'date',
  boolean: 'checkbox',
  enum: 'select',
  fiscalCode: 'text',
  email: 'email',
  phone: 'tel',
  address: 'textarea',
  document: 'text',
};

const both = (text: { it: string; en?: string | null }): PreviewText => ({
  it: text.it,
  en: text.en ?? text.it,
});

/** The condition in words; a field it reads is named by that field's label. */
function describe(
  condition: CaseCondition,
  labels: ReadonlyMap<string, PreviewText>,
  lang: 'it' | 'en',
): string {
  const name = (field: string) => `«${labels.get(field)?.[lang] ?? field}»`;
  const value = (v: unknown) => `«${String(v)}»`;
  const join = (parts: CaseCondition[], word: string) =>
    parts.map((part) => `(${describe(part, labels, lang)})`).join(` ${word} `);
  if ('all' in condition) return join(condition.all, lang === 'it' ? 'e' : 'and');
  if ('any' in condition) return join(condition.any, lang === 'it' ? 'o' : 'or');
  if ('not' in condition)
    return lang === 'it'
      ? `non (${describe(condition.not, labels, lang)})`
      : `not (${describe(condition.not, labels, lang)})`;
  if ('equals' in condition)
    return lang === 'it'
      ? `${name(condition.field)} è ${value(condition.equals)}`
      : `${name(condition.field)} is ${value(condition.equals)}`;
  if ('in' in condition)
    return lang === 'it'
      ? `${name(condition.field)} è uno di ${condition.in.map(value).join(', ')}`
      : `${name(condition.field)} is one of ${condition.in.map(value).join(', ')}`;
  return condition.present
    ? lang === 'it'
      ? `${name(condition.field)} è compilato`
      : `${name(condition.field)} is filled in`
    : lang === 'it'
      ? `${name(condition.field)} non è compilato`
      : `${name(condition.field)} is not filled in`;
}

/**
 * The form a citizen will see for the `form` step `stepId` of a (possibly draft) model: each field
 * typed, labelled and validated by its Business Catalog concept, the step's own label first. The
 * step must be well formed and its concepts known; the rest of the draft may still be unfinished.
 */
export function previewForm(
  document: unknown,
  stepId: string,
  concepts: ReadonlyMap<string, ConceptDefinition>,
): FormPreview {
  const steps = (document as { steps?: unknown } | null)?.steps;
  const raw = Array.isArray(steps)
    ? (steps as unknown[]).find((step) => (step as { id?: unknown } | null)?.id === stepId)
    : undefined;
  if (raw === undefined)
    throw new DomainError('BAD_USER_INPUT', `The draft has no step "${stepId}".`, { field: 'stepId' });
  const parsed = formStepSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DomainError(
      'INVALID_PROCEDURE_MODEL',
      `Step "${stepId}" is not a well-formed form step: ${issue.path.join('.') || 'step'}: ${issue.message}`,
      { field: 'stepId', stepId },
    );
  }
  const step: FormStep = parsed.data;
  const unknown = step.fields.filter((field) => !concepts.has(field.concept)).map((field) => field.concept);
  if (unknown.length > 0)
    throw new DomainError(
      'INVALID_PROCEDURE_MODEL',
      `Step "${stepId}" uses concepts not published in the Business Catalog: ${[...new Set(unknown)].join(', ')}.`,
      { field: 'stepId', stepId, concepts: unknown },
    );
  const labelOf = (field: FormField): PreviewText => both(field.label ?? concepts.get(field.concept)!.label);
  const labels = new Map(step.fields.map((field) => [field.key, labelOf(field)]));
  return {
    stepId: step.id,
    title: both(step.title),
    fields: step.fields.map((field) => {
      const concept = concepts.get(field.concept)!;
      return {
        key: field.key,
        concept: field.concept,
        type: concept.type,
        input: INPUTS[concept.type],
        label: labelOf(field),
        help: concept.help ? both(concept.help) : null,
        required: field.required,
        sensitive: concept.sensitive,
        options: [...concept.enumValues],
        validation: { ...concept.validation },
        condition: field.when ?? null,
        conditionText: field.when
          ? { it: describe(field.when, labels, 'it'), en: describe(field.when, labels, 'en') }
          : null,
      };
    }),
  };
}
