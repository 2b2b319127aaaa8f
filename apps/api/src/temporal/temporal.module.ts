import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import { temporalConnectionOptions } from '@sus/platform';
import { ApiSettings } from '../config';
import { clientMetricsInterceptor } from './client-metrics.interceptor';

/** Lazily connected so the api starts (and reports "temporal: down") while Temporal is unreachable. */
@Injectable()
export class TemporalGateway implements OnApplicationShutdown {
  private connecting?: Promise<Client>;

  constructor(@Inject(ApiSettings) private readonly settings: ApiSettings) {}

  get taskQueue(): string {
    return this.settings.values.TEMPORAL_TASK_QUEUE;
  }

  get namespace(): string {
    return this.settings.values.TEMPORAL_NAMESPACE;
  }

  client(): Promise<Client> {
    this.connecting ??= Connection.connect({
      ...temporalConnectionOptions(this.settings.values),
      connectTimeout: '3 seconds',
    }).then(
      (connection) =>
        new Client({
          connection,
          namespace: this.namespace,
          // Metrics first, so they time the call including the tracing interceptor's work.
          interceptors: {
            workflow: [clientMetricsInterceptor, new OpenTelemetryWorkflowClientInterceptor()],
          },
        }),
      (error: unknown) => {
        this.connecting = undefined;
        throw error;
      },
    );
    return this.connecting;
  }

  async onApplicationShutdown(): Promise<void> {
    const client = await this.connecting?.catch(() => undefined);
    await client?.connection.close();
  }
}

@Global()
@Module({ providers: [TemporalGateway], exports: [TemporalGateway] })
export class TemporalModule {}
