import { z } from 'zod';
import {
  assertProductionReady,
  databaseEnvironment,
  developmentSecrets,
  parseEnvironment,
  runtimeEnvironment,
  temporalEnvironment,
} from '@sus/platform';

export const workerEnvironment = databaseEnvironment
  .extend(temporalEnvironment.shape)
  .extend(runtimeEnvironment.shape)
  .extend({
    /** Seconds a stopping worker lets running activities finish before it cancels them. */
    WORKER_SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(0).max(3600).default(20),
    /**
     * Activities one worker runs at once. Most of ours wait on the network (pagoPA, App IO) or on
     * another workflow (a case waiting for its notice to be payable), so a slot is mostly idle time:
     * 20 let 20 waiting activities hold every slot while the work they wait for queued behind them.
     */
    WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().min(1).max(2000).default(100),
    /** Workflow tasks one worker runs at once: CPU work, sized for the cores (2 on the reference machine). */
    WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().min(2).max(200).default(8),
    /** The pagoPA debt-position service (GPD); the sandbox by default, the real platform in production. */
    PAGOPA_GPD_URL: z.url().default('http://127.0.0.1:3100/gpd/debt-positions-service/v1'),
    PAGOPA_GPD_SUBSCRIPTION_KEY: z.string().min(1).default(developmentSecrets.subscriptionKey),
    /** The pagoPA FdR service for enti (settlement flows); the sandbox by default. */
    PAGOPA_FDR_URL: z.url().default('http://127.0.0.1:3100/fdr-org/service/v1'),
    PAGOPA_FDR_SUBSCRIPTION_KEY: z.string().min(1).default(developmentSecrets.subscriptionKey),
    /** The hour (Europe/Rome, 0-23) each ente's settlement flows are pulled every day; -1 turns it off. */
    SETTLEMENT_FLOW_PULL_HOUR: z.coerce.number().int().min(-1).max(23).default(7),
    /** How many days back each pull lists published flows. */
    SETTLEMENT_FLOW_PULL_LOOKBACK_DAYS: z.coerce.number().int().min(1).max(60).default(7),
    /** The App IO Services API; the sandbox by default, https://api.io.pagopa.it/api/v1 in production. */
    APP_IO_URL: z.url().default('http://127.0.0.1:3100/api/v1'),
    /** JSON object: App IO service id → its subscription key (one key per IO service, from the IO back office). */
    APP_IO_SERVICE_KEYS: z
      .string()
      .default('{}')
      .transform((text, context) => {
        try {
          return z.record(z.string().min(1), z.string().min(1)).parse(JSON.parse(text));
        } catch {
          context.addIssue({
            code: 'custom',
            message: 'must be a JSON object of service id → subscription key',
          });
          return z.NEVER;
        }
      }),
    /** Requests per second each IO service key may make, shared by every worker (IO limits per key). */
    APP_IO_RATE_LIMIT_PER_SECOND: z.coerce.number().min(0).max(10_000).default(50),
    /** The SMTP server of the e-mail fallback: the sandbox's catch-all by default. */
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
      .default('smtp://127.0.0.1:2525'),
    MAIL_FROM: z.string().min(3).default('SUS <noreply@sus.localhost>'),
    /** Same key as the api's: the worker pseudonymises fiscal codes in the audit entries it writes. */
    AUDIT_PSEUDONYM_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
    /** How often the worker records that it is alive (read by the api's /health/ready). */
    WORKER_HEARTBEAT_SECONDS: z.coerce.number().min(0.5).max(300).default(5),
    /** 'bundle' (prebuilt, production default) or 'source' (bundled at start, development default). */
    WORKER_WORKFLOWS: z.enum(['bundle', 'source']).optional(),
    /** How often each ente's receipts at pagoPA are compared with SUS's (minutes); 0 turns it off. */
    RECEIPT_RECONCILIATION_MINUTES: z.coerce
      .number()
      .int()
      .min(0)
      .max(24 * 60)
      .default(60),
    /** How many days back each reconciliation lists receipts at pagoPA. */
    RECEIPT_RECONCILIATION_LOOKBACK_DAYS: z.coerce.number().int().min(1).max(90).default(10),
    /** Where citizens' browsers reach SUS (the portal): identity-card reminders link its booking page. */
    PORTAL_PUBLIC_URL: z.url().default('http://127.0.0.1:3000'),
    /** The hour (Europe/Rome, 0-23) each ente's identity-card reminders go out every day. */
    CIE_REMINDER_HOUR: z.coerce.number().int().min(0).max(23).default(9),
    /**
     * Java time-skipping test servers kept started for the process modeller's simulations (each
     * serves one simulation, then a fresh one replaces it); 0 starts one per simulation.
     */
    SIMULATION_SERVERS: z.coerce.number().int().min(0).max(8).default(1),
    /**
     * Port of the worker's Prometheus endpoint (`/metrics`: process, business and Temporal Core
     * worker metrics); unset, the worker serves none. `npm start` sets 9464, docker-compose too.
     */
    WORKER_METRICS_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
    WORKER_METRICS_HOST: z.string().min(1).default('0.0.0.0'),
    /** Where the prebuilt bundle is; defaults to dist/workflow-bundle.js written by the build. */
    WORKER_WORKFLOW_BUNDLE_PATH: z.string().min(1).optional(),
  });

export type WorkerConfig = z.infer<typeof workerEnvironment>;

/** Refused with NODE_ENV=production when missing, a development value or short / the sandbox. */
export const workerProductionRequirements = {
  secrets: ['PAGOPA_GPD_SUBSCRIPTION_KEY', 'AUDIT_PSEUDONYM_KEY'],
  urls: ['PAGOPA_GPD_URL'],
} as const;

export class WorkerSettings {
  constructor(readonly values: WorkerConfig) {}

  /** The development key only outside production (loading refuses production without one). */
  get auditPseudonymKey(): string {
    return this.values.AUDIT_PSEUDONYM_KEY ?? developmentSecrets.auditPseudonymKey;
  }
}

export function loadWorkerSettings(env: NodeJS.ProcessEnv = process.env): WorkerSettings {
  const values = parseEnvironment(workerEnvironment, env);
  assertProductionReady(values, {
    ...workerProductionRequirements,
    allowSandboxUrls: values.ALLOW_SANDBOX_PLATFORMS,
  });
  return new WorkerSettings(values);
}
