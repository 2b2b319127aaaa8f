import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { GraphqlObservabilityInterceptor } from './graphql-observability.interceptor';
import { MetricsController } from './metrics.controller';

/** /metrics, and the timing and tracing of GraphQL operations (HTTP is instrumented in bootstrap). */
@Module({
  controllers: [MetricsController],
  providers: [{ provide: APP_INTERCEPTOR, useClass: GraphqlObservabilityInterceptor }],
})
export class ObservabilityModule {}
