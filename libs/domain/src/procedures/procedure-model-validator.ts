import type { z } from 'zod';
import type { ConceptDefinition } from '../concepts/concept-compatibility';
import { checkConceptValue } from '../concepts/concept-value';
import { DomainError } from '../errors';
import { conditionFields } from './case-condition';
import { ProcedureGraph, successorReferences } from './procedure-graph';
import {
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
  const model = parsed.data;
  const graph = new ProcedureGraph(model);
  const problems = new Problems();
  stepProblems(model, graph, problems);
  const fields = fieldProblems(model, context, problems);
  conditionProblems(model, fields, problems);
  referenceProblems(model, graph, context, problems);
  termProblems(model, graph, problems);
  return problems.list.length > 0 ? { ok: false, problems: problems.list } : { ok: true, model };
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

class Problems {
  readonly list: ModelProblem[] = [];

  add(
    code: ModelProblemCode,
    path: (string | number)[],
    stepId: string | undefined,
    message: string,
    messageEn: string,
  ): void {
    this.list.push(
      stepId === undefined ? { path, code, message, messageEn } : { path, stepId, code, message, messageEn },
    );
  }
}

/** Ids, successors, reachability and a way out of every reachable step. */
function stepProblems(model: ProcedureModel, graph: ProcedureGraph, problems: Problems): void {
  model.steps.forEach((step, index) => {
    if (graph.steps.get(step.id)?.index !== index) {
      problems.add(
        'DUPLICATE_STEP_ID',
        ['steps', index, 'id'],
        step.id,
        `Due passi si chiamano "${step.id}": ogni passo deve avere un identificativo diverso.`,
        `Two steps are called "${step.id}": every step needs its own id.`,
      );
    }
  });
  if (!graph.has(model.start)) {
    problems.add(
      'UNKNOWN_STEP',
      ['start'],
      undefined,
      `Il passo iniziale "${model.start}" non esiste.`,
      `The start step "${model.start}" does not exist.`,
    );
  }
  model.steps.forEach((step, index) => {
    for (const reference of successorReferences(step)) {
      if (!graph.has(reference.target)) {
        problems.add(
          'UNKNOWN_STEP',
          ['steps', index, ...reference.path],
          step.id,
          `Il passo "${step.id}" prosegue verso "${reference.target}", che non esiste.`,
          `Step "${step.id}" leads to "${reference.target}", which does not exist.`,
        );
      }
    }
  });
  // Without a start nothing is reachable: the missing start is the one problem to report.
  if (!graph.has(model.start)) return;
  for (const { step, index } of graph.steps.values()) {
    if (!graph.reachable.has(step.id)) {
      problems.add(
        'UNREACHABLE_STEP',
        ['steps', index],
        step.id,
        `Il passo "${step.id}" non è raggiungibile dall'inizio.`,
        `Step "${step.id}" cannot be reached from the start.`,
      );
    } else if (!graph.reachesEnd.has(step.id)) {
      problems.add(
        'NO_PATH_TO_END',
        ['steps', index],
        step.id,
        `Dal passo "${step.id}" non si arriva mai a una conclusione: la pratica resterebbe aperta per sempre.`,
        `From step "${step.id}" no end can be reached: the case would never conclude.`,
      );
    }
  }
}

/** The fields the forms ask, by key: the first form step asking each and its concept, if known. */
type FormFields = ReadonlyMap<string, { stepId: StepId; concept: ConceptDefinition | undefined }>;

/** Concepts and keys of the form fields; returns the fields conditions may read. */
function fieldProblems(
  model: ProcedureModel,
  context: ModelValidationContext,
  problems: Problems,
): FormFields {
  const fields = new Map<string, { stepId: StepId; concept: ConceptDefinition | undefined }>();
  model.steps.forEach((step, index) => {
    if (step.type !== 'form') return;
    step.fields.forEach((field, fieldIndex) => {
      const concept = context.concepts.get(field.concept);
      if (concept === undefined) {
        problems.add(
          'UNKNOWN_CONCEPT',
          ['steps', index, 'fields', fieldIndex, 'concept'],
          step.id,
          `Il campo "${field.key}" del passo "${step.id}" usa il dato "${field.concept}", che non è nel catalogo.`,
          `Field "${field.key}" of step "${step.id}" uses concept "${field.concept}", which is not in the catalogue.`,
        );
      }
      const first = fields.get(field.key);
      if (first === undefined) {
        fields.set(field.key, { stepId: step.id, concept });
        return;
      }
      const where =
        first.stepId === step.id ? `nel passo "${step.id}"` : `nei passi "${first.stepId}" e "${step.id}"`;
      const whereEn =
        first.stepId === step.id ? `in step "${step.id}"` : `in steps "${first.stepId}" and "${step.id}"`;
      problems.add(
        'DUPLICATE_FIELD_KEY',
        ['steps', index, 'fields', fieldIndex, 'key'],
        step.id,
        `Il campo "${field.key}" compare due volte ${where}: ogni campo deve avere una chiave diversa.`,
        `Field "${field.key}" appears twice ${whereEn}: every field needs its own key.`,
      );
    });
  });
  return fields;
}

/** The values a condition compares fields with (`equals`, `in`). */
function comparedValues(condition: CaseCondition): { field: string; value: string | number | boolean }[] {
  if ('all' in condition) return condition.all.flatMap(comparedValues);
  if ('any' in condition) return condition.any.flatMap(comparedValues);
  if ('not' in condition) return comparedValues(condition.not);
  if ('equals' in condition) return [{ field: condition.field, value: condition.equals }];
  if ('in' in condition) return condition.in.map((value) => ({ field: condition.field, value }));
  return [];
}

/** Conditions of decisions and conditional fields read fields some form asks, with values they can hold. */
function conditionProblems(model: ProcedureModel, fields: FormFields, problems: Problems): void {
  const check = (condition: CaseCondition, path: (string | number)[], stepId: StepId) => {
    for (const field of new Set(conditionFields(condition))) {
      if (!fields.has(field)) {
        problems.add(
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
      const concept = fields.get(field)?.concept;
      if (concept === undefined) continue;
      const checked = checkConceptValue(concept, value);
      if (checked.ok && checked.value === value) continue;
      const enumValues = concept.type === 'enum' ? concept.enumValues.join(', ') : null;
      problems.add(
        'IMPOSSIBLE_CONDITION',
        path,
        stepId,
        `Una condizione del passo "${stepId}" confronta il campo "${field}" con ${JSON.stringify(value)}, un valore che il campo non può avere${enumValues !== null ? ` (valori ammessi: ${enumValues})` : ''}.`,
        `A condition of step "${stepId}" compares field "${field}" with ${JSON.stringify(value)}, a value the field cannot hold${enumValues !== null ? ` (allowed values: ${enumValues})` : ''}.`,
      );
    }
  };
  model.steps.forEach((step, index) => {
    if (step.type === 'form') {
      step.fields.forEach((field, fieldIndex) => {
        if (field.when !== undefined)
          check(field.when, ['steps', index, 'fields', fieldIndex, 'when'], step.id);
      });
    } else if (step.type === 'decision') {
      step.branches.forEach((branch, branchIndex) =>
        check(branch.when, ['steps', index, 'branches', branchIndex, 'when'], step.id),
      );
    }
  });
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

/** What steps use beyond their successors: the service, the ente's resources and other steps. */
function referenceProblems(
  model: ProcedureModel,
  graph: ProcedureGraph,
  context: ModelValidationContext,
  problems: Problems,
): void {
  /** `step` uses `target` (which must be a step of `type` that always ran before it) as its `role`. */
  const uses = (
    index: number,
    step: ProcedureStep,
    path: (string | number)[],
    target: StepId,
    type: ProcedureStep['type'],
    wrongType: ModelProblemCode,
    role: { it: string; en: string },
  ): void => {
    const found = graph.steps.get(target);
    const at = ['steps', index, ...path];
    if (found === undefined) {
      problems.add(
        'UNKNOWN_STEP',
        at,
        step.id,
        `Il passo "${step.id}" indica "${target}" come ${role.it}, ma quel passo non esiste.`,
        `Step "${step.id}" names "${target}" as its ${role.en}, but that step does not exist.`,
      );
    } else if (found.step.type !== type) {
      problems.add(
        wrongType,
        at,
        step.id,
        `Il passo "${step.id}" indica "${target}" come ${role.it}, ma "${target}" non è ${STEP_TYPE_IT[type]}.`,
        `Step "${step.id}" names "${target}" as its ${role.en}, but "${target}" is not a ${type} step.`,
      );
    } else if (graph.reachable.has(step.id) && !graph.alwaysBefore(target, step.id)) {
      // What the step uses (the hold, the notice) exists only if the other step ran first.
      problems.add(
        'NOT_ALWAYS_BEFORE',
        at,
        step.id,
        `Il passo "${step.id}" indica "${target}" come ${role.it}, ma si può arrivare a "${step.id}" senza passare da "${target}".`,
        `Step "${step.id}" names "${target}" as its ${role.en}, but "${step.id}" can be reached without passing "${target}".`,
      );
    }
  };

  model.steps.forEach((step, index) => {
    switch (step.type) {
      case 'payment': {
        const service = context.service;
        if (service != null && service.fees[step.feeIndex] === undefined) {
          problems.add(
            'NO_SERVICE_FEE',
            ['steps', index, 'feeIndex'],
            step.id,
            `Il passo "${step.id}" chiede la tariffa n. ${step.feeIndex + 1} del servizio, che ne ha ${service.fees.length}: aggiungere la tariffa nell'Anagrafe Servizi o correggere il passo.`,
            `Step "${step.id}" asks for fee no. ${step.feeIndex + 1} of the service, which has ${service.fees.length}: add the fee in the Anagrafe Servizi or fix the step.`,
          );
        }
        if (service != null && service.taxonomyCodes.length === 0) {
          problems.add(
            'NO_TAXONOMY_CODE',
            ['steps', index],
            step.id,
            `Il passo "${step.id}" emette un avviso pagoPA, ma il servizio non ha un codice di tassonomia: aggiungerlo nell'Anagrafe Servizi.`,
            `Step "${step.id}" issues a pagoPA notice, but the service has no taxonomy code: add one in the Anagrafe Servizi.`,
          );
        }
        if (step.confirmsBooking !== undefined) {
          uses(index, step, ['confirmsBooking'], step.confirmsBooking, 'booking', 'NOT_A_BOOKING_STEP', {
            it: 'prenotazione da confermare',
            en: 'booking to confirm',
          });
        }
        break;
      }
      case 'notify':
        if (step.payment !== undefined) {
          uses(index, step, ['payment'], step.payment, 'payment', 'NOT_A_PAYMENT_STEP', {
            it: 'pagamento da allegare',
            en: 'payment to attach',
          });
        }
        break;
      case 'booking': {
        const resources = context.bookingResources;
        if (resources != null && !resources.has(step.resource)) {
          problems.add(
            'UNKNOWN_BOOKING_RESOURCE',
            ['steps', index, 'resource'],
            step.id,
            `Il passo "${step.id}" prenota la risorsa "${step.resource}", che l'ente non ha.`,
            `Step "${step.id}" books resource "${step.resource}", which the ente does not have.`,
          );
        }
        const after = step.window?.after;
        if (after === undefined) break;
        if (!graph.has(after)) {
          problems.add(
            'UNKNOWN_STEP',
            ['steps', index, 'window', 'after'],
            step.id,
            `La finestra di prenotazione del passo "${step.id}" parte dal passo "${after}", che non esiste.`,
            `The booking window of step "${step.id}" starts from step "${after}", which does not exist.`,
          );
        } else if (graph.reachable.has(step.id) && !graph.alwaysBefore(after, step.id)) {
          // The anchor is the day `after` ended: it must have ended on every way into the booking.
          problems.add(
            'NOT_ALWAYS_BEFORE',
            ['steps', index, 'window', 'after'],
            step.id,
            `La finestra di prenotazione del passo "${step.id}" parte dal passo "${after}", ma si può arrivare a "${step.id}" senza passare da "${after}".`,
            `The booking window of step "${step.id}" starts from step "${after}", but "${step.id}" can be reached without passing "${after}".`,
          );
        }
        break;
      }
      case 'staffTask': {
        const units = context.orgUnits;
        const unit = step.assignee.unit;
        if (units != null && unit !== undefined && !units.has(unit)) {
          problems.add(
            'UNKNOWN_ORG_UNIT',
            ['steps', index, 'assignee', 'unit'],
            step.id,
            `Il passo "${step.id}" è assegnato all'unità "${unit}", che l'ente non ha.`,
            `Step "${step.id}" is assigned to unit "${unit}", which the ente does not have.`,
          );
        }
        break;
      }
      case 'form':
      case 'decision':
      case 'wait':
      case 'end':
        break;
    }
  });
}

/** The term names a step that exists and is longer than the waits no case can skip. */
function termProblems(model: ProcedureModel, graph: ProcedureGraph, problems: Problems): void {
  const closedBy = model.term.closedBy;
  if (closedBy !== undefined && !graph.has(closedBy)) {
    problems.add(
      'UNKNOWN_STEP',
      ['term', 'closedBy'],
      undefined,
      `Il termine si chiude con il passo "${closedBy}", che non esiste.`,
      `The term is closed by step "${closedBy}", which does not exist.`,
    );
    return;
  }
  const ends = [...graph.steps.values()].filter(({ step }) => step.type === 'end').map(({ step }) => step.id);
  const waits = graph.shortestWaitDays(closedBy !== undefined ? [closedBy] : ends);
  if (waits === undefined || waits < model.term.days) return;
  const until = closedBy !== undefined ? `al passo "${closedBy}"` : 'alla conclusione';
  const untilEn = closedBy !== undefined ? `step "${closedBy}"` : 'an end';
  problems.add(
    'TERM_SHORTER_THAN_WAITS',
    ['term', 'days'],
    undefined,
    `Il termine di ${model.term.days} giorni non basta: le attese fisse fino ${until} durano già almeno ${waits} giorni.`,
    `The term of ${model.term.days} days is too short: the fixed waits before ${untilEn} already last at least ${waits} days.`,
  );
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
