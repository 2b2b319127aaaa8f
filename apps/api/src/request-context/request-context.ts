import { createParamDecorator, type ArgumentsHost, type ExecutionContext } from '@nestjs/common';
import { GqlArgumentsHost, type GqlContextType } from '@nestjs/graphql';
import { anonymousContext, type RequestContext } from '@sus/catalog';
import type { FastifyRequest } from 'fastify';

/** The GraphQL context object: one per HTTP request, so per-request caches can key on it. */
export type GraphqlContext = { reply?: { request?: FastifyRequest } };

/** The Fastify request behind a resolver, controller, guard, interceptor or filter call. */
export function requestOf(host: ArgumentsHost): FastifyRequest {
  if (host.getType<GqlContextType>() === 'graphql') {
    return GqlArgumentsHost.create(host).getContext<{ reply: { request: FastifyRequest } }>().reply.request;
  }
  return host.switchToHttp().getRequest<FastifyRequest>();
}

const isArgumentsHost = (from: ArgumentsHost | GraphqlContext): from is ArgumentsHost =>
  typeof (from as Partial<ArgumentsHost>).getType === 'function';

/**
 * The request context the authentication hook built for this request (identity/
 * install-authentication.ts), from a Nest call (guard, interceptor, filter, `@Ctx()`) or from the
 * GraphQL context a field resolver receives; anonymous only if a request somehow bypassed the hook.
 */
export function requestContextOf(from: ArgumentsHost | GraphqlContext): RequestContext {
  const request = isArgumentsHost(from) ? requestOf(from) : from.reply?.request;
  return request?.susContext ?? anonymousContext(request?.id);
}

/** Injects the request context into a resolver or controller method: `find(@Ctx() ctx: RequestContext)`. */
export const Ctx = createParamDecorator((_data: unknown, context: ExecutionContext) =>
  requestContextOf(context),
);
