import { ForbiddenException } from '@nestjs/common';
import { AccessDeniedError } from '@sus/catalog';
import { GraphQLError } from 'graphql';
import { loadApiSettings } from './config';
import { graphqlOptions } from './graphql-options';

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
      message: 'Errore interno: riprovare più tardi.',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(JSON.stringify(error)).not.toMatch(/ECONNREFUSED|10\.0\.0\.5|\/srv/);
    expect(logged).toHaveLength(1);
  });

  it('keeps access decisions with their codes and HTTP statuses', () => {
    expect(format(new ForbiddenException('Non autorizzato a x.'))).toMatchObject({
      status: 403,
      error: { message: 'Non autorizzato a x.', extensions: { code: 'FORBIDDEN' } },
    });
    expect(format(new AccessDeniedError('no'), { field: null })).toMatchObject({
      status: 200,
      error: { extensions: { code: 'FORBIDDEN' } },
    });
  });
});
