import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ParseUUIDPipe } from '@nestjs/common';
import type { RequestContext } from '@sus/catalog';
import { permitted } from '../access/access-rules';
import { Allow } from '../access/allow.decorator';
import { Ctx } from '../request-context/request-context';
import { PlatformProbe, PlatformProbeRun } from './models/platform-probe.model';
import { StartPlatformProbeInput } from './dto/start-platform-probe.input';
import { PlatformProbesArgs } from './dto/platform-probes.args';
import { PlatformProbesService } from './platform-probes.service';

/**
 * Probes are an operator's tool for the whole platform (the region runs it): they start workflows
 * and show worker host names, so only regional administrators may use them.
 */
@Resolver(() => PlatformProbe)
export class PlatformProbesResolver {
  constructor(private readonly probes: PlatformProbesService) {}

  @Query(() => PlatformProbe, { nullable: true, description: 'Null until a worker has picked the probe up.' })
  @Allow(permitted('platform:admin'))
  platformProbe(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID }, new ParseUUIDPipe()) id: string) {
    return this.probes.findById(ctx, id);
  }

  @Query(() => [PlatformProbe], { description: 'The most recent probes, newest first.' })
  @Allow(permitted('platform:admin'))
  platformProbes(@Ctx() ctx: RequestContext, @Args() args: PlatformProbesArgs) {
    return this.probes.findRecent(ctx, args.last);
  }

  @Mutation(() => PlatformProbeRun)
  @Allow(permitted('platform:admin'))
  startPlatformProbe(
    @Ctx() ctx: RequestContext,
    @Args('input', { nullable: true }) input?: StartPlatformProbeInput,
  ) {
    return this.probes.start(ctx, input?.note ?? null);
  }
}
