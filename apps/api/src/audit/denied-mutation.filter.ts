import { Catch, ForbiddenException, UnauthorizedException, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { GqlArgumentsHost, type GqlContextType } from '@nestjs/graphql';
import { AuditLog } from '@sus/catalog';
import type { GraphQLResolveInfo } from 'graphql';
import { argumentAt } from '../access/access-rules';
import { requestContextOf, requestOf } from '../request-context/request-context';

/**
 * Refused mutations are worth an audit entry too (who tried to change what, in which ente):
 * repeated attempts across enti are how a stolen key or a curious insider shows up.
 * Everything else passes through unchanged.
 */
@Catch(ForbiddenException, UnauthorizedException)
export class DeniedMutationAuditFilter extends BaseExceptionFilter {
  constructor(private readonly audit: AuditLog) {
    super();
  }

  override catch(exception: ForbiddenException | UnauthorizedException, host: ArgumentsHost): unknown {
    if (host.getType<GqlContextType>() !== 'graphql') return super.catch(exception, host);
    const gql = GqlArgumentsHost.create(host);
    const info = gql.getInfo<GraphQLResolveInfo>();
    if (info.parentType.name !== 'Mutation') return exception;
    const request = requestOf(host);
    const ctx = requestContextOf(host);
    const args = gql.getArgs<Record<string, unknown>>();
    const ente = argumentAt(args, 'enteCode') ?? argumentAt(args, 'input.enteCode');
    return this.audit
      .record(ctx, {
        action: `denied:${info.fieldName}`,
        entity: 'AccessDenied',
        enteCode: typeof ente === 'string' ? ente : null,
        after: { args, reason: exception.message },
      })
      .then(
        () => exception,
        (error: unknown) => {
          request.log.error({ err: error }, 'could not audit a denied mutation');
          return exception;
        },
      );
  }
}
