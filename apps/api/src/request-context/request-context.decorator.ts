import { randomUUID } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { RequestContext } from '@sus/catalog';

/** The GraphQL context object: one per HTTP request, so per-request caches can key on it. */
export type GraphqlContext = { req?: { id?: string } };

/**
 * The catalog's request context for this GraphQL request. Every caller is anonymous until
 * identity (SPID/CIE, staff, integrator keys) lands; the request id ties logs together.
 */
export function requestContextOf(gql: GraphqlContext): RequestContext {
  return { requestId: gql.req?.id ?? randomUUID(), actor: { kind: 'anonymous' } };
}

export const Ctx = createParamDecorator((_data: unknown, execution: ExecutionContext): RequestContext =>
  requestContextOf(GqlExecutionContext.create(execution).getContext<GraphqlContext>()),
);
