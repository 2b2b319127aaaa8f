import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { CatalogModule } from '@sus/catalog';
import { ClientErrorFilter } from './client-error.filter';
import { ApiSettings } from './config';
import { graphqlOptions } from './graphql-options';
import { ConceptsModule } from './concepts/concepts.module';
import { HealthModule } from './health/health.module';
import { ModellerModule } from './modeller/modeller.module';
import { NodeModule } from './node/node.module';
import { ObservabilityModule } from './observability/observability.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { BookingsModule } from './bookings/bookings.module';
import { CasesModule } from './cases/cases.module';
import { IdentityModule } from './identity/identity.module';
import { OrganisationsModule } from './organisations/organisations.module';
import { NotificationsModule } from './notifications/notifications.module';
import { PaymentsModule } from './payments/payments.module';
import { PlatformProbesModule } from './platform-probes/platform-probes.module';
import { ProceduresModule } from './procedures/procedures.module';
import { ReconciliationModule } from './reconciliation/reconciliation.module';
import { BulkIssuanceModule } from './bulk-issuance/bulk-issuance.module';
import { ServicesModule } from './services/services.module';
import { TemporalModule } from './temporal/temporal.module';

@Module({})
export class AppModule {
  static register(settings: ApiSettings, schemaFile: string | undefined): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        CatalogModule.forRoot({
          databaseUrl: settings.values.DATABASE_URL,
          poolSize: settings.values.DATABASE_POOL_SIZE,
          auditPseudonymKey: settings.auditPseudonymKey,
          // The api must start (and say "postgres: down" on /health/ready) when Postgres is away.
          retryAttempts: 0,
        }),
        GraphQLModule.forRoot(graphqlOptions(settings, schemaFile)),
        TemporalModule,
        IdentityModule,
        HealthModule,
        ObservabilityModule,
        PlatformProbesModule,
        OrganisationsModule,
        PaymentsModule,
        ReconciliationModule,
        BulkIssuanceModule,
        NotificationsModule,
        ConceptsModule,
        ProceduresModule,
        ModellerModule,
        ServicesModule,
        BookingsModule,
        CasesModule,
        NodeModule,
        ApiKeysModule,
      ],
      providers: [
        { provide: ApiSettings, useValue: settings },
        { provide: APP_FILTER, useClass: ClientErrorFilter },
      ],
      exports: [ApiSettings],
    };
  }
}
