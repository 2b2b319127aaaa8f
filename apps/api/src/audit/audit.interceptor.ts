import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import { AuditLog } from '@sus/catalog';
import type { GraphQLResolveInfo } from 'graphql';
import { from, mergeMap, type Observable } from 'rxjs';
import { argumentAt } from '../access/access-rules';
import { requestContextOf } from '../request-context/request-context';
import { AUDITED_ENTITY } from './audited.decorator';

/**
 * Appends one audit entry for every successful GraphQL mutation: who (ctx), what (mutation,
 * arguments, result; minimised by AuditLog), which ente. The response waits for the entry, so a
 * change the log could not record is reported as an error rather than passing silently.
 * Services add finer entries (before/after of a case or payment) with AuditLog.record themselves.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly audit: AuditLog,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType<GqlContextType>() !== 'graphql') return next.handle();
    const gql = GqlExecutionContext.create(context);
    const info = gql.getInfo<GraphQLResolveInfo>();
    if (info.parentType.name !== 'Mutation') return next.handle();
    const args = gql.getArgs<Record<string, unknown>>();
    const ctx = requestContextOf(context);
    const entity =
      this.reflector.get<string | undefined>(AUDITED_ENTITY, context.getHandler()) ?? info.fieldName;
    return next.handle().pipe(
      mergeMap((result: unknown) =>
        from(
          this.audit
            .record(ctx, {
              action: info.fieldName,
              entity,
              entityId: idOf(result),
              enteCode: enteOf(args),
              after: { args, result },
            })
            .then(() => result),
        ),
      ),
    );
  }
}

/** The ente a mutation changes: named by its arguments (saveEnte names it by its IPA code). */
function enteOf(args: Record<string, unknown>): string | null {
  const ente =
    argumentAt(args, 'enteCode') ?? argumentAt(args, 'input.enteCode') ?? argumentAt(args, 'input.ipaCode');
  return typeof ente === 'string' ? ente : null;
}

function idOf(result: unknown): string | null {
  if (!result || typeof result !== 'object') return null;
  const record = result as Record<string, unknown>;
  for (const candidate of [record.id, (record.apiKey as Record<string, unknown> | undefined)?.id]) {
    if (typeof candidate === 'string') return candidate;
  }
  return null;
}
