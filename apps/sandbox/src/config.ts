import { z } from 'zod';
import { env, parseEnvironment, runtimeEnvironment } from '@sus/platform';
import { ioServiceSettings } from './io/services/io-service-settings';
import { organizationSettings } from './pagopa/organizations/organization-settings';

const rate = z.coerce.number().min(0).max(1);

/** A JSON array in an environment variable, each item checked by `item`. */
const jsonArray = <T extends z.ZodType>(item: T) =>
  z
    .string()
    .default('[]')
    .transform((text, context): z.infer<T>[] => {
      try {
        const value: unknown = JSON.parse(text);
        const parsed = z.array(item).safeParse(value);
        if (parsed.success) return parsed.data;
        context.addIssue({
          code: 'custom',
          message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
        });
      } catch {
        context.addIssue({ code: 'custom', message: 'must be a JSON array' });
      }
      return z.NEVER;
    });

export const sandboxEnvironment = runtimeEnvironment.extend({
  SANDBOX_HOST: z.string().min(1).default('127.0.0.1'),
  SANDBOX_PORT: env.port.default(3100),
  /** How browsers and the api reach the sandbox; the IdP's issuer is this + /oidc. Default http://host:port. */
  SANDBOX_PUBLIC_URL: z.url().optional(),
  /** Fault injection at start; tests and operators can change it later through /__sandbox/faults. */
  SANDBOX_FAULT_5XX_RATE: rate.default(0),
  SANDBOX_FAULT_429_RATE: rate.default(0),
  SANDBOX_FAULT_TIMEOUT_RATE: rate.default(0),
  /** Share of successful writes whose answer is dropped after the platform committed them. */
  SANDBOX_FAULT_DROP_AFTER_COMMIT_RATE: rate.default(0),
  SANDBOX_LATENCY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  /**
   * Enti known to the imitated pagoPA at start, as a JSON array of organization settings
   * (fiscalCode, companyName, subscriptionKeys, optional receiptEndpoint, registeredIbans, applicationCode).
   * Tests and operators add more at PUT /__sandbox/pagopa/organizations/<fiscalCode>.
   */
  SANDBOX_PAGOPA_ORGANIZATIONS: jsonArray(organizationSettings),
  /**
   * App IO services known at start, as a JSON array of `{ serviceId, name, subscriptionKeys,
   * rateLimitPerSecond?, organizationFiscalCode?, authorizedRecipients?, maxAllowedPaymentAmount? }`.
   * Tests and operators add more at PUT /__sandbox/io/services/<serviceId>.
   */
  SANDBOX_IO_SERVICES: jsonArray(ioServiceSettings),
  /** Requests per second per subscription key of a service that does not set its own; 0 = no limit. */
  SANDBOX_IO_RATE_LIMIT_PER_SECOND: z.coerce.number().min(0).max(100_000).default(100),
  /** How long an App IO message stays ACCEPTED before it is PROCESSED (or REJECTED, FAILED). */
  SANDBOX_IO_PROCESSING_DELAY_MS: z.coerce.number().int().min(0).max(3_600_000).default(1000),
  /** The SMTP catch-all listens here, on SANDBOX_HOST; 0 picks a free port. */
  SANDBOX_SMTP_PORT: z.coerce.number().int().min(0).max(65_535).default(2525),
  /**
   * Where the sandbox keeps its state (positions, receipts, carts, flows, IO profiles and messages,
   * mail) across restarts; unset, it lives in memory only. `npm start` sets .data/sandbox/state.bin.
   */
  SANDBOX_STATE_FILE: z.string().min(1).optional(),
});

export type SandboxConfig = z.infer<typeof sandboxEnvironment>;

/** The sandbox's own base URL, as others must call it (the OIDC issuer is derived from it). */
export const sandboxPublicUrl = (config: SandboxConfig): string =>
  config.SANDBOX_PUBLIC_URL ?? `http://${config.SANDBOX_HOST}:${config.SANDBOX_PORT}`;

export const loadSandboxConfig = (source: NodeJS.ProcessEnv = process.env): SandboxConfig =>
  parseEnvironment(sandboxEnvironment, source);
