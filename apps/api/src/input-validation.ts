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

/** The same for an argument's literal, following the variables it uses. */
function inNode(node: ValueNode, path: string, variables: Record<string, unknown>): string | undefined {
  switch (node.kind) {
    case Kind.STRING:
      return CONTROL_CHARACTER.test(node.value) ? path : undefined;
    case Kind.VARIABLE:
      return inValue(variables[node.name.value], path);
    case Kind.LIST:
      for (const [index, item] of node.values.entries()) {
        const found = inNode(item, `${path}.${index}`, variables);
        if (found) return found;
      }
      return undefined;
    case Kind.OBJECT:
      for (const field of node.fields) {
        const found = inNode(field.value, `${path}.${field.name.value}`, variables);
        if (found) return found;
      }
      return undefined;
    default:
      return undefined;
  }
}

/**
 * The path of the first string in the document's arguments or in the variables that holds a
 * control character (Postgres refuses NUL; none of them belongs in a name or a code): the
 * argument path (`input.legislation.1`) where an argument carries it, else `$variable`.
 * Every fragment and argument is read once.
 */
export function controlCharacterProblem(
  document: DocumentNode,
  variables: Record<string, unknown> = {},
): string | undefined {
  let found: string | undefined;
  visit(document, {
    Argument(node) {
      found ??= inNode(node.value, node.name.value, variables);
      return false;
    },
    VariableDefinition(node) {
      if (node.defaultValue) found ??= inNode(node.defaultValue, `$${node.variable.name.value}`, {});
      return false;
    },
  });
  return found ?? inValue(variables, '')?.replace(/^\./, '$');
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
