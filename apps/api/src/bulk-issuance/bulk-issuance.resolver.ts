import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { RequestContext } from '@sus/catalog';
import { permitted, permittedSomewhere } from '../access/access-rules';
import { Allow } from '../access/allow.decorator';
import { Ctx } from '../request-context/request-context';
import {
  BulkJobArgs,
  BulkJobErrorsArgs,
  BulkJobsArgs,
  StartBulkIssuanceArgs,
} from './dto/bulk-issuance.args';
import { BulkJob, BulkJobError } from './models/bulk-job.model';
import { BulkIssuanceService } from './bulk-issuance.service';

/** Bulk issuance (issue 19): thin; BulkIssuanceService and the catalog's BulkJobs own the rules. */
@Resolver(() => BulkJob)
export class BulkIssuanceResolver {
  constructor(private readonly bulk: BulkIssuanceService) {}

  @Mutation(() => BulkJob, {
    description:
      "Issues the ente's debt positions of a file: a job uploaded through POST /payments/bulk-jobs (id), or the " +
      'file as text (csv). Valid positions are handed to their payment workflows in batches (progress in bulkJob); ' +
      'lines with errors are reported (bulkJobErrors) and never issued. Starting a job again, or the same file ' +
      'again, issues nothing twice; a position id another file issued is not issued again.',
  })
  @Allow(permitted('payments:write', { ente: 'enteCode' }))
  startBulkIssuance(@Ctx() ctx: RequestContext, @Args() args: StartBulkIssuanceArgs) {
    return this.bulk.start(ctx, args);
  }

  @Query(() => BulkJob, { nullable: true, description: "A bulk issuance job of one of the caller's enti." })
  @Allow(permittedSomewhere('payments:read'))
  bulkJob(@Ctx() ctx: RequestContext, @Args() args: BulkJobArgs) {
    return this.bulk.find(ctx, args.id);
  }

  @Query(() => [BulkJob], { description: "The ente's bulk issuance jobs, newest first." })
  @Allow(permitted('payments:read', { ente: 'enteCode' }))
  bulkJobs(@Ctx() ctx: RequestContext, @Args() args: BulkJobsArgs) {
    return this.bulk.list(ctx, args.enteCode, args.first);
  }

  @Query(() => [BulkJobError], {
    description:
      "A page of a job's error report, in line order: pass the last line read as afterLine for the next.",
  })
  @Allow(permittedSomewhere('payments:read'))
  bulkJobErrors(@Ctx() ctx: RequestContext, @Args() args: BulkJobErrorsArgs) {
    return this.bulk.errors(ctx, args.id, args);
  }
}
