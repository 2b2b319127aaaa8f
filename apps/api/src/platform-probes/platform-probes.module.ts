import { Module } from '@nestjs/common';
import { PlatformProbeRepository } from '@sus/catalog';
import { PlatformProbesResolver } from './platform-probes.resolver';
import { PlatformProbesService } from './platform-probes.service';

@Module({ providers: [PlatformProbeRepository, PlatformProbesService, PlatformProbesResolver] })
export class PlatformProbesModule {}
