import type { MercuriusDriverConfig } from '@nestjs/mercurius';
import { MercuriusDriver } from '@nestjs/mercurius';
import { HttpException } from '@nestjs/common';
import { AccessDeniedError } from '@sus/catalog';
import { isDomainError } from '@sus/domain';
import type { FastifyReply } from 'fastify';
import { GraphQLError } from 'graphql';
import type { ApiSettings } from './config';
import { queryLimitRules } from './graphql-limits/query-limits';

/** The committed SDL, kept current by every development start so schema changes show in review. */
export const SCHEMA_FILE = 'apps/api/schema.gql';

/**
 * What a client sees of an error: Nest HTTP exceptions and domain errors keep their message
 * (written for people) with a code; GraphQL's own errors (syntax, validation, limits) pass as
 * they are; anything else is an internal failure whose details go to the log, not the client.
 */
function toClientError(error: GraphQLError, log: (error: unknown) => void): GraphQLError {
  const original = error.originalError;
  if (!original || original instanceof GraphQLError) return error;
  if (original instanceof HttpException) {
    const response = original.getResponse();
    const detail =
      typeof response === 'object' && response && 'message' in response ? response.message : undefined;
    return new GraphQLError(Array.isArray(detail) ? detail.join('; ') : original.message, {
      ...error,
      extensions: { ...error.extensions, code: httpCode(original.getStatus()) },
    });
  }
  if (original instanceof AccessDeniedError) {
    return new GraphQLError(original.message, {
      nodes: error.nodes,
      path: error.path,
      extensions: { code: 'FORBIDDEN' },
    });
  }
  if (isDomainError(original)) {
    return new GraphQLError(original.message, {
      nodes: error.nodes,
      path: error.path,
      extensions: { code: 'BAD_USER_INPUT', reason: original.code },
    });
  }
  log(original);
  return new GraphQLError('Errore interno: riprovare più tardi.', {
    nodes: error.nodes,
    path: error.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
}

function httpCode(status: number): string {
  if (status === 400) return 'BAD_USER_INPUT';
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  return 'INTERNAL_SERVER_ERROR';
}

/**
 * Failures of the request as a whole, before execution: Mercurius wraps validation errors (ours
 * included: depth, cost, page size, introspection) in one MER_ERR_GQL_VALIDATION error, and Fastify
 * reports bodies it cannot take (413 too large, 415, bad JSON) with a 4xx status.
 */
function requestFailure(errors: readonly GraphQLError[] | undefined) {
  const original = (errors?.[0]?.originalError ?? errors?.[0]) as
    (Error & { code?: string; statusCode?: number; errors?: GraphQLError[] }) | undefined;
  if (!original) return undefined;
  if (original.code === 'MER_ERR_GQL_VALIDATION' && Array.isArray(original.errors)) {
    return { statusCode: 400, response: { data: null, errors: original.errors } };
  }
  if (
    typeof original.code === 'string' &&
    original.code.startsWith('FST_') &&
    (original.statusCode ?? 500) < 500
  ) {
    const status = original.statusCode ?? 400;
    return {
      statusCode: status,
      response: {
        data: null,
        errors: [
          new GraphQLError(
            status === 413
              ? 'Richiesta troppo grande (massimo 1 MiB).'
              : `Richiesta non valida: ${original.message}`,
            { extensions: { code: status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST' } },
          ),
        ],
      },
    };
  }
  return undefined;
}

const STATUS_BY_CODE: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403 };

/** schemaFile: where the generated SDL goes (the committed one in development); none in production. */
export function graphqlOptions(settings: ApiSettings, schemaFile: string | undefined): MercuriusDriverConfig {
  return {
    driver: MercuriusDriver,
    path: '/graphql',
    autoSchemaFile: schemaFile ?? true,
    sortSchema: true,
    graphiql: settings.graphiql,
    validationRules: queryLimitRules({
      maxDepth: settings.values.GRAPHQL_MAX_DEPTH,
      maxCost: settings.values.GRAPHQL_MAX_COST,
      introspection: settings.graphiql,
    }),
    errorFormatter: (
      execution: { data?: unknown; errors?: GraphQLError[] },
      context?: { reply?: FastifyReply },
    ) => {
      const log = (error: unknown) => context?.reply?.request.log.error({ err: error }, 'resolver failed');
      const request = requestFailure(execution.errors);
      if (request) return request;
      const errors = execution.errors?.map((error) => toClientError(error, log));
      const code = errors?.[0]?.extensions?.code;
      const status = execution.data ? 200 : (STATUS_BY_CODE[String(code)] ?? 400);
      return { statusCode: status, response: { data: execution.data ?? null, errors } };
    },
  } as MercuriusDriverConfig;
}
