import { Module } from '@nestjs/common';
import { ModellerResolver } from './modeller.resolver';

/** The process modeller (DESIGN §2): drafts → validate → preview → simulate → publish. */
@Module({ providers: [ModellerResolver] })
export class ModellerModule {}
