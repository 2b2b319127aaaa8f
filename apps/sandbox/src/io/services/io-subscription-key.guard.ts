import {
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  HttpException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IoCounters } from '../io-counters';
import type { IoServiceSettings } from './io-service-settings';
import { IoServicesService } from './io-services.service';
import { RateLimiter } from './rate-limiter';

export const SUBSCRIPTION_KEY_HEADER = 'ocp-apim-subscription-key';
/**
 * The headers IO's API gateway policy names (`rate-limit-by-key … retry-after-header-name=
 * "x-rate-limit-retry-after" remaining-calls-header-name="x-rate-limit-remaining"`, pagopa/io-infra
 * `src/legacy-apim/prod/api_product/io_services/_base_policy.xml`): a custom retry header
 * replaces APIM's default `Retry-After`, so a 429 from IO's limit carries no `Retry-After`.
 */
export const RETRY_AFTER_HEADER = 'x-rate-limit-retry-after';
export const REMAINING_HEADER = 'x-rate-limit-remaining';

const callers = new WeakMap<object, IoServiceSettings>();

/**
 * Azure API Management in front of the IO Services API: no or unknown key → 401 with APIM's
 * `{ statusCode, message }` body; then the key's rate limit, over every operation of the API →
 * 429 with `x-rate-limit-retry-after`, and `x-rate-limit-remaining` on the calls let through. The key
 * decides the calling service, which handlers read with `@CallingService()`.
 */
@Injectable()
export class IoSubscriptionKeyGuard implements CanActivate {
  constructor(
    private readonly services: IoServicesService,
    private readonly limiter: RateLimiter,
    private readonly counters: IoCounters,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const query = (request.query ?? {}) as Record<string, string | undefined>;
    const header = request.headers[SUBSCRIPTION_KEY_HEADER];
    const key = (Array.isArray(header) ? header[0] : header) ?? query['subscription-key'];
    if (key === undefined || key === '') {
      throw new UnauthorizedException({
        statusCode: 401,
        message:
          'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.',
      });
    }
    const service = this.services.byKey(key);
    if (service === undefined) {
      throw new UnauthorizedException({
        statusCode: 401,
        message:
          'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.',
      });
    }
    this.counters.increment('requestsPerKey', key);
    // One limit for every operation of the API (profiles, messages, statuses), as IO's product policy.
    const decision = this.limiter.take(key, service.rateLimitPerSecond);
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    if (decision.allowed && decision.remaining !== undefined) {
      void reply.header(REMAINING_HEADER, String(decision.remaining));
    }
    if (!decision.allowed) {
      this.counters.increment('throttledPerKey', key);
      // IO's policy names APIM's retry header: it replaces the default Retry-After.
      void reply.header(RETRY_AFTER_HEADER, String(decision.retryAfterSeconds));
      throw new HttpException(
        {
          statusCode: 429,
          message: `Rate limit is exceeded. Try again in ${decision.retryAfterSeconds} seconds.`,
        },
        429,
      );
    }
    callers.set(request, service);
    return true;
  }
}

/** The IO service whose subscription key authenticated the request. */
export const CallingService = createParamDecorator((_: unknown, context: ExecutionContext) => {
  const service = callers.get(context.switchToHttp().getRequest<FastifyRequest>());
  if (service === undefined) throw new Error('CallingService used on a route without IoSubscriptionKeyGuard');
  return service;
});
