import { BadRequestException, ForbiddenException, NotFoundException } from '@nestjs/common';
import { AccessDeniedError } from '@sus/domain';
import { CatalogError } from '@sus/catalog';
import { DomainError } from '@sus/domain';
import { GraphQLError, parse } from 'graphql';
import { loadApiSettings } from './config';
import { graphqlOptions, operationsIn, toClientError, unwrapValidationErrors } from './graphql-options';

const raised = (original: Error) =>
  new GraphQLError(original.message, { originalError: original, path: ['field'] });

describe(toClientError.name, () => {
  it('exposes a catalog error code and the field to fix', () => {
    const sut = toClientError(raised(new CatalogError('ORG_UNIT_CYCLE', 'loop', 'parentId')));
    expect(sut.extensions).toEqual({ code: 'ORG_UNIT_CYCLE', field: 'parentId' });
    expect(sut.message).toBe('loop');
    expect(sut.path).toEqual(['field']);
  });

  it('exposes a domain error code', () => {
    expect(toClientError(raised(new DomainError('INVALID_IBAN', 'bad iban'))).extensions).toEqual({
      code: 'INVALID_IBAN',
    });
  });

  it('keeps mapping HTTP exceptions, with the field the validation pipe names', () => {
    const validation = new BadRequestException({ message: ['note is too long'], field: 'note' });
    expect(toClientError(raised(validation))).toMatchObject({
      message: 'note is too long',
      extensions: { code: 'BAD_USER_INPUT', field: 'note' },
    });
    expect(toClientError(raised(new NotFoundException())).extensions).toEqual({ code: 'NOT_FOUND' });
  });

  it('leaves other errors alone', () => {
    const error = raised(new Error('boom'));
    expect(toClientError(error)).toBe(error);
  });
});

describe(unwrapValidationErrors.name, () => {
  const wrapped = (...inner: GraphQLError[]) => {
    const merr = Object.assign(new Error('Graphql validation error'), { errors: inner });
    return new GraphQLError(merr.message, { originalError: merr });
  };

  it('unwraps the errors behind a validation failure, naming a mistyped variable', () => {
    const sut = unwrapValidationErrors(
      wrapped(
        new GraphQLError(
          'Variable "$format" got invalid value "XML"; Value "XML" does not exist in "OrgUnitImportFormat" enum.',
        ),
        new GraphQLError('Cannot query field "nope" on type "Query".'),
      ),
    );
    expect(sut.map((error) => [error.message.slice(0, 20), error.extensions])).toEqual([
      ['Variable "$format" g', { code: 'BAD_USER_INPUT', field: 'format' }],
      ['Cannot query field "', { code: 'GRAPHQL_VALIDATION_FAILED' }],
    ]);
  });

  it('passes other errors through', () => {
    const error = new GraphQLError('boom');
    expect(unwrapValidationErrors(error)).toEqual([error]);
  });
});

