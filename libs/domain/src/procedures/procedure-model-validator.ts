import type { z } from 'zod';
import type { ConceptDefinition } from '../concepts/concept-compatibility';
import { DomainError } from '../errors';
import { checkConceptValue } from '../concepts/concept-value';
import { conditionFields } from './case-condition';
import {
  durationMs,
  procedureModelSchema,
  stepIdSchema,
  type CaseCondition,
  type ProcedureModel,
  type ProcedureStep,
  type StepId,
} from './procedure-model';

/** What the model is checked against; a null or absent optional part skips its checks. */
export interface ModelValidationContext {
  /** The Business Catalog concepts by code, as the ente sees them. */
  concepts: ReadonlyMap<string, ConceptDefinition>;
  /** The service the model runs for (payment steps need its fee and taxonomy). */
  service?: {
    fees: readonly { amountCents: number; description: string }[];
    taxonomyCodes: readonly string[];
  } | null;
  /** Codes of the ente's bookable resources. */
  bookingResources?: ReadonlySet<string> | null;
  /** Codes of the ente's organisational units. */
  orgUnits?: ReadonlySet<string> | null;
}

/** Stable codes of what can be wrong with a model; the modeller UI switches on them. */
export type ModelProblemCode =
  | 'INVALID_SHAPE'
  | 'DUPLICATE_STEP_ID'
  | 'UNKNOWN_STEP'
  | 'UNREACHABLE_STEP'
  | 'NO_PATH_TO_END'
  | 'UNKNOWN_CONCEPT'
  | 'DUPLICATE_FIELD_KEY'
  | 'UNKNOWN_CONDITION_FIELD'
  | 'IMPOSSIBLE_CONDITION'
  | 'NO_SERVICE_FEE'
  | 'NO_TAXONOMY_CODE'
  | 'NOT_A_BOOKING_STEP'
  | 'NOT_A_PAYMENT_STEP'
  | 'NOT_ALWAYS_BEFORE'
  | 'UNKNOWN_BOOKING_RESOURCE'
  | 'UNKNOWN_ORG_UNIT'
  | 'TERM_SHORTER_THAN_WAITS';

export interface ModelProblem {
  /** Where in the document, e.g. `['steps', 3, 'next']`. */
  path: (string | number)[];
  /** The step the problem is about, when there is one. */
  stepId?: string;
  code: ModelProblemCode;
  /** Italian, for the modeller. */
  message: string;
  messageEn: string;
}

export type ModelValidation = { ok: true; model: ProcedureModel } | { ok: false; problems: ModelProblem[] };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Checks a procedure model in two passes and reports every problem found: first the shape (the
 * zod schema; a document of the wrong shape cannot be walked as a graph, so the second pass waits
 * for the first to succeed), then the graph and its references to the catalogue, the service and
 * the ente's resources. `ok` carries the model with its defaults filled in.
 */
export function validateProcedureModel(input: unknown, context: ModelValidationContext): ModelValidation {
  const parsed = procedureModelSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((issue) => shapeProblem(issue, input)) };
  }
  const problems = modelProblems(parsed.data, context);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, model: parsed.data };
}

/** The published model or a DomainError INVALID_PROCEDURE_MODEL carrying every problem in `details.problems`. */
export function parseProcedureModel(input: unknown, context: ModelValidationContext): ProcedureModel {
  const result = validateProcedureModel(input, context);
  if (result.ok) return result.model;
  const first = result.problems[0]!;
  const more = result.problems.length > 1 ? ` (and ${result.problems.length - 1} more problems)` : '';
  throw new DomainError('INVALID_PROCEDURE_MODEL', `${first.messageEn}${more}`, {
    problems: result.problems,
  });
}

// ---------------------------------------------------------------------------------------------
// Graph and references

/** The values a condition compares fields with (`equals`, `in`). */
function comparedValues(condition: CaseCondition): { field: string; value: string | number | boolean }[] {
  if ('all' in condition) return condition.all.flatMap(comparedValues);
  if ('any' in condition) return condition.any.flatMap(comparedValues);
  if ('not' in condition) return comparedValues(condition.not);
  if ('equals' in condition) return [{ field: condition.field, value: condition.equals }];
  if ('in' in condition) return condition.in.map((value) => ({ field: condition.field, value }));
  return [];
}

interface StepRef {
  path: (string | number)[];
  target: StepId;
}

