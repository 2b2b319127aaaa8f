import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ParseUUIDPipe } from '@nestjs/common';
import { PlatformProbe, PlatformProbeRun } from './models/platform-probe.model';
import { StartPlatformProbeInput } from './dto/start-platform-probe.input';
import { PlatformProbesArgs } from './dto/platform-probes.args';
import { PlatformProbesService } from './platform-probes.service';

@Resolver(() => PlatformProbe)
export class PlatformProbesResolver {
  constructor(private readonly probes: PlatformProbesService) {}

  @Query(() => PlatformProbe, { nullable: true, description: 'Null until a worker has picked the probe up.' })
  platformProbe(@Args('id', { type: () => ID }, new ParseUUIDPipe()) id: string) {
    return this.probes.findById(id);
  }

  @Query(() => [PlatformProbe], { description: 'The most recent probes, newest first.' })
  platformProbes(@Args() args: PlatformProbesArgs) {
    return this.probes.findRecent(args.last);
  }

  @Mutation(() => PlatformProbeRun)
  startPlatformProbe(@Args('input', { nullable: true }) input?: StartPlatformProbeInput) {
    return this.probes.start(input?.note ?? null);
  }
}
