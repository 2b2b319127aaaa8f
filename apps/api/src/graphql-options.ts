import type { MercuriusDriverConfig } from '@nestjs/mercurius';
import { MercuriusDriver } from '@nestjs/mercurius';
import { HttpException } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import type { ApiSettings } from './config';

/** The committed SDL, kept current by every development start so schema changes show in review. */
export const SCHEMA_FILE = 'apps/api/schema.gql';

/** Maps Nest's HTTP exceptions to a GraphQL error code a client can act on, without internals. */
function toClientError(error: GraphQLError): GraphQLError {
  const original = error.originalError;
  if (original instanceof HttpException) {
    const response = original.getResponse();
    const detail =
      typeof response === 'object' && response && 'message' in response ? response.message : undefined;
    return new GraphQLError(Array.isArray(detail) ? detail.join('; ') : original.message, {
      ...error,
      extensions: { ...error.extensions, code: httpCode(original.getStatus()) },
    });
  }
  return error;
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
      const errors = execution.errors?.map(toClientError);
      const status = execution.data ? 200 : 400;
      return { statusCode: status, response: { data: execution.data ?? null, errors } };
    },
  } as MercuriusDriverConfig;
}