/** successorsOf with where each successor is written, so a problem can point at it. */
function successorRefs(step: ProcedureStep): StepRef[] {
  switch (step.type) {
    case 'form':
    case 'notify':
    case 'wait':
      return [{ path: ['next'], target: step.next }];
    case 'booking':
      return [
        { path: ['next'], target: step.next },
        ...(step.onLapse !== undefined ? [{ path: ['onLapse'], target: step.onLapse }] : []),
      ];
    case 'payment':
      return [
        { path: ['next'], target: step.next },
        { path: ['onExpired'], target: step.onExpired },
      ];
    case 'staffTask':
      return [
        { path: ['outcomes', 'approve'], target: step.outcomes.approve },
        { path: ['outcomes', 'reject'], target: step.outcomes.reject },
      ];
    case 'decision':
      return [
        ...step.branches.map((branch, index) => ({ path: ['branches', index, 'next'], target: branch.next })),
        { path: ['otherwise'], target: step.otherwise },
      ];
    case 'end':
      return [];
  }
}

const STEP_TYPE_IT: Record<ProcedureStep['type'], string> = {
  form: 'un modulo',
  booking: 'una prenotazione',
  payment: 'un pagamento',
  staffTask: "un compito dell'ufficio",
  notify: 'un messaggio',
  wait: "un'attesa",
  decision: 'una decisione',
  end: 'una conclusione',
};

