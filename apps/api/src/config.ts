import { z } from 'zod';
import {
  databaseEnvironment,
  env,
  parseEnvironment,
  runtimeEnvironment,
  temporalEnvironment,
} from '@sus/catalog';

export const apiEnvironment = databaseEnvironment
  .extend(temporalEnvironment.shape)
  .extend(runtimeEnvironment.shape)
  .extend({
    API_HOST: z.string().min(1).default('127.0.0.1'),
    API_PORT: env.port.default(3000),
    /** GraphiQL and introspection; on unless NODE_ENV=production. */
    GRAPHIQL: env.bool.optional(),
    /** A worker whose last poll is older than this is reported down by /health/ready. */
    /** Where callers reach this api; links handed out (e.g. avviso downloads) start with it. */
    API_PUBLIC_URL: z.url().default('http://127.0.0.1:3000'),
    /** Signs avviso download links; set the same long random value on every api instance. */
    NOTICE_LINK_SECRET: z.string().min(32).default('development-only-notice-link-secret-change-me'),
    NOTICE_LINK_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .max(7 * 24 * 3600)
      .default(3600),
    /** pagoPA Checkout (pay now); the sandbox by default. */
    PAGOPA_CHECKOUT_URL: z.url().default('http://127.0.0.1:3100/checkout/ec/v1'),
    PAGOPA_CHECKOUT_SUBSCRIPTION_KEY: z.string().min(1).default('sandbox-subscription-key'),
    /** Where citizens' browsers come back to after Checkout (the portal). */
    PORTAL_PUBLIC_URL: z.url().default('http://127.0.0.1:3000'),
    /** Shared secret pagoPA (or the sandbox) sends in x-sus-receipt-key when pushing receipts. */
    PAGOPA_RECEIPT_KEY: z.string().min(16).default('sandbox-receipt-key-change-me'),
    WORKER_POLL_STALE_SECONDS: z.coerce.number().int().min(5).max(3600).default(90),
    /** A worker without a heartbeat for this long is reported down (it beats every WORKER_HEARTBEAT_SECONDS). */
    WORKER_HEARTBEAT_STALE_SECONDS: z.coerce.number().min(1).max(3600).default(15),
  });

export type ApiConfig = z.infer<typeof apiEnvironment>;

export class ApiSettings {
  constructor(readonly values: ApiConfig) {}

  get graphiql(): boolean {
    return this.values.GRAPHIQL ?? this.values.NODE_ENV !== 'production';
  }
}

export const loadApiSettings = (source: NodeJS.ProcessEnv = process.env): ApiSettings =>
  new ApiSettings(parseEnvironment(apiEnvironment, source));
