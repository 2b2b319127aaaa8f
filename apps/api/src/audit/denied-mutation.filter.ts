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
    // Nobody to hold to account, and anyone can send it: a log line, not an audit entry.
    if (ctx.actor.kind === 'anonymous') {
      request.log.warn({ mutation: info.fieldName }, 'anonymous mutation refused');
      return exception;
    }
    const ente = argumentAt(args, 'enteCode') ?? argumentAt(args, 'input.enteCode');
    return this.audit
      .record(ctx, {
        action: `denied:${info.fieldName}`,
        entity: 'AccessDenied',
        enteCode: typeof ente === 'string' && ENTE_CODE.test(ente) ? ente : null,
        // What was tried, never what was sent: the values are the caller's and may be anything.
        after: { arguments: argumentNames(args), reason: exception.message.slice(0, 200) },
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

/** IPA codes are short lower-case codes; anything else is not filed under an ente. */
const ENTE_CODE = /^[a-z0-9_]{1,40}$/;

/** The argument paths of a call (`input.name`, …), without their values, at most 50. */
function argumentNames(args: Record<string, unknown>, prefix = ''): string[] {
  const names: string[] = [];
  for (const [key, value] of Object.entries(args)) {
    const path = `${prefix}${key}`;
    if (value && typeof value === 'object' && !Array.isArray(value) && prefix.split('.').length < 3) {
      names.push(...argumentNames(value as Record<string, unknown>, `${path}.`));
    } else {
      names.push(path);
    }
    if (names.length >= 50) break;
  }
  return names.slice(0, 50).map((name) => name.slice(0, 100));
}
