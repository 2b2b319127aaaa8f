import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import { anonymousContext, type RequestContext } from '@sus/catalog';
import type { FastifyRequest } from 'fastify';

/** The Fastify request behind a resolver or controller call. */
export function requestOf(context: ExecutionContext): FastifyRequest {
  if (context.getType<GqlContextType>() === 'graphql') {
    const gqlContext = GqlExecutionContext.create(context).getContext<{
      reply: { request: FastifyRequest };
    }>();
    return gqlContext.reply.request;
  }
  return context.switchToHttp().getRequest<FastifyRequest>();
}

/** The context built by the authentication hook; anonymous if a route was reached without it. */
export function requestContextOf(context: ExecutionContext): RequestContext {
  const request = requestOf(context);
  return request.susContext ?? anonymousContext(request.id);
}

/** Injects the request context into a resolver or controller method: `find(@Ctx() ctx: RequestContext)`. */
export const Ctx = createParamDecorator((_data: unknown, context: ExecutionContext) =>
  requestContextOf(context),
);
