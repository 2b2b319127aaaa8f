import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { OrganizationsService } from './organizations.service';

export const SUBSCRIPTION_KEY_HEADER = 'ocp-apim-subscription-key';

/**
 * Azure API Management in front of every pagoPA API: no or unknown key → 401, a key not enabled
 * for the ente in the path → 403, both with APIM's `{ statusCode, message }` body. The ente is
 * the `organizationfiscalcode` (GPD, receipts) or `organizationId` (FdR) path parameter; routes
 * without one (Checkout) only need a known key, in the header or the `subscription-key` query.
 */
@Injectable()
export class SubscriptionKeyGuard implements CanActivate {
  constructor(private readonly organizations: OrganizationsService) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const params = (request.params ?? {}) as Record<string, string | undefined>;
    const query = (request.query ?? {}) as Record<string, string | undefined>;
    const header = request.headers[SUBSCRIPTION_KEY_HEADER];
    const key = (Array.isArray(header) ? header[0] : header) ?? query['subscription-key'];
    const fiscalCode = params.organizationfiscalcode ?? params.organizationId;
    switch (this.organizations.checkKey(key, fiscalCode)) {
      case 'ok':
        return true;
      case 'missing':
        throw new UnauthorizedException({
          statusCode: 401,
          message:
            'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.',
        });
      case 'unknown':
        throw new UnauthorizedException({
          statusCode: 401,
          message:
            'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.',
        });
      case 'forbidden':
        throw new ForbiddenException({
          statusCode: 403,
          message: 'You are not allowed to access this resource.',
        });
    }
  }
}
