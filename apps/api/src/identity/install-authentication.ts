import type { FastifyInstance, FastifyReply } from 'fastify';
import { anonymousContext, type RequestContext } from '@sus/catalog';
import { TokenBuckets } from '../rate-limits/token-bucket';
import { AuthenticationError } from './authentication-error';
import type { RequestAuthenticator } from './request-authenticator';

declare module 'fastify' {
  interface FastifyRequest {
    /** Built once by the authentication hook; read by the access guard and @Ctx(). */
    susContext?: RequestContext;
    /**
     * Charges `count` more operations of this request to the caller's and the IP's rate limits
     * (a GraphQL document with several mutations is several operations); 0 when allowed, else the
     * seconds to wait.
     */
    chargeOperations?: (count: number) => number;
  }
}

const UNAUTHENTICATED_PATHS = ['/health/', '/graphiql'];

/**
 * Runs before routing to any handler: per-IP rate limit, authentication, per-key rate limit.
 * Rejections are GraphQL-shaped JSON so GraphQL clients show them like any other error.
 */
export function installAuthentication(
  fastify: FastifyInstance,
  authenticator: RequestAuthenticator,
  limits: { perIpPerMinute: number; perKeyPerMinute: number },
): void {
  const perIp = new TokenBuckets(limits.perIpPerMinute);
  const perKey = new TokenBuckets(limits.perKeyPerMinute);

  fastify.addHook('onRequest', async (request, reply) => {
    if (UNAUTHENTICATED_PATHS.some((prefix) => request.url.startsWith(prefix))) {
      request.susContext = anonymousContext(request.id);
      return;
    }
    const ipWait = perIp.take(request.ip);
    if (ipWait > 0) return tooManyRequests(reply, ipWait);
    try {
      request.susContext = await authenticator.authenticate(request);
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      reply.header('www-authenticate', `Bearer error="invalid_token", error_description="${error.code}"`);
      return reply.status(error.status).send({
        data: null,
        errors: [
          {
            message: error.message,
            extensions: {
              code: error.status === 503 ? 'SERVICE_UNAVAILABLE' : 'UNAUTHENTICATED',
              reason: error.code,
            },
          },
        ],
      });
    }
    const actor = request.susContext.actor;
    const callerKey =
      actor.kind === 'integrator'
        ? `key:${actor.keyId}`
        : actor.kind === 'citizen'
          ? `citizen:${actor.fiscalCode}`
          : actor.kind === 'staff'
            ? `staff:${actor.userId}`
            : undefined;
    const keyWait = callerKey ? perKey.take(callerKey) : 0;
    if (keyWait > 0) return tooManyRequests(reply, keyWait);
    request.chargeOperations = (count) => {
      if (count <= 0) return 0;
      return Math.max(perIp.take(request.ip, count), callerKey ? perKey.take(callerKey, count) : 0);
    };
  });
}

function tooManyRequests(reply: FastifyReply, waitSeconds: number) {
  return reply
    .status(429)
    .header('retry-after', String(waitSeconds))
    .send({
      data: null,
      errors: [
        {
          message: `Too many requests: try again in ${waitSeconds} seconds.`,
          extensions: { code: 'RATE_LIMITED', retryAfterSeconds: waitSeconds },
        },
      ],
    });
}
