import { hostname } from 'node:os';
import { existsSync } from 'node:fs';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { currentTracing, resolveTemporalTestServer, temporalConnectionOptions } from '@sus/platform';
import {
  Bookings,
  BulkIssuanceBatches,
  BulkJobs,
  Cases,
  CieReminderRepository,
  EntiService,
  NotificationRepository,
  PaymentIssuance,
  PaymentRepository,
  ReconciliationService,
  PlatformProbeRepository,
  ServicesService,
  Tasks,
  WorkerHeartbeatRepository,
} from '@sus/catalog';
import { AppIoClient } from '../adapters/app-io/app-io.client';
import { SmtpMailer } from '../adapters/mail/smtp-mailer';
import { GpdClient } from '../adapters/gpd/gpd.client';
import { FdrClient } from '../adapters/fdr/fdr.client';
import { SettlementFlowPullSchedules } from './settlement-flow-pull.schedules';
import { createActivities } from '../activities';
import { CatalogCaseBookings } from '../cases/catalog-case-bookings';
import { CatalogCaseNotices } from '../cases/catalog-case-notices';
import { CatalogCaseStore } from '../cases/catalog-case-store';
import { PaymentWorkflowPayable } from '../cases/payment-workflow-payable';
import { WorkerSettings } from '../config';
import { ActivityContextInterceptor } from '../observability/activity-context.interceptor';
import { tracingActivityInterceptors, workflowTracingSinks } from '../observability/tracing';
import { SimulationRunner, type WorkflowSource } from '../simulation/simulation-runner';
import { SimulationServers } from '../simulation/simulation-servers';
import { CieReminderSchedules } from './cie-reminder.schedules';
import { ReceiptReconciliationSchedules } from './receipt-reconciliation.schedules';
import {
  prebuiltBundlePath,
  webpackConfigHook,
  workflowInterceptorModules,
  workflowsSourcePath,
} from './workflow-bundle';

/**
 * Hosts the Temporal worker inside the Nest context, so activities get real Nest services.
 * Shutdown drains: no new tasks are polled, running activities get the grace period.
 */
