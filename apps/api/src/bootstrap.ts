import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { LogController } from 'fastify';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { collectProcessMetrics, createLogger, PinoNestLogger } from '@sus/platform';
import { AppModule } from './app.module';
import type { ApiSettings } from './config';
import { BulkIssuanceService } from './bulk-issuance/bulk-issuance.service';
import { installBulkUpload } from './bulk-issuance/bulk-upload.routes';
import { installGraphiql } from './graphiql/graphiql.routes';
import { installAuthentication } from './identity/install-authentication';
import { RequestAuthenticator } from './identity/request-authenticator';
import { inputValidationPipe } from './input-validation';
import { installHttpObservability } from './observability/http-observability';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Builds the api (used by main.ts and by the end-to-end tests, so both run the same thing). */
export async function createApiApp(
  settings: ApiSettings,
  options: { schemaFile?: string } = {},
): Promise<NestFastifyApplication> {
  const logger = createLogger({
    name: 'api',
    level: settings.values.LOG_LEVEL,
    pretty: settings.values.LOG_PRETTY,
  });
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    // Keep the caller's request id when it is sane, so one id follows a request across services.
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    bodyLimit: 1024 * 1024,
    // Per-IP rate limits must see the client, not the proxy in front (API_TRUST_PROXY).
    trustProxy: settings.trustProxy,
    // One line per request (below) instead of Fastify's two, and none for health probes.
    logController: new LogController({ disableRequestLogging: true }),
  });
  const fastify = adapter.getInstance();
  collectProcessMetrics('api');
  installHttpObservability(fastify);
  fastify.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  fastify.addHook('onResponse', async (request, reply) => {
    const level = request.url.startsWith('/health/') ? 'debug' : 'info';
    request.log[level](
      {
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register(settings, options.schemaFile),
    adapter,
    {
      logger: new PinoNestLogger(logger),
    },
  );
  // Before routes are registered (at listen/init), so it runs for every route, GraphQL included.
  installAuthentication(fastify, app.get(RequestAuthenticator), {
    perIpPerMinute: settings.values.RATE_LIMIT_PER_IP,
    perKeyPerMinute: settings.values.RATE_LIMIT_PER_CALLER,
  });
  if (settings.graphiql) installGraphiql(fastify);
  installBulkUpload(fastify, () => app.get(BulkIssuanceService), settings.values.BULK_UPLOAD_MAX_BYTES);
  app.useGlobalPipes(inputValidationPipe());
  app.enableShutdownHooks(['SIGINT', 'SIGTERM']);
  return app;
}

export type ApiApp = INestApplication;
