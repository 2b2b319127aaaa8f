import { type DynamicModule, Module } from '@nestjs/common';
import type { SandboxConfig } from './config';
import { ConsoleController } from './console/console.controller';
import { CountersModule } from './counters/counters.module';
import { FaultInjector } from './faults/fault-injector';
import { FaultsController } from './faults/faults.controller';
import { IdentityController } from './identity/identity.controller';
import { SandboxIdentityProvider } from './identity/identity-provider';
import { IoModule } from './io/io.module';
import { SANDBOX_CONFIG } from './sandbox.tokens';
import { PagopaModule } from './pagopa/pagopa.module';
import { SmtpModule } from './smtp/smtp.module';
import { StateModule } from './state/state.module';

@Module({})
export class SandboxModule {
  static register(config: SandboxConfig, identity: SandboxIdentityProvider): DynamicModule {
    const faults = new FaultInjector();
    faults.configure({
      rate5xx: config.SANDBOX_FAULT_5XX_RATE,
      rate429: config.SANDBOX_FAULT_429_RATE,
      rateTimeout: config.SANDBOX_FAULT_TIMEOUT_RATE,
      dropResponseAfterCommitRate: config.SANDBOX_FAULT_DROP_AFTER_COMMIT_RATE,
      latencyMs: config.SANDBOX_LATENCY_MS,
    });
    return {
      module: SandboxModule,
      imports: [
        CountersModule,
        StateModule.register(config.SANDBOX_STATE_FILE),
        PagopaModule.register(config.SANDBOX_PAGOPA_ORGANIZATIONS),
        IoModule.register({
          services: config.SANDBOX_IO_SERVICES,
          defaultRateLimitPerSecond: config.SANDBOX_IO_RATE_LIMIT_PER_SECOND,
          processingDelayMs: config.SANDBOX_IO_PROCESSING_DELAY_MS,
        }),
        SmtpModule.register({ host: config.SANDBOX_HOST, port: config.SANDBOX_SMTP_PORT }),
      ],
      controllers: [ConsoleController, FaultsController, IdentityController],
      providers: [
        { provide: FaultInjector, useValue: faults },
        { provide: SandboxIdentityProvider, useValue: identity },
        { provide: SANDBOX_CONFIG, useValue: config },
      ],
    };
  }
}