@Injectable()
export class TemporalWorkerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TemporalWorkerService.name);
  private worker?: Worker;
  private connection?: NativeConnection;
  private running?: Promise<void>;
  private heartbeat?: NodeJS.Timeout;
  private simulationServers?: SimulationServers;
  private bundle?: Promise<WorkflowSource>;
  readonly identity = `${process.pid}@${hostname()}`;

  constructor(
    private readonly settings: WorkerSettings,
    private readonly platformProbes: PlatformProbeRepository,
    private readonly heartbeats: WorkerHeartbeatRepository,
    private readonly payments: PaymentRepository,
    private readonly notifications: NotificationRepository,
    private readonly reconciliation: ReceiptReconciliationSchedules,
    private readonly cases: Cases,
    private readonly tasks: Tasks,
    private readonly bookings: Bookings,
    private readonly enti: EntiService,
    private readonly services: ServicesService,
    private readonly issuance: PaymentIssuance,
    private readonly reminders: CieReminderRepository,
    private readonly reminderSchedules: CieReminderSchedules,
    private readonly reconciliations: ReconciliationService,
    private readonly flowPulls: SettlementFlowPullSchedules,
    private readonly bulkJobs: BulkJobs,
    private readonly bulkBatches: BulkIssuanceBatches,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const config = this.settings.values;
    this.connection = await NativeConnection.connect(temporalConnectionOptions(config));
    this.worker = await Worker.create({
      connection: this.connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      identity: this.identity,
      activities: createActivities({
        platformProbes: this.platformProbes,
        workerIdentity: this.identity,
        payments: this.payments,
        gpd: new GpdClient({
          baseUrl: config.PAGOPA_GPD_URL,
          subscriptionKey: config.PAGOPA_GPD_SUBSCRIPTION_KEY,
        }),
        caseStore: new CatalogCaseStore(this.cases, this.tasks),
        bookings: new CatalogCaseBookings(this.bookings, this.enti),
        notices: new CatalogCaseNotices(this.enti, this.services, this.issuance, this.payments),
        payable: new PaymentWorkflowPayable(),
        notifications: this.notifications,
        appIo: new AppIoClient({ baseUrl: config.APP_IO_URL, subscriptionKeys: config.APP_IO_SERVICE_KEYS }),
        mail: new SmtpMailer({ url: config.SMTP_URL, from: config.MAIL_FROM }),
        ioRatePerSecond: config.APP_IO_RATE_LIMIT_PER_SECOND,
        reminders: this.reminders,
        reconciliation: this.reconciliations,
        bulkJobs: this.bulkJobs,
        bulkBatches: this.bulkBatches,
        fdr: new FdrClient({
          baseUrl: config.PAGOPA_FDR_URL,
          subscriptionKey: config.PAGOPA_FDR_SUBSCRIPTION_KEY,
        }),
        portalUrl: config.PORTAL_PUBLIC_URL,
        simulator: {
          run: (input, heartbeat) =>
            new SimulationRunner(this.servers(), () => this.workflows()).run(input, heartbeat),
        },
      }),
      // The trace's activity span first, so the log context below runs inside it (log lines carry its trace id).
      interceptors: {
        activity: [tracingActivityInterceptors, (ctx) => ({ inbound: new ActivityContextInterceptor(ctx) })],
      },
      sinks: workflowTracingSinks(currentTracing()),
      shutdownGraceTime: `${config.WORKER_SHUTDOWN_GRACE_SECONDS} seconds`,
      maxConcurrentWorkflowTaskExecutions: config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
      maxConcurrentActivityTaskExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
      ...(await this.workflows()),
    });
    this.running = this.worker.run();
    this.running.catch((error: unknown) => {
      this.logger.error(`worker stopped with an error: ${String(error)}`);
      process.exitCode = 1;
    });
    this.logger.log(`polling task queue "${config.TEMPORAL_TASK_QUEUE}" at ${config.TEMPORAL_ADDRESS}`);
    await this.beat();
    // A worker without schedules still works; the next start (or another worker) creates them.
    await this.reconciliation.ensure().catch((error: unknown) => {
      this.logger.warn(`receipt reconciliation schedules not ensured: ${String(error)}`);
    });
    await this.reminderSchedules.ensure().catch((error: unknown) => {
      this.logger.warn(`identity-card reminder schedules not ensured: ${String(error)}`);
    });
    await this.flowPulls.ensure().catch((error: unknown) => {
      this.logger.warn(`settlement flow pull schedules not ensured: ${String(error)}`);
    });
    if (config.SIMULATION_SERVERS > 0) {
      try {
        this.servers().warm();
      } catch (error) {
        // Without the test server binary the modeller cannot simulate; everything else works.
        this.logger.warn(`no simulation servers: ${String(error)}`);
      }
    }
    this.heartbeat = setInterval(() => void this.beat(), config.WORKER_HEARTBEAT_SECONDS * 1000);
    this.heartbeat.unref();
  }

  private async beat(): Promise<void> {
    try {
      await this.heartbeats.beat(this.identity, this.settings.values.TEMPORAL_TASK_QUEUE);
      // Workers killed without a goodbye leave rows behind; an hour is far beyond any health window.
      await this.heartbeats.prune(3600);
    } catch (error) {
      // A missed beat only makes /health/ready cautious; the worker keeps working.
      this.logger.warn(`heartbeat not recorded: ${String(error)}`);
    }
  }

  async onApplicationShutdown(signal?: string): Promise<void> {
    if (!this.worker) return;
    this.logger.log(`draining (${signal ?? 'shutdown'})`);
    clearInterval(this.heartbeat);
    if (this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running?.catch(() => undefined);
    await this.heartbeats.remove(this.identity).catch(() => undefined);
    await this.connection?.close();
    await this.simulationServers?.close();
    this.worker = undefined;
  }

  /** The time-skipping servers of the modeller's simulations, started at the first need. */
  private servers(): SimulationServers {
    this.simulationServers ??= new SimulationServers({
      executable: resolveTemporalTestServer(),
      size: this.settings.values.SIMULATION_SERVERS,
    });
    return this.simulationServers;
  }

  /**
   * The workflows of this worker and of its simulations' workers: the prebuilt bundle, or, running
   * from source, the sources bundled once at start (each simulation's worker would bundle again).
   */
  private workflows(): Promise<WorkflowSource> {
    this.bundle ??= (async () => {
      const config = this.settings.values;
      const mode = config.WORKER_WORKFLOWS ?? (config.NODE_ENV === 'production' ? 'bundle' : 'source');
      if (mode === 'bundle') {
        const codePath = config.WORKER_WORKFLOW_BUNDLE_PATH ?? prebuiltBundlePath();
        if (!existsSync(codePath)) {
          throw new Error(`WORKER_WORKFLOWS=bundle but ${codePath} is missing: run \`npm run build\` first`);
        }
        return { workflowBundle: { codePath } };
      }
      return {
        workflowBundle: await bundleWorkflowCode({
          workflowsPath: workflowsSourcePath(),
          workflowInterceptorModules,
          webpackConfigHook,
        }),
      };
    })();
    return this.bundle;
  }
}
