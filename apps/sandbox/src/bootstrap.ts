import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLogger, PinoNestLogger } from '@sus/platform';
import { sandboxPublicUrl, type SandboxConfig } from './config';
import { FaultInjector } from './faults/fault-injector';
import { installFaultInjection } from './faults/fault-injection.hook';
import { SandboxIdentityProvider } from './identity/identity-provider';
import { SandboxModule } from './sandbox.module';

export async function createSandboxApp(config: SandboxConfig): Promise<NestFastifyApplication> {
  const logger = createLogger({ name: 'sandbox', level: config.LOG_LEVEL, pretty: config.LOG_PRETTY });
  const adapter = new FastifyAdapter({ loggerInstance: logger });
  const identity = await SandboxIdentityProvider.create(sandboxPublicUrl(config));
  const app = await NestFactory.create<NestFastifyApplication>(
    SandboxModule.register(config, identity),
    adapter,
    {
      logger: new PinoNestLogger(logger),
    },
  );
  installFaultInjection(adapter.getInstance(), app.get(FaultInjector));
  identity.install(adapter.getInstance());
  app.enableShutdownHooks(['SIGINT', 'SIGTERM']);
  return app;
}