function modelProblems(model: ProcedureModel, context: ModelValidationContext): ModelProblem[] {
  const problems: ModelProblem[] = [];
  const add = (
    code: ModelProblemCode,
    path: (string | number)[],
    stepId: string | undefined,
    message: string,
    messageEn: string,
  ) =>
    problems.push(
      stepId === undefined ? { path, code, message, messageEn } : { path, stepId, code, message, messageEn },
    );

  // The first step with an id is the one the graph uses; later ones are reported and left out.
  const byId = new Map<StepId, { step: ProcedureStep; index: number }>();
  model.steps.forEach((step, index) => {
    if (byId.has(step.id)) {
      add(
        'DUPLICATE_STEP_ID',
        ['steps', index, 'id'],
        step.id,
        `Due passi si chiamano "${step.id}": ogni passo deve avere un identificativo diverso.`,
        `Two steps are called "${step.id}": every step needs its own id.`,
      );
    } else {
      byId.set(step.id, { step, index });
    }
  });
  const unique = [...byId.values()];

  if (!byId.has(model.start)) {
    add(
      'UNKNOWN_STEP',
      ['start'],
      undefined,
      `Il passo iniziale "${model.start}" non esiste.`,
      `The start step "${model.start}" does not exist.`,
    );
  }
  model.steps.forEach((step, index) => {
    for (const ref of successorRefs(step)) {
      if (!byId.has(ref.target)) {
        add(
          'UNKNOWN_STEP',
          ['steps', index, ...ref.path],
          step.id,
          `Il passo "${step.id}" prosegue verso "${ref.target}", che non esiste.`,
          `Step "${step.id}" leads to "${ref.target}", which does not exist.`,
        );
      }
    }
  });

  const next = new Map<StepId, StepId[]>();
  for (const { step } of unique)
    next.set(
      step.id,
      successorRefs(step)
        .map((ref) => ref.target)
        .filter((id) => byId.has(id)),
    );

  const reachableFrom = (origin: StepId, blocked?: StepId): Set<StepId> => {
    const seen = new Set<StepId>();
    if (!byId.has(origin) || origin === blocked) return seen;
    const queue = [origin];
    seen.add(origin);
    while (queue.length > 0) {
      for (const target of next.get(queue.shift()!) ?? []) {
        if (target !== blocked && !seen.has(target)) {
          seen.add(target);
          queue.push(target);
        }
      }
    }
    return seen;
  };
  const reachable = reachableFrom(model.start);

  const previous = new Map<StepId, StepId[]>();
  for (const [from, targets] of next)
    for (const to of targets) previous.set(to, [...(previous.get(to) ?? []), from]);
  const canEnd = new Set(unique.filter(({ step }) => step.type === 'end').map(({ step }) => step.id));
  const queue = [...canEnd];
  while (queue.length > 0) {
    for (const from of previous.get(queue.shift()!) ?? []) {
      if (!canEnd.has(from)) {
        canEnd.add(from);
        queue.push(from);
      }
    }
  }

  for (const { step, index } of unique) {
    if (byId.has(model.start) && !reachable.has(step.id)) {
      add(
        'UNREACHABLE_STEP',
        ['steps', index],
        step.id,
        `Il passo "${step.id}" non è raggiungibile dall'inizio.`,
        `Step "${step.id}" cannot be reached from the start.`,
      );
    } else if (reachable.has(step.id) && !canEnd.has(step.id)) {
      add(
        'NO_PATH_TO_END',
        ['steps', index],
        step.id,
        `Dal passo "${step.id}" non si arriva mai a una conclusione: la pratica resterebbe aperta per sempre.`,
        `From step "${step.id}" no end can be reached: the case would never conclude.`,
      );
    }
  }

  // Form fields: the data the conditions can read.
  const fieldOwner = new Map<string, StepId>();
  const fieldConcept = new Map<string, ConceptDefinition>();
  model.steps.forEach((step, index) => {
    if (step.type !== 'form') return;
    step.fields.forEach((field, fieldIndex) => {
      if (!context.concepts.has(field.concept)) {
        add(
          'UNKNOWN_CONCEPT',
          ['steps', index, 'fields', fieldIndex, 'concept'],
          step.id,
          `Il campo "${field.key}" del passo "${step.id}" usa il dato "${field.concept}", che non è nel catalogo.`,
          `Field "${field.key}" of step "${step.id}" uses concept "${field.concept}", which is not in the catalogue.`,
        );
      }
      const owner = fieldOwner.get(field.key);
      if (owner !== undefined) {
        const where = owner === step.id ? `nel passo "${step.id}"` : `nei passi "${owner}" e "${step.id}"`;
        const whereEn = owner === step.id ? `in step "${step.id}"` : `in steps "${owner}" and "${step.id}"`;
        add(
          'DUPLICATE_FIELD_KEY',
          ['steps', index, 'fields', fieldIndex, 'key'],
          step.id,
          `Il campo "${field.key}" compare due volte ${where}: ogni campo deve avere una chiave diversa.`,
          `Field "${field.key}" appears twice ${whereEn}: every field needs its own key.`,
        );
      } else {
        fieldOwner.set(field.key, step.id);
        const definition = context.concepts.get(field.concept);
        if (definition !== undefined) fieldConcept.set(field.key, definition);
      }
    });
  });
  const checkCondition = (condition: CaseCondition, path: (string | number)[], stepId: StepId) => {
    for (const field of new Set(conditionFields(condition))) {
      if (!fieldOwner.has(field)) {
        add(
          'UNKNOWN_CONDITION_FIELD',
          path,
          stepId,
          `Una condizione del passo "${stepId}" legge il campo "${field}", che nessun modulo chiede.`,
          `A condition of step "${stepId}" reads field "${field}", which no form asks for.`,
        );
      }
    }
    // Case data holds values as checkConceptValue normalised them: a value it would refuse or
    // change (a lower-case fiscal code, "civil" for "civile") can never be equal to one.
    for (const { field, value } of comparedValues(condition)) {
      const definition = fieldConcept.get(field);
      if (definition === undefined) continue;
      const checked = checkConceptValue(definition, value);
      if (!checked.ok || checked.value !== value) {
        const allowed =
          definition.type === 'enum' ? ` (valori ammessi: ${definition.enumValues.join(', ')})` : '';
        const allowedEn =
          definition.type === 'enum' ? ` (allowed values: ${definition.enumValues.join(', ')})` : '';
        add(
          'IMPOSSIBLE_CONDITION',
          path,
          stepId,
          `Una condizione del passo "${stepId}" confronta il campo "${field}" con ${JSON.stringify(value)}, un valore che il campo non può avere${allowed}.`,
          `A condition of step "${stepId}" compares field "${field}" with ${JSON.stringify(value)}, a value the field cannot hold${allowedEn}.`,
        );
      }
    }
  };

  /** Whether a case can reach `target` without having passed `anchor` (or `target` is `anchor`). */
  const notAlwaysBefore = (anchor: StepId, target: StepId): boolean =>
    reachable.has(target) && (anchor === target || reachableFrom(model.start, anchor).has(target));

  const refersTo = (
    stepIndex: number,
    step: ProcedureStep,
    path: (string | number)[],
    target: StepId,
    type: ProcedureStep['type'],
    wrongType: ModelProblemCode,
    role: { it: string; en: string },
  ): ProcedureStep | undefined => {
    const found = byId.get(target);
    if (found === undefined) {
      add(
        'UNKNOWN_STEP',
        ['steps', stepIndex, ...path],
        step.id,
        `Il passo "${step.id}" indica "${target}" come ${role.it}, ma quel passo non esiste.`,
        `Step "${step.id}" names "${target}" as its ${role.en}, but that step does not exist.`,
      );
      return undefined;
    }
    if (found.step.type !== type) {
      add(
        wrongType,
        ['steps', stepIndex, ...path],
        step.id,
        `Il passo "${step.id}" indica "${target}" come ${role.it}, ma "${target}" non è ${STEP_TYPE_IT[type]}.`,
        `Step "${step.id}" names "${target}" as its ${role.en}, but "${target}" is not a ${type} step.`,
      );
      return undefined;
    }
    // What the step uses (the hold, the notice) exists only if the referred step ran first.
    if (notAlwaysBefore(target, step.id)) {
      add(
        'NOT_ALWAYS_BEFORE',
        ['steps', stepIndex, ...path],
        step.id,
        `Il passo "${step.id}" indica "${target}" come ${role.it}, ma si può arrivare a "${step.id}" senza passare da "${target}".`,
        `Step "${step.id}" names "${target}" as its ${role.en}, but "${step.id}" can be reached without passing "${target}".`,
      );
    }
    return found.step;
  };

  model.steps.forEach((step, index) => {
    switch (step.type) {
      case 'form':
        step.fields.forEach((field, fieldIndex) => {
          if (field.when !== undefined)
            checkCondition(field.when, ['steps', index, 'fields', fieldIndex, 'when'], step.id);
        });
        break;
      case 'decision':
        step.branches.forEach((branch, branchIndex) =>
          checkCondition(branch.when, ['steps', index, 'branches', branchIndex, 'when'], step.id),
        );
        break;
      case 'payment': {
        const service = context.service;
        if (service != null) {
          if (service.fees[step.feeIndex] === undefined) {
            add(
              'NO_SERVICE_FEE',
              ['steps', index, 'feeIndex'],
              step.id,
              `Il passo "${step.id}" chiede la tariffa n. ${step.feeIndex + 1} del servizio, che ne ha ${service.fees.length}: aggiungere la tariffa nell'Anagrafe Servizi o correggere il passo.`,
              `Step "${step.id}" asks for fee no. ${step.feeIndex + 1} of the service, which has ${service.fees.length}: add the fee in the Anagrafe Servizi or fix the step.`,
            );
          }
          if (service.taxonomyCodes.length === 0) {
            add(
              'NO_TAXONOMY_CODE',
              ['steps', index],
              step.id,
              `Il passo "${step.id}" emette un avviso pagoPA, ma il servizio non ha un codice di tassonomia: aggiungerlo nell'Anagrafe Servizi.`,
              `Step "${step.id}" issues a pagoPA notice, but the service has no taxonomy code: add one in the Anagrafe Servizi.`,
            );
          }
        }
        if (step.confirmsBooking !== undefined) {
          refersTo(index, step, ['confirmsBooking'], step.confirmsBooking, 'booking', 'NOT_A_BOOKING_STEP', {
            it: 'prenotazione da confermare',
            en: 'booking to confirm',
          });
        }
        break;
      }
      case 'notify':
        if (step.payment !== undefined) {
          refersTo(index, step, ['payment'], step.payment, 'payment', 'NOT_A_PAYMENT_STEP', {
            it: 'pagamento da allegare',
            en: 'payment to attach',
          });
        }
        break;
      case 'booking': {
        const resources = context.bookingResources;
        if (resources != null && !resources.has(step.resource)) {
          add(
            'UNKNOWN_BOOKING_RESOURCE',
            ['steps', index, 'resource'],
            step.id,
            `Il passo "${step.id}" prenota la risorsa "${step.resource}", che l'ente non ha.`,
            `Step "${step.id}" books resource "${step.resource}", which the ente does not have.`,
          );
        }
        const after = step.window?.after;
        if (after !== undefined) {
          if (!byId.has(after)) {
            add(
              'UNKNOWN_STEP',
              ['steps', index, 'window', 'after'],
              step.id,
              `La finestra di prenotazione del passo "${step.id}" parte dal passo "${after}", che non esiste.`,
              `The booking window of step "${step.id}" starts from step "${after}", which does not exist.`,
            );
          } else if (notAlwaysBefore(after, step.id)) {
            // The anchor is the day `after` ended: it must have ended on every way into the booking.
            add(
              'NOT_ALWAYS_BEFORE',
              ['steps', index, 'window', 'after'],
              step.id,
              `La finestra di prenotazione del passo "${step.id}" parte dal passo "${after}", ma si può arrivare a "${step.id}" senza passare da "${after}".`,
              `The booking window of step "${step.id}" starts from step "${after}", but "${step.id}" can be reached without passing "${after}".`,
            );
          }
        }
        break;
      }
      case 'staffTask': {
        const units = context.orgUnits;
        const unit = step.assignee.unit;
        if (units != null && unit !== undefined && !units.has(unit)) {
          add(
            'UNKNOWN_ORG_UNIT',
            ['steps', index, 'assignee', 'unit'],
            step.id,
            `Il passo "${step.id}" è assegnato all'unità "${unit}", che l'ente non ha.`,
            `Step "${step.id}" is assigned to unit "${unit}", which the ente does not have.`,
          );
        }
        break;
      }
      case 'wait':
      case 'end':
        break;
    }
  });

  const closedBy = model.term.closedBy;
  if (closedBy !== undefined && !byId.has(closedBy)) {
    add(
      'UNKNOWN_STEP',
      ['term', 'closedBy'],
      undefined,
      `Il termine si chiude con il passo "${closedBy}", che non esiste.`,
      `The term is closed by step "${closedBy}", which does not exist.`,
    );
  } else {
    const targets =
      closedBy !== undefined
        ? [closedBy]
        : unique.filter(({ step }) => step.type === 'end').map(({ step }) => step.id);
    const waits = shortestWaitDays(model.start, targets, byId, next);
    if (waits !== undefined && waits >= model.term.days) {
      const until = closedBy !== undefined ? `al passo "${closedBy}"` : 'alla conclusione';
      const untilEn = closedBy !== undefined ? `step "${closedBy}"` : 'an end';
      add(
        'TERM_SHORTER_THAN_WAITS',
        ['term', 'days'],
        undefined,
        `Il termine di ${model.term.days} giorni non basta: le attese fisse fino ${until} durano già almeno ${waits} giorni.`,
        `The term of ${model.term.days} days is too short: the fixed waits before ${untilEn} already last at least ${waits} days.`,
      );
    }
  }
  return problems;
}

