import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import { GraphQLError, Kind, visit, type DocumentNode, type ValueNode } from 'graphql';

function flatten(errors: ValidationError[], prefix = ''): { field: string; messages: string[] }[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * Validates GraphQL args and inputs declared with class-validator. The 400 carries the first
 * offending field, which the GraphQL error formatter exposes as `extensions.field`.
 */
export function inputValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    forbidUnknownValues: false,
    exceptionFactory: (errors) => {
      const problems = flatten(errors);
      return new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: problems.flatMap((problem) => problem.messages),
        field: problems[0]?.field,
      });
    },
  });
}

/**
 * C0 control characters other than tab, line feed and carriage return (NUL included), and unpaired
 * UTF-16 surrogates (no character at all: Postgres refuses them in JSON, so a refused mutation
 * carrying one would escape the audit log).
 */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]|\p{Cs}/u; // eslint-disable-line no-control-regex

/** Where a JSON value (a variable, or part of one) holds a control character; `path` names it. */
function inValue(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return CONTROL_CHARACTER.test(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = inValue(item, `${path}.${index}`);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = inValue(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * One step of a document's check, in document order: a literal that holds a control character
 * (its path is the answer whatever the variables), or a variable read at an argument path.
 */
type Step = { literal: string } | { variable: string; path: string };

/** The steps for an argument's value, following the variables it uses. */
function stepsOf(node: ValueNode, path: string, steps: Step[]): void {
  switch (node.kind) {
    case Kind.STRING:
      if (CONTROL_CHARACTER.test(node.value)) steps.push({ literal: path });
      return;
    case Kind.VARIABLE:
      steps.push({ variable: node.name.value, path });
      return;
    case Kind.LIST:
      node.values.forEach((item, index) => stepsOf(item, `${path}.${index}`, steps));
      return;
    case Kind.OBJECT:
      for (const field of node.fields) stepsOf(field.value, `${path}.${field.name.value}`, steps);
      return;
    default:
      return;
  }
}

/**
 * What checking a document takes, read once per parsed document: Mercurius keeps the parsed
 * document of each query string it has seen, so a repeated query pays only for its variables.
 */
const stepsByDocument = new WeakMap<DocumentNode, Step[]>();

function documentSteps(document: DocumentNode): Step[] {
  let steps = stepsByDocument.get(document);
  if (steps) return steps;
  steps = [];
  const into = steps;
  visit(document, {
    Argument(node) {
      stepsOf(node.value, node.name.value, into);
      return false;
    },
    VariableDefinition(node) {
      // A default is a constant: GraphQL allows no variable in it (and the check read none).
      const literals: Step[] = [];
      if (node.defaultValue) stepsOf(node.defaultValue, `$${node.variable.name.value}`, literals);
      into.push(...literals.filter((step) => 'literal' in step));
      return false;
    },
  });
  stepsByDocument.set(document, steps);
  return steps;
}

/**
 * The path of the first string in the document's arguments or in the variables that holds a
 * control character (Postgres refuses NUL; none of them belongs in a name or a code): the
 * argument path (`input.legislation.1`) where an argument carries it, else `$variable`.
 */
export function controlCharacterProblem(
  document: DocumentNode,
  variables: Record<string, unknown> = {},
): string | undefined {
  for (const step of documentSteps(document)) {
    const found = 'literal' in step ? step.literal : inValue(variables[step.variable], step.path);
    if (found) return found;
  }
  return inValue(variables, '')?.replace(/^\./, '$');
}

/**
 * Refuses strings with control characters in any argument or variable before resolvers run, as
 * bad input naming the argument (a Mercurius preExecution hook: variables are known by then).
 */
export function rejectControlCharacters(document: DocumentNode, variables?: Record<string, unknown>): void {
  const field = controlCharacterProblem(document, variables ?? {});
  if (field === undefined) return;
  throw new GraphQLError(
    `${field}: control characters (such as NUL) and unpaired surrogates are not allowed in text.`,
    {
      extensions: { code: 'BAD_USER_INPUT', field },
    },
  );
}
