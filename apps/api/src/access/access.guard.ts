import {
  ForbiddenException,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { AccessRule } from './access-rules';
import { ACCESS_RULES } from './allow.decorator';
import { requestContextOf } from '../request-context/request-context';

const OPERATION_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

/**
 * The one place where access is decided. Every query, mutation and controller route needs
 * `@Allow(...)`; without it the call is denied (deny by default), so a forgotten rule shows up as
 * a FORBIDDEN in development and as a failure in the permission-matrix test, never as a leak.
 * Fields of an object type are not checked: whoever may run the operation may see its result
 * (the service returns only rows the caller's ctx may see).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    let args: Record<string, unknown> = {};
    let operation: string;
    if (context.getType<GqlContextType>() === 'graphql') {
      const gql = GqlExecutionContext.create(context);
      const info = gql.getInfo<GraphQLResolveInfo>();
      if (!OPERATION_TYPES.has(info.parentType.name)) return true;
      args = gql.getArgs<Record<string, unknown>>();
      operation = info.fieldName;
    } else {
      operation = `${context.getClass().name}.${context.getHandler().name}`;
    }
    const rules = this.reflector.getAllAndOverride<AccessRule[] | undefined>(ACCESS_RULES, [
      context.getHandler(),
      context.getClass(),
    ]);
    const { actor } = requestContextOf(context);
    if (rules?.some((rule) => rule.allows(actor, args))) return true;
    if (!rules) {
      throw new ForbiddenException(`Operation ${operation} is not allowed: it declares no access rule.`);
    }
    if (actor.kind === 'anonymous') {
      throw new UnauthorizedException(`${operation} needs a signed-in caller (SPID/CIE, staff or API key).`);
    }
    throw new ForbiddenException(`Not allowed: ${operation}.`);
  }
}

/** The rules declared on a handler, for the permission-matrix test and documentation. */
export function accessRulesOf(handler: object): readonly AccessRule[] | undefined {
  return Reflect.getMetadata(ACCESS_RULES, handler) as AccessRule[] | undefined;
}
