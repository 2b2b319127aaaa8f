import { z } from 'zod';
import { SusError } from '../errors/sus-error';

export interface ConfigurationProblem {
  variable: string;
  problem: string;
}

/** Thrown at start when a variable is missing or malformed; the message names every bad variable. */
export class ConfigurationError extends SusError<'INVALID_CONFIGURATION'> {
  override readonly name = 'ConfigurationError';

  constructor(readonly problems: ConfigurationProblem[]) {
    super(
      'INVALID_CONFIGURATION',
      `Invalid configuration:\n${problems.map((p) => `  - ${p.variable}: ${p.problem}`).join('\n')}\n` +
        'Fix the environment variables above (see the configuration table in README.md).',
    );
  }
}

export function parseEnvironment<S extends z.ZodObject>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  // Empty strings are "not set": a blank line in an env file must not override a default.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = schema.safeParse(present);
  if (parsed.success) return parsed.data;
  throw new ConfigurationError(
    parsed.error.issues.map((issue) => ({
      variable: issue.path.join('.') || '(environment)',
      problem: issue.message,
    })),
  );
}

const port = z.coerce.number().int().min(1).max(65535);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const postgresUrl = z
  .string()
  .regex(
    /^postgres(ql)?:\/\//,
    'must be a postgres:// connection URL, e.g. postgres://user@127.0.0.1:5432/sus',
  );

/** The api's and the worker's connection: the application role, which owns no table. */
export const databaseEnvironment = z.object({
  DATABASE_URL: postgresUrl,
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
});

/** Migrations and seed data: the role that owns the tables (never given to the api or the worker). */
export const ownerDatabaseEnvironment = z.object({
  DATABASE_OWNER_URL: postgresUrl,
});

export const temporalEnvironment = z.object({
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^:\s]+:\d+$/, 'must be host:port, e.g. 127.0.0.1:7233')
    .default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('sus'),
  /** TLS to the frontend; implied by any of the TLS files or an API key below. */
  TEMPORAL_TLS: bool.optional(),
  /** Client certificate and key (PEM files) for mutual TLS, e.g. a self-hosted cluster or Temporal Cloud with mTLS. */
  TEMPORAL_TLS_CERT_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_KEY_PATH: z.string().min(1).optional(),
  /** CA that signed the server's certificate (PEM), when it is not a public one. */
  TEMPORAL_TLS_CA_PATH: z.string().min(1).optional(),
  /** The server name to check the certificate against, when it differs from the address's host. */
  TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
  /** Temporal Cloud API key (sent as a bearer token; turns TLS on). */
  TEMPORAL_API_KEY: z.string().min(1).optional(),
});

export const runtimeEnvironment = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Human-readable logs for a terminal (npm start); JSON lines otherwise. */
  LOG_PRETTY: bool.default(false),
  /**
   * With NODE_ENV=production, accept URLs of the sandbox (a demonstration deployment such as
   * docker-compose.yml). Never where real citizens pay or sign in; secrets are checked all the same.
   */
  ALLOW_SANDBOX_PLATFORMS: bool.default(false),
  /**
   * OpenTelemetry traces go to this OTLP/HTTP collector (its base URL; spans to <url>/v1/traces).
   * Unset or empty: no tracing.
   */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.union([z.literal(''), z.url()]).optional(),
});

export const env = { port, bool };
