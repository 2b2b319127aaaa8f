import type { MercuriusDriverConfig } from '@nestjs/mercurius';
import { MercuriusDriver } from '@nestjs/mercurius';
import { HttpException } from '@nestjs/common';
import { CatalogError } from '@sus/catalog';
import { DomainError } from '@sus/domain';
import { GraphQLError } from 'graphql';
import type { ApiSettings } from './config';

/** The committed SDL, kept current by every development start so schema changes show in review. */
export const SCHEMA_FILE = 'apps/api/schema.gql';

/**
 * Maps the errors a caller can act on to `extensions.code` (and `extensions.field`, the input
 * field to fix): Nest's HTTP exceptions, catalog rules and domain value objects. Anything else
 * passes through as it is.
 */
export function toClientError(error: GraphQLError): GraphQLError {
  const original = error.originalError;
  if (original instanceof CatalogError) {
    return withExtensions(error, original.message, {
      code: original.code,
      ...(original.field ? { field: original.field } : {}),
    });
  }
  if (original instanceof DomainError) {
    return withExtensions(error, original.message, { code: original.code });
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
 * does not fit its type is bad input naming that variable; anything else is a broken document.
 */
export function unwrapValidationErrors(error: GraphQLError): GraphQLError[] {
  const inner = (error.originalError as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(inner)) return [error];
  return inner.map((item: unknown) => {
    const original = item instanceof GraphQLError ? item : null;
    const message =
      original?.message ?? String((item as { message?: unknown } | null)?.message ?? error.message);
    const variable = /^Variable "\$([A-Za-z_][A-Za-z0-9_]*)"/.exec(message)?.[1];
    return new GraphQLError(message, {
      nodes: original?.nodes,
      source: original?.source,
      positions: original?.positions,
      extensions: {
        ...original?.extensions,
        ...(variable ? { code: 'BAD_USER_INPUT', field: variable } : { code: 'GRAPHQL_VALIDATION_FAILED' }),
      },
    });
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

/** schemaFile: where the generated SDL goes (the committed one in development); none in production. */
export function graphqlOptions(settings: ApiSettings, schemaFile: string | undefined): MercuriusDriverConfig {
  return {
    driver: MercuriusDriver,
    path: '/graphql',
    autoSchemaFile: schemaFile ?? true,
    sortSchema: true,
    graphiql: settings.graphiql,
    errorFormatter: (execution) => {
      const errors = execution.errors?.flatMap(unwrapValidationErrors).map(toClientError);
      const status = execution.data ? 200 : 400;
      return { statusCode: status, response: { data: execution.data ?? null, errors } };
    },
  } as MercuriusDriverConfig;
}
