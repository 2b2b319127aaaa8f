import type { MercuriusDriverConfig } from '@nestjs/mercurius';
import { MercuriusDriver } from '@nestjs/mercurius';
import { HttpException } from '@nestjs/common';
import { CatalogError } from '@sus/catalog';
import { AccessDeniedError, DomainError } from '@sus/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLError, type DocumentNode } from 'graphql';
import type { ApiSettings } from './config';
import { mutationRootFields, queryLimitRules } from './graphql-limits/query-limits';
import { rejectControlCharacters } from './input-validation';

/** The committed SDL, kept current by every development start so schema changes show in review. */
export const SCHEMA_FILE = 'apps/api/schema.gql';

/**
 * Maps the errors a caller can act on to `extensions.code` (and `extensions.field`, the input
 * field to fix): Nest's HTTP exceptions, access decisions, catalog rules and domain value objects.
 * Anything else passes through as it is (the error formatter then hides it, see hideInternals).
 */
export function toClientError(error: GraphQLError): GraphQLError {
  const original = error.originalError;
  if (original instanceof CatalogError) {
    return withExtensions(error, original.message, {
      code: original.code,
      ...(original.field ? { field: original.field } : {}),
      // e.g. where and when a counter-only service is offered (SERVICE_NOT_ONLINE).
      ...(original.details ? { details: original.details } : {}),
    });
  }
  if (original instanceof DomainError) {
    return withExtensions(error, original.message, { code: original.code });
  }
  if (original instanceof AccessDeniedError) {
    return withExtensions(error, original.message, { code: 'FORBIDDEN' });
  }
  if (original instanceof HttpException) {
    const response = original.getResponse();
    const body =
      typeof response === 'object' && response ? (response as { message?: unknown; field?: unknown }) : {};
    const detail = body.message;
    return withExtensions(error, Array.isArray(detail) ? detail.join('; ') : original.message, {
      code: httpCode(original.getStatus()),
      ...(typeof body.field === 'string' ? { field: body.field } : {}),
    });
  }
  return error;
}

/**
 * Mercurius wraps parse and validation failures in one MER_ERR_GQL_VALIDATION error whose
 * `errors` hold the real ones; unwrap them so the client learns what is wrong. A variable that
 * does not fit its type is bad input naming that variable; our own rules (depth, cost, page
 * size) keep their code; anything else is a broken document.
 */
export function unwrapValidationErrors(error: GraphQLError): GraphQLError[] {
  const inner = (error.originalError as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(inner)) return [error];
  return inner.map((item: unknown) => {
    const original = item instanceof GraphQLError ? item : null;
    const message =
      original?.message ?? String((item as { message?: unknown } | null)?.message ?? error.message);
    const variable = /^Variable "\$([A-Za-z_][A-Za-z0-9_]*)"/.exec(message)?.[1];
    const ownCode = typeof original?.extensions?.code === 'string';
    return new GraphQLError(message, {
      nodes: original?.nodes,
      source: original?.source,
      positions: original?.positions,
      extensions: {
        ...original?.extensions,
        ...(ownCode
          ? {}
          : variable
            ? { code: 'BAD_USER_INPUT', field: variable }
            : { code: 'GRAPHQL_VALIDATION_FAILED' }),
      },
    });
  });
}

/**
 * graphql-js suggests names it knows ("Did you mean \"name\"?"): with introspection off that
 * would reveal the schema piece by piece, so the suggestion is left out.
 */
export function withoutSuggestions(error: GraphQLError): GraphQLError {
  const message = error.message.replace(/\s*Did you mean [\s\S]*$/, '');
  if (message === error.message) return error;
  return new GraphQLError(message, { ...error, extensions: error.extensions });
}

