/**
 * Business Catalog data concepts (e.g. `spouse.fiscalCode`) and the rule that decides whether a
 * new version may replace one already used by a published process model. Compatible means:
 * every value the old version accepted, the new one still accepts, and data collected under it
 * keeps its protection. Labels and help text are free to change.
 */
export const CONCEPT_TYPES = [
  'text',
  'number',
  'money',
  'date',
  'boolean',
  'enum',
  'fiscalCode',
  'email',
  'phone',
  'address',
  'document',
] as const;
export type ConceptType = (typeof CONCEPT_TYPES)[number];

export interface ConceptValidation {
  minLength?: number | null;
  maxLength?: number | null;
  /** A regular expression the whole text must match. */
  pattern?: string | null;
  /** Bounds for number (units) and money (cents). */
  minValue?: number | null;
  maxValue?: number | null;
  /** YYYY-MM-DD bounds for date concepts. */
  minDate?: string | null;
  maxDate?: string | null;
}

export interface LocalisedText {
  it: string;
  en: string | null;
}

export interface ConceptDefinition {
  type: ConceptType;
  /** The allowed values of an enum concept; empty for other types. */
  enumValues: readonly string[];
  validation: ConceptValidation;
  /** Personal data (GDPR): stored and shown with care. */
  sensitive: boolean;
  label: LocalisedText;
  help: LocalisedText | null;
}

export interface IncompatibleChange {
  /** The definition field that changed, e.g. `type`, `enumValues`, `validation.maxLength`. */
  field: string;
  reason: string;
}

type Bound = 'lower' | 'upper';

// A lower bound may fall or vanish, an upper bound may rise or vanish; anything else narrows.
function narrows<T extends number | string>(
  before: T | null | undefined,
  after: T | null | undefined,
  kind: Bound,
): boolean {
  if (after == null) return false;
  if (before == null) return true;
  return kind === 'lower' ? after > before : after < before;
}

const BOUNDS: readonly [keyof ConceptValidation, Bound][] = [
  ['minLength', 'lower'],
  ['maxLength', 'upper'],
  ['minValue', 'lower'],
  ['maxValue', 'upper'],
  ['minDate', 'lower'],
  ['maxDate', 'upper'],
];

/**
 * The changes from `before` to `after` that could reject or expose data collected under
 * `before`; an empty list means the change is compatible and may be made in place.
 */
export function incompatibleChanges(
  before: ConceptDefinition,
  after: ConceptDefinition,
): IncompatibleChange[] {
  const changes: IncompatibleChange[] = [];
  if (before.type !== after.type) {
    changes.push({ field: 'type', reason: `The type changes from ${before.type} to ${after.type}.` });
    // Value rules of different types are not comparable.
    return changes;
  }
  const kept = new Set(after.enumValues);
  const dropped = before.enumValues.filter((value) => !kept.has(value));
  if (dropped.length > 0) {
    changes.push({ field: 'enumValues', reason: `Values ${dropped.join(', ')} would no longer be allowed.` });
  }
  for (const [key, kind] of BOUNDS) {
    const old = before.validation[key] as number | string | null | undefined;
    const next = after.validation[key] as number | string | null | undefined;
    if (narrows(old, next, kind)) {
      changes.push({
        field: `validation.${key}`,
        reason: `${key} goes from ${old ?? 'none'} to ${next}, which rejects values accepted before.`,
      });
    }
  }
  const oldPattern = before.validation.pattern ?? null;
  const newPattern = after.validation.pattern ?? null;
  // Whether one regular expression accepts a superset of another is not decidable cheaply;
  // only dropping the pattern is known to be safe.
  if (newPattern !== null && newPattern !== oldPattern) {
    changes.push({
      field: 'validation.pattern',
      reason: 'A new or different pattern may reject values accepted before.',
    });
  }
  if (before.sensitive && !after.sensitive) {
    changes.push({
      field: 'sensitive',
      reason: 'Data collected as personal data cannot stop being treated as such.',
    });
  }
  return changes;
}

export function isCompatibleChange(before: ConceptDefinition, after: ConceptDefinition): boolean {
  return incompatibleChanges(before, after).length === 0;
}