/** Whole days a wait step holds the case; other steps take no fixed time. */
function waitDays(step: ProcedureStep): number {
  return step.type === 'wait' ? Math.floor(durationMs(step.duration) / DAY_MS) : 0;
}

/**
 * The least sum of wait days over the paths from `start` to any of `targets`, the target's own
 * wait included (the term closes when it completes); undefined when none is reachable. Dijkstra
 * over step weights, with a linear scan: models have tens of steps.
 */
function shortestWaitDays(
  start: StepId,
  targets: StepId[],
  byId: ReadonlyMap<StepId, { step: ProcedureStep }>,
  next: ReadonlyMap<StepId, StepId[]>,
): number | undefined {
  const startStep = byId.get(start);
  if (startStep === undefined) return undefined;
  const distance = new Map<StepId, number>([[start, waitDays(startStep.step)]]);
  const done = new Set<StepId>();
  const wanted = new Set(targets);
  for (;;) {
    let current: StepId | undefined;
    for (const [id, days] of distance) {
      if (!done.has(id) && (current === undefined || days < distance.get(current)!)) current = id;
    }
    if (current === undefined) return undefined;
    const days = distance.get(current)!;
    if (wanted.has(current)) return days;
    done.add(current);
    for (const target of next.get(current) ?? []) {
      const through = days + waitDays(byId.get(target)!.step);
      if (!done.has(target) && through < (distance.get(target) ?? Infinity)) distance.set(target, through);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Shape problems: zod issues in words a modeller reads

const TYPE_IT: Record<string, [string, string]> = {
  string: ['un testo', 'a text'],
  number: ['un numero', 'a number'],
  int: ['un numero intero', 'a whole number'],
  boolean: ['vero o falso', 'true or false'],
  object: ['un oggetto', 'an object'],
  array: ['un elenco', 'a list'],
};

/** The schema's own (English) messages for its patterns and refinements, in Italian. */
const SCHEMA_MESSAGES_IT: Record<string, string> = {
  'A step id starts with a lower-case letter: letters, digits, "-".':
    'un identificativo di passo inizia con una lettera minuscola e contiene solo lettere, cifre e "-".',
  'A field key is dotted camelCase, e.g. spouse1.fiscalCode.':
    'una chiave di campo è in camelCase separato da punti, ad es. spouse1.fiscalCode.',
  'A duration must be longer than zero.': 'una durata deve essere maggiore di zero.',
  'toDays must not be before fromDays.': 'toDays non può essere minore di fromDays.',
  'A task is assigned to an org unit, a role, or both.':
    "un compito va assegnato a un'unità organizzativa, a un ruolo o a entrambi.",
};

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function shapeProblem(issue: z.core.$ZodIssue, input: unknown): ModelProblem {
  const path = issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key));
  let stepId: string | undefined;
  let where: string;
  let whereEn: string;
  if (path[0] === 'steps' && typeof path[1] === 'number') {
    const id = valueAt(input, ['steps', path[1], 'id']);
    stepId = typeof id === 'string' && stepIdSchema.safeParse(id).success ? id : undefined;
    const rest = path.slice(2).join('.');
    where = stepId !== undefined ? `Passo "${stepId}"` : `Passo n. ${path[1] + 1}`;
    whereEn = stepId !== undefined ? `Step "${stepId}"` : `Step no. ${path[1] + 1}`;
    if (rest !== '') {
      where += `, "${rest}"`;
      whereEn += `, "${rest}"`;
    }
  } else if (path.length > 0) {
    where = `"${path.join('.')}"`;
    whereEn = where;
  } else {
    where = 'Il modello';
    whereEn = 'The model';
  }

  let it: string;
  let en: string;
  switch (issue.code) {
    case 'invalid_type': {
      const [typeIt, typeEn] = TYPE_IT[issue.expected] ?? [issue.expected, issue.expected];
      if (valueAt(input, issue.path) === undefined) {
        it = 'manca.';
        en = 'is missing.';
      } else {
        it = `deve essere ${typeIt}.`;
        en = `must be ${typeEn}.`;
      }
      break;
    }
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const bound = String(small ? issue.minimum : issue.maximum);
      const [least, most] = small ? ['almeno', 'at least'] : ['al massimo', 'at most'];
      if (issue.origin === 'string') {
        it = `deve avere ${least} ${bound} caratteri.`;
        en = `must have ${most} ${bound} characters.`;
      } else if (issue.origin === 'array') {
        it = `deve avere ${least} ${bound} elementi.`;
        en = `must have ${most} ${bound} items.`;
      } else {
        it = `deve essere ${least} ${bound}.`;
        en = `must be ${most} ${bound}.`;
      }
      break;
    }
    case 'invalid_format':
      it = SCHEMA_MESSAGES_IT[issue.message] ?? 'formato non valido.';
      en = issue.message;
      break;
    case 'unrecognized_keys':
      it = `proprietà non prevista: ${issue.keys.join(', ')}.`;
      en = `unknown property: ${issue.keys.join(', ')}.`;
      break;
    case 'invalid_value': {
      const values = issue.values.map((value) => String(value)).join(', ');
      it = `deve essere uno di: ${values}.`;
      en = `must be one of: ${values}.`;
      break;
    }
    case 'invalid_union':
      if ('discriminator' in issue && issue.discriminator !== undefined) {
        const options = (issue as { options?: unknown[] }).options?.map(String).join(', ') ?? '';
        it = `tipo di passo sconosciuto; i tipi sono: ${options}.`;
        en = `unknown step type; the types are: ${options}.`;
      } else {
        it =
          'condizione non riconosciuta: si scrive {field, equals}, {field, in}, {field, present}, {all}, {any} o {not}.';
        en =
          'condition not recognised: write {field, equals}, {field, in}, {field, present}, {all}, {any} or {not}.';
      }
      break;
    case 'custom':
      it = SCHEMA_MESSAGES_IT[issue.message] ?? 'valore non ammesso.';
      en = issue.message;
      break;
    default:
      it = 'valore non ammesso.';
      en = issue.message;
  }
  const problem: ModelProblem = {
    path,
    code: 'INVALID_SHAPE',
    message: `${where}: ${it}`,
    messageEn: `${whereEn}: ${en}`,
  };
  return stepId === undefined ? problem : { ...problem, stepId };
}