describe('GraphQL error formatting', () => {
  const options = graphqlOptions(
    loadApiSettings({ DATABASE_URL: 'postgres://sus@127.0.0.1/sus' }),
    undefined,
  );
  const format = (error: Error, data: unknown = null) => {
    const logged: unknown[] = [];
    const context = { reply: { request: { log: { error: (entry: unknown) => logged.push(entry) } } } };
    const wrapped = new GraphQLError(error.message, { originalError: error, path: ['field'] });
    const result = (
      options.errorFormatter as unknown as (
        execution: { data: unknown; errors: GraphQLError[] },
        context: unknown,
      ) => { statusCode: number; response: { errors: GraphQLError[] } }
    )({ data, errors: [wrapped] }, context);
    return { status: result.statusCode, error: result.response.errors[0]!.toJSON(), logged };
  };

  it('hides unexpected failures behind a generic message, and logs them', () => {
    const { status, error, logged } = format(
      new Error('connect ECONNREFUSED 10.0.0.5:5432 at /srv/app/db.js'),
    );
    expect(status).toBe(400);
    expect(error).toMatchObject({
      message: 'Internal error: try again later.',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(JSON.stringify(error)).not.toMatch(/ECONNREFUSED|10\.0\.0\.5|\/srv/);
    expect(logged).toHaveLength(1);
  });

  it('keeps access decisions with their codes and HTTP statuses', () => {
    expect(format(new ForbiddenException('Not allowed: x.'))).toMatchObject({
      status: 403,
      error: { message: 'Not allowed: x.', extensions: { code: 'FORBIDDEN' } },
    });
    expect(format(new AccessDeniedError('no'), { field: null })).toMatchObject({
      status: 200,
      error: { extensions: { code: 'FORBIDDEN' } },
    });
  });
});

describe('requests refused before execution (schema fuzz, issue 11)', () => {
  const options = graphqlOptions(
    loadApiSettings({ DATABASE_URL: 'postgres://sus@127.0.0.1/sus' }),
    undefined,
  );
  const format = (error: GraphQLError) =>
    (
      options.errorFormatter as unknown as (
        execution: { data: unknown; errors: GraphQLError[] },
        context: unknown,
      ) => { statusCode: number; response: { errors: GraphQLError[] } }
    )({ data: null, errors: [error] }, {});

  it('answers a Mercurius refusal (an empty query) with its status and a typed error', () => {
    const unknown = Object.assign(new Error('Unknown query'), {
      code: 'MER_ERR_GQL_PERSISTED_QUERY_NOT_FOUND',
      statusCode: 400,
    });
    const result = format(new GraphQLError(unknown.message, { originalError: unknown }));
    expect(result.statusCode).toBe(400);
    expect(result.response.errors[0]!.extensions).toEqual({ code: 'BAD_REQUEST' });
  });

  it('types an error graphql-js raises about the request itself (a subscription)', () => {
    const result = format(new GraphQLError('Schema is not configured to execute subscription operation.'));
    expect(result.statusCode).toBe(400);
    expect(result.response.errors[0]!.toJSON()).toMatchObject({
      message: 'Schema is not configured to execute subscription operation.',
      extensions: { code: 'BAD_REQUEST' },
    });
  });
});

describe('unwrapValidationErrors with our own limits', () => {
  it('keeps the code a limit rule gave its error', () => {
    const merr = Object.assign(new Error('Graphql validation error'), {
      errors: [new GraphQLError('too deep', { extensions: { code: 'QUERY_TOO_DEEP', depth: 12 } })],
    });
    const [sut] = unwrapValidationErrors(new GraphQLError(merr.message, { originalError: merr }));
    expect(sut!.extensions).toEqual({ code: 'QUERY_TOO_DEEP', depth: 12 });
  });
});

describe('field suggestions', () => {
  const formatted = (graphiql: string, ...messages: string[]) => {
    const options = graphqlOptions(
      loadApiSettings({ DATABASE_URL: 'postgres://sus@127.0.0.1/sus', GRAPHIQL: graphiql }),
      undefined,
    );
    const merr = Object.assign(new Error('Graphql validation error'), {
      errors: messages.map((message) => new GraphQLError(message)),
    });
    const result = (
      options.errorFormatter as unknown as (
        execution: { errors: GraphQLError[] },
        context: unknown,
      ) => { response: { errors: GraphQLError[] } }
    )({ errors: [new GraphQLError(merr.message, { originalError: merr })] }, {});
    return result.response.errors.map((error) => error.message);
  };
  const field = 'Cannot query field "nme" on type "Ente". Did you mean "name" or "names"?';
  const enumValue =
    'Variable "$f" got invalid value "NAM"; Value "NAM" does not exist in "ProcedureField" enum. Did you mean the enum value "NAME"?';

  it('leaves out "Did you mean …" when introspection is off, so errors do not reveal the schema', () => {
    expect(formatted('false', field, enumValue)).toEqual([
      'Cannot query field "nme" on type "Ente".',
      'Variable "$f" got invalid value "NAM"; Value "NAM" does not exist in "ProcedureField" enum.',
    ]);
  });

  it('keeps them when introspection is on', () => {
    expect(formatted('true', field)).toEqual([field]);
  });
});

describe(operationsIn.name, () => {
  it('counts a query as one operation and each root field of a mutation, aliases and fragments included', () => {
    expect(operationsIn(parse('{ a b c }'))).toBe(1);
    expect(operationsIn(parse('mutation { a: x b: x ...F } fragment F on Mutation { c: x d: x }'))).toBe(4);
    expect(operationsIn(parse('mutation { ... on Mutation { x } }'))).toBe(1);
  });
});
