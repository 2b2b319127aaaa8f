import { Module } from '@nestjs/common';
import { ModellerResolver } from './modeller.resolver';
import { SimulationService } from './simulation.service';

/** The process modeller (DESIGN §2): drafts → validate → preview → simulate → publish. */
@Module({ providers: [ModellerResolver, SimulationService] })
export class ModellerModule {}
