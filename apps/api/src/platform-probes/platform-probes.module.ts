import { Module } from '@nestjs/common';
import { PlatformProbesResolver } from './platform-probes.resolver';
import { PlatformProbesService } from './platform-probes.service';

@Module({ providers: [PlatformProbesService, PlatformProbesResolver] })
export class PlatformProbesModule {}
