import { randomUUID } from 'node:crypto';
import type { RequestContext } from '@sus/catalog';
import type { FastifyRequest } from 'fastify';

/** The GraphQL context object: one per HTTP request, so per-request caches can key on it. */
export type GraphqlContext = { req?: { id?: string }; reply?: { request?: FastifyRequest } };

/**
 * The request context the authentication hook built for this GraphQL request (see
 * identity/install-authentication.ts); anonymous only if a request somehow bypassed the hook.
 */
export function requestContextOf(gql: GraphqlContext): RequestContext {
  return (
    gql.reply?.request?.susContext ?? {
      requestId: gql.reply?.request?.id ?? gql.req?.id ?? randomUUID(),
      actor: { kind: 'anonymous' },
    }
  );
}

/** One `@Ctx()` for the whole api (resolvers and controllers). */
export { Ctx } from '../access/request-context';
