import { z } from 'zod';
import { CONCLUSION_TYPES, MAX_PROCEDURE_TERM_DAYS, TERM_KINDS } from './procedure-fields';

/**
 * The procedure-model language (DESIGN §5): the iter of a procedure as a versioned JSON
 * document that one generic workflow interprets. A document is checked in two passes: this
 * schema (shape: every step well typed) and the static validator (graph and references:
 * reachable steps, a path to an end, known concepts, a payable service). A case runs the
 * snapshot of a published version, so nothing here may ever be read from anywhere but the
 * document itself.
 */
export const PROCEDURE_MODEL_SCHEMA_VERSION = 1;

/** Step ids are short, stable names a modeller reads in the timeline (`pubblicazioni`, `verifica`). */
export const stepIdSchema = z
  .string()
  .regex(/^[a-z][a-zA-Z0-9-]{0,62}$/, 'A step id starts with a lower-case letter: letters, digits, "-".');
export type StepId = z.infer<typeof stepIdSchema>;

/** Form field keys name the case data they fill, e.g. `spouse1.fiscalCode`. */
export const fieldKeySchema = z
  .string()
  .regex(
    /^[a-z][a-zA-Z0-9]*(\.[a-z][a-zA-Z0-9]*)*$/,
    'A field key is dotted camelCase, e.g. spouse1.fiscalCode.',
  );

export const localisedTextSchema = z.object({
  it: z.string().trim().min(1),
  en: z.string().trim().min(1).optional(),
});
export type LocalisedModelText = z.infer<typeof localisedTextSchema>;

const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** A test on the case data, used by `decision` steps and conditional form fields. */
export type CaseCondition =
  | { field: string; equals: string | number | boolean }
  | { field: string; in: (string | number | boolean)[] }
  | { field: string; present: boolean }
  | { all: CaseCondition[] }
  | { any: CaseCondition[] }
  | { not: CaseCondition };

export const caseConditionSchema: z.ZodType<CaseCondition> = z.lazy(() =>
  z.union([
    z.strictObject({ field: fieldKeySchema, equals: scalar }),
    z.strictObject({ field: fieldKeySchema, in: z.array(scalar).min(1) }),
    z.strictObject({ field: fieldKeySchema, present: z.boolean() }),
    z.strictObject({ all: z.array(caseConditionSchema).min(1) }),
    z.strictObject({ any: z.array(caseConditionSchema).min(1) }),
    z.strictObject({ not: caseConditionSchema }),
  ]),
);

/**
 * A duration in whole units. Legal waits are in days; the smaller units exist so a test
 * version of a model can run the same iter in seconds.
 */
export const modelDurationSchema = z
  .strictObject({
    days: z.number().int().min(0).optional(),
    hours: z.number().int().min(0).optional(),
    minutes: z.number().int().min(0).optional(),
    seconds: z.number().int().min(0).optional(),
  })
  .refine((d) => (d.days ?? 0) + (d.hours ?? 0) + (d.minutes ?? 0) + (d.seconds ?? 0) > 0, {
    message: 'A duration must be longer than zero.',
  });
export type ModelDuration = z.infer<typeof modelDurationSchema>;

export const formFieldSchema = z.strictObject({
  key: fieldKeySchema,
  /** The Business Catalog concept code that types and validates the value (e.g. `person.fiscalCode`). */
  concept: z.string().trim().min(1),
  /** Shown instead of the concept's label, e.g. "Codice fiscale del primo sposo". */
  label: localisedTextSchema.optional(),
  required: z.boolean().default(true),
  /** The field is asked (and, if required, required) only when this holds on the data so far. */
  when: caseConditionSchema.optional(),
});
export type FormField = z.infer<typeof formFieldSchema>;

const stepBase = {
  id: stepIdSchema,
  title: localisedTextSchema,
};

export const formStepSchema = z.strictObject({
  ...stepBase,
  type: z.literal('form'),
  fields: z.array(formFieldSchema).min(1),
  next: stepIdSchema,
});

/**
 * A slot of a bookable resource of the ente (e.g. the wedding hall). `window` limits the dates
 * offered and accepted to [anchor + fromDays, anchor + toDays], the anchor being the day an
 * earlier step ended (for the marriage: the last day of the pubblicazioni). Past `toDays`
 * without a booking the case follows `onLapse`.
 */
export const bookingStepSchema = z.strictObject({
  ...stepBase,
  type: z.literal('booking'),
  resource: z.string().trim().min(1),
  window: z
    .strictObject({
      after: stepIdSchema,
      fromDays: z.number().int().min(0),
      toDays: z.number().int().min(1),
    })
    .refine((w) => w.toDays >= w.fromDays, { message: 'toDays must not be before fromDays.' })
    .optional(),
  /** How long a slot is held for the citizen before a payment step confirms it. */
  hold: modelDurationSchema,
  next: stepIdSchema,
  onLapse: stepIdSchema.optional(),
});

/**
 * Issues the service's fee as a pagoPA notice and waits for the receipt (a child payment
 * workflow). The amount and taxonomy come from the service the case was started on.
 */
export const paymentStepSchema = z.strictObject({
  ...stepBase,
  type: z.literal('payment'),
  /** Which of the service's fees (0 = the first). */
  feeIndex: z.number().int().min(0).default(0),
  dueInDays: z.number().int().min(1).max(365),
  /** A booking step whose hold this payment confirms (released if the notice expires). */
  confirmsBooking: stepIdSchema.optional(),
  /**
   * The message with the payment data, sent as soon as the notice is issued and before the
   * receipt is awaited (on App IO it carries payment_data, so the citizen can pay from the app).
   */
  message: z.strictObject({ subject: localisedTextSchema, markdown: localisedTextSchema }).optional(),
  next: stepIdSchema,
  /** Where the case goes when the notice expires unpaid. */
  onExpired: stepIdSchema,
});

