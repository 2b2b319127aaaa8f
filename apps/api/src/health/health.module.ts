import { Module } from '@nestjs/common';
import { WorkerHeartbeatRepository } from '@sus/catalog';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

@Module({ controllers: [HealthController], providers: [HealthService, WorkerHeartbeatRepository] })
export class HealthModule {}