/** An error nobody mapped is a failure of ours: log it, tell the client only that it happened. */
function hideInternals(error: GraphQLError, log: (error: unknown) => void): GraphQLError {
  const original = error.originalError;
  if (error.extensions?.code || original instanceof GraphQLError) return error;
  // graphql-js refusing the request itself (e.g. a subscription, which this schema has not).
  if (!original) return withExtensions(error, error.message, { code: 'BAD_REQUEST' });
  log(original);
  return new GraphQLError('Internal error: try again later.', {
    nodes: error.nodes,
    path: error.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
}

function withExtensions(
  error: GraphQLError,
  message: string,
  extensions: Record<string, unknown>,
): GraphQLError {
  return new GraphQLError(message, { ...error, extensions: { ...error.extensions, ...extensions } });
}

function httpCode(status: number): string {
  if (status === 400) return 'BAD_USER_INPUT';
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  return 'INTERNAL_SERVER_ERROR';
}

/**
 * Bodies Fastify cannot take (413 too large, 415, bad JSON) arrive as one FST_* error with a
 * 4xx status, and so do requests Mercurius refuses itself (MER_ERR_*, e.g. no query at all):
 * answer with that status and a message, not as an internal error. Mercurius' validation error
 * carries the real errors in `errors`; unwrapValidationErrors reports those.
 */
function requestFailure(errors: readonly GraphQLError[] | undefined) {
  const original = (errors?.[0]?.originalError ?? errors?.[0]) as
    (Error & { code?: string; statusCode?: number; errors?: unknown }) | undefined;
  if (!original || typeof original.code !== 'string') return undefined;
  const mercurius = original.code.startsWith('MER_ERR_') && !Array.isArray(original.errors);
  if (!original.code.startsWith('FST_') && !mercurius) return undefined;
  const status = original.statusCode ?? 500;
  if (status >= 500) return undefined;
  const tooLarge = status === 413;
  return {
    statusCode: status,
    response: {
      data: null,
      errors: [
        new GraphQLError(
          tooLarge ? 'Request too large (at most 1 MiB).' : `Invalid request: ${original.message}`,
          { extensions: { code: tooLarge ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST' } },
        ),
      ],
    },
  };
}

const STATUS_BY_CODE: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403 };

/** schemaFile: where the generated SDL goes (the committed one in development); none in production. */
export function graphqlOptions(settings: ApiSettings, schemaFile: string | undefined): MercuriusDriverConfig {
  return {
    driver: MercuriusDriver,
    path: '/graphql',
    autoSchemaFile: schemaFile ?? true,
    sortSchema: true,
    // Our own page (graphiql/graphiql.routes.ts): Mercurius' loads its scripts from a CDN.
    graphiql: false,
    validationRules: queryLimitRules({
      maxDepth: settings.values.GRAPHQL_MAX_DEPTH,
      maxCost: settings.values.GRAPHQL_MAX_COST,
      maxMutations: settings.values.GRAPHQL_MAX_MUTATIONS,
      maxAliases: settings.values.GRAPHQL_MAX_ALIASES,
      introspection: settings.graphiql,
    }),
    hooks: {
      // Variables are known here; strings with control characters never reach a resolver.
      preExecution: (
        _schema: unknown,
        document: DocumentNode,
        context: unknown,
        variables?: Record<string, unknown>,
      ) => {
        rejectControlCharacters(document, variables);
        // The HTTP request was charged one operation; each further mutation in it costs one more.
        const request = (context as { reply?: { request?: FastifyRequest } }).reply?.request;
        const operations = operationsIn(document);
        // Anyone can be anonymous: one mutation per request, so a request cannot fan out.
        if (operations > 1 && request?.susContext?.actor.kind === 'anonymous') {
          throw new GraphQLError('An anonymous request may run one mutation at a time.', {
            extensions: { code: 'TOO_MANY_MUTATIONS', maxMutations: 1 },
          });
        }
        const wait = request?.chargeOperations?.(operations - 1) ?? 0;
        if (wait > 0) {
          throw new GraphQLError(`Too many operations: try again in ${wait} seconds.`, {
            extensions: { code: 'RATE_LIMITED', retryAfterSeconds: wait },
          });
        }
        return Promise.resolve();
      },
    },
    errorFormatter: (
      execution: { data?: unknown; errors?: GraphQLError[] },
      context?: { reply?: FastifyReply },
    ) => {
      const failed = requestFailure(execution.errors);
      if (failed) return failed;
      const log = (error: unknown) => context?.reply?.request.log.error({ err: error }, 'resolver failed');
      const errors = execution.errors
        ?.flatMap(unwrapValidationErrors)
        .map((error) => (settings.graphiql ? error : withoutSuggestions(error)))
        .map(toClientError)
        .map((error) => hideInternals(error, log));
      const code = errors?.[0]?.extensions?.code;
      const status = execution.data ? 200 : (STATUS_BY_CODE[String(code)] ?? 400);
      return { statusCode: status, response: { data: execution.data ?? null, errors } };
    },
  } as MercuriusDriverConfig;
}

/** Operations a document runs for the rate limits: one for a query, one per root field of a mutation. */
export function operationsIn(document: DocumentNode): number {
  let operations = operationsByDocument.get(document);
  if (operations === undefined) {
    operations = Math.max(1, mutationRootFields(document));
    operationsByDocument.set(document, operations);
  }
  return operations;
}

/** Mercurius reuses the parsed document of a query string it has seen: count each once. */
const operationsByDocument = new WeakMap<DocumentNode, number>();
