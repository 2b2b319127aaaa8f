import { Args, Query, Resolver } from '@nestjs/graphql';
import { AuditLog, type RequestContext } from '@sus/catalog';
import { permitted } from '../access/access-rules';
import { Allow } from '../access/allow.decorator';
import { Ctx } from '../request-context/request-context';
import { AuditLogArgs } from './dto/audit-log.args';
import { AuditLogEntry, AuditLogPage } from './models/audit-entry.model';

@Resolver(() => AuditLogEntry)
export class AuditResolver {
  constructor(private readonly audit: AuditLog) {}

  @Query(() => AuditLogPage, { description: "The ente's audit log, newest first." })
  @Allow(permitted('audit:read', { ente: 'enteCode' }))
  async auditLog(@Ctx() ctx: RequestContext, @Args() args: AuditLogArgs): Promise<AuditLogPage> {
    const page = await this.audit.list(ctx, args.enteCode, {
      first: args.first,
      ...(args.before ? { before: args.before } : {}),
    });
    return {
      nextBefore: page.nextBefore,
      entries: page.entries.map((entry) => ({
        ...entry,
        before: entry.before === null ? null : JSON.stringify(entry.before),
        after: entry.after === null ? null : JSON.stringify(entry.after),
      })),
    };
  }
}