export const STAFF_ROLES_FOR_TASKS = ['operator', 'manager', 'modeller'] as const;

/**
 * Work for the office: assigned to an org unit (by code) and/or a role. Besides approving or
 * rejecting, staff may ask the citizen for missing information (the art. 2 c.7 suspension, once)
 * and must send a preavviso di rigetto (art. 10-bis) before a rejection of an istanza.
 */
export const staffTaskStepSchema = z.strictObject({
  ...stepBase,
  type: z.literal('staffTask'),
  assignee: z
    .strictObject({
      unit: z.string().trim().min(1).optional(),
      role: z.enum(STAFF_ROLES_FOR_TASKS).optional(),
    })
    .refine((a) => a.unit !== undefined || a.role !== undefined, {
      message: 'A task is assigned to an org unit, a role, or both.',
    }),
  outcomes: z.strictObject({ approve: stepIdSchema, reject: stepIdSchema }),
  allowIntegration: z.boolean().default(true),
});

/** A message to the citizen (App IO, e-mail fallback); `payment` attaches that step's notice. */
export const notifyStepSchema = z.strictObject({
  ...stepBase,
  type: z.literal('notify'),
  message: z.strictObject({
    subject: localisedTextSchema,
    markdown: localisedTextSchema,
  }),
  payment: stepIdSchema.optional(),
  next: stepIdSchema,
});

export const waitStepSchema = z.strictObject({
  ...stepBase,
  type: z.literal('wait'),
  duration: modelDurationSchema,
  next: stepIdSchema,
});

export const decisionStepSchema = z.strictObject({
  ...stepBase,
  type: z.literal('decision'),
  branches: z.array(z.strictObject({ when: caseConditionSchema, next: stepIdSchema })).min(1),
  otherwise: stepIdSchema,
});

export const END_CONCLUSIONS = ['accepted', 'rejected', 'expired'] as const;
export type EndConclusion = (typeof END_CONCLUSIONS)[number];

export const endStepSchema = z.strictObject({
  ...stepBase,
  type: z.literal('end'),
  conclusion: z.enum(END_CONCLUSIONS),
});

export const procedureStepSchema = z.discriminatedUnion('type', [
  formStepSchema,
  bookingStepSchema,
  paymentStepSchema,
  staffTaskStepSchema,
  notifyStepSchema,
  waitStepSchema,
  decisionStepSchema,
  endStepSchema,
]);

export const procedureModelSchema = z.strictObject({
  schemaVersion: z.literal(PROCEDURE_MODEL_SCHEMA_VERSION),
  procedureCode: z.string().trim().min(1),
  title: localisedTextSchema,
  /** The statutory term, counted from receipt of the application (L. 241/1990 art. 2). */
  term: z.strictObject({
    days: z.number().int().min(1).max(MAX_PROCEDURE_TERM_DAYS),
    kind: z.enum(TERM_KINDS).default('calendarDays'),
    onSilence: z.enum(CONCLUSION_TYPES),
    /**
     * The step whose completion is the office's concluding act, which closes the clock (for the
     * marriage: the staff task that checks the request and posts the pubblicazioni; what follows
     * is the citizens' wedding, not the office's term). Absent: reaching an end step closes it.
     */
    closedBy: stepIdSchema.optional(),
  }),
  start: stepIdSchema,
  steps: z.array(procedureStepSchema).min(1),
});

export type ProcedureModel = z.infer<typeof procedureModelSchema>;
/** What a modeller writes: defaults (required fields, fee index, term kind) may be left out. */
export type ProcedureModelInput = z.input<typeof procedureModelSchema>;
export type ProcedureStep = z.infer<typeof procedureStepSchema>;
export type ProcedureStepType = ProcedureStep['type'];
export type FormStep = z.infer<typeof formStepSchema>;
export type BookingStep = z.infer<typeof bookingStepSchema>;
export type PaymentStep = z.infer<typeof paymentStepSchema>;
export type StaffTaskStep = z.infer<typeof staffTaskStepSchema>;
export type NotifyStep = z.infer<typeof notifyStepSchema>;
export type WaitStep = z.infer<typeof waitStepSchema>;
export type DecisionStep = z.infer<typeof decisionStepSchema>;
export type EndStep = z.infer<typeof endStepSchema>;
export type StepOfType<T extends ProcedureStepType> = Extract<ProcedureStep, { type: T }>;

/** The steps a step may lead to, in the order a reader expects them. */
export function successorsOf(step: ProcedureStep): StepId[] {
  switch (step.type) {
    case 'form':
    case 'notify':
    case 'wait':
      return [step.next];
    case 'booking':
      return step.onLapse ? [step.next, step.onLapse] : [step.next];
    case 'payment':
      return [step.next, step.onExpired];
    case 'staffTask':
      return [step.outcomes.approve, step.outcomes.reject];
    case 'decision':
      return [...step.branches.map((branch) => branch.next), step.otherwise];
    case 'end':
      return [];
  }
}

/** Milliseconds of a model duration (a day is 24 hours: waits that must end on a civil day use dates). */
export function durationMs(duration: ModelDuration): number {
  return (
    ((((duration.days ?? 0) * 24 + (duration.hours ?? 0)) * 60 + (duration.minutes ?? 0)) * 60 +
      (duration.seconds ?? 0)) *
    1000
  );
}
