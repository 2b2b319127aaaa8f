import { z } from 'zod';
import {
  assertProductionReady,
  databaseEnvironment,
  developmentSecrets,
  env,
  parseEnvironment,
  runtimeEnvironment,
  temporalEnvironment,
} from '@sus/platform';
import { oidcIssuers } from './identity/oidc-issuers';
import { trustedProxies } from './trusted-proxies';

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
    NOTICE_LINK_SECRET: z.string().min(32).default(developmentSecrets.noticeLinkSecret),
    NOTICE_LINK_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .max(7 * 24 * 3600)
      .default(3600),
    /** pagoPA Checkout (pay now); the sandbox by default. */
    PAGOPA_CHECKOUT_URL: z.url().default('http://127.0.0.1:3100/checkout/ec/v1'),
    PAGOPA_CHECKOUT_SUBSCRIPTION_KEY: z.string().min(1).default(developmentSecrets.subscriptionKey),
    /** The hour (Europe/Rome, 0-23) identity-card reminders go out; the same value as the worker's. */
    CIE_REMINDER_HOUR: z.coerce.number().int().min(0).max(23).default(9),
    /** Where citizens' browsers come back to after Checkout (the portal). */
    PORTAL_PUBLIC_URL: z.url().default('http://127.0.0.1:3000'),
    /** Shared secret pagoPA (or the sandbox) sends in x-sus-receipt-key when pushing receipts. */
    PAGOPA_RECEIPT_KEY: z.string().min(16).default(developmentSecrets.receiptKey),
    WORKER_POLL_STALE_SECONDS: z.coerce.number().int().min(5).max(3600).default(90),
    /** A worker without a heartbeat for this long is reported down (it beats every WORKER_HEARTBEAT_SECONDS). */
    WORKER_HEARTBEAT_STALE_SECONDS: z.coerce.number().min(1).max(3600).default(15),
    /**
     * JSON list of accepted OIDC issuers: [{"issuer","audience","jwksUri"?}]. Empty: only anonymous
     * calls and API keys. `npm start` points it at the sandbox IdP.
     */
    OIDC_ISSUERS: oidcIssuers.default([]),
    /**
     * Behind a reverse proxy or load balancer: trust its X-Forwarded-For so rate limits and logs see
     * the client's address (a comma-separated list of proxy addresses/CIDRs; never true).
     */
    API_TRUST_PROXY: trustedProxies.optional(),
    /** Bulk issuance files (POST /payments/bulk-jobs): bigger ones are refused as FILE_TOO_LARGE. */
    BULK_UPLOAD_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(64 * 1024 * 1024),
    /** Positions a bulk issuance job hands to their payment workflows per batch (10 batches per workflow run). */
    BULK_ISSUANCE_BATCH_SIZE: z.coerce.number().int().min(1).max(500).default(100),
    /** Requests per minute per client IP, and per API key / signed-in user (in-memory buckets). */
    RATE_LIMIT_PER_IP: z.coerce.number().int().min(1).default(3000),
    RATE_LIMIT_PER_CALLER: z.coerce.number().int().min(1).default(1200),
    /** GraphQL limits checked before execution. */
    GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(2).max(50).default(10),
    GRAPHQL_MAX_COST: z.coerce.number().int().min(10).default(50_000),
    /** Root fields of one GraphQL mutation request (aliases of one mutation counted one by one). */
    GRAPHQL_MAX_MUTATIONS: z.coerce.number().int().min(1).max(100).default(10),
    /** Aliased fields in one GraphQL document. */
    GRAPHQL_MAX_ALIASES: z.coerce.number().int().min(1).default(100),
    /** Key of the keyed hash that pseudonymises fiscal codes in the audit log (required in production). */
    AUDIT_PSEUDONYM_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  });

export type ApiConfig = z.infer<typeof apiEnvironment>;

/** Refused with NODE_ENV=production when missing, a development value or short / the sandbox. */
export const apiProductionRequirements = {
  secrets: [
    'NOTICE_LINK_SECRET',
    'PAGOPA_RECEIPT_KEY',
    'PAGOPA_CHECKOUT_SUBSCRIPTION_KEY',
    'AUDIT_PSEUDONYM_KEY',
  ],
  urls: ['PAGOPA_CHECKOUT_URL', 'OIDC_ISSUERS', 'API_PUBLIC_URL', 'PORTAL_PUBLIC_URL'],
} as const;

export class ApiSettings {
  constructor(readonly values: ApiConfig) {}

  /** The development key only outside production (config refuses production without one). */
  get auditPseudonymKey(): string {
    return this.values.AUDIT_PSEUDONYM_KEY ?? developmentSecrets.auditPseudonymKey;
  }

  /** Fastify's trustProxy: false unless set; else the list of proxy addresses (never true). */
  get trustProxy(): boolean | string[] {
    const value = this.values.API_TRUST_PROXY;
    if (!value || value === 'false') return false;
    return value.split(',').map((part) => part.trim());
  }

  get graphiql(): boolean {
    return this.values.GRAPHIQL ?? this.values.NODE_ENV !== 'production';
  }
}

export function loadApiSettings(source: NodeJS.ProcessEnv = process.env): ApiSettings {
  const values = parseEnvironment(apiEnvironment, source);
  assertProductionReady(values, {
    ...apiProductionRequirements,
    allowSandboxUrls: values.ALLOW_SANDBOX_PLATFORMS,
  });
  return new ApiSettings(values);
}
