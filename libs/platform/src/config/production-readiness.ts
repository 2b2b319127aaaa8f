import { ConfigurationError, type ConfigurationProblem } from './environment';

/**
 * Secrets that appear in this repository (code defaults, the start command, examples). They are
 * fine for development and tests; with NODE_ENV=production every process refuses them.
 */
export const developmentSecrets = {
  noticeLinkSecret: 'development-only-notice-link-secret-change-me',
  subscriptionKey: 'sandbox-subscription-key',
  receiptKey: 'sandbox-receipt-key-change-me',
  auditPseudonymKey: 'sus-development-audit-pseudonym-key-not-secret',
  composeAuditPseudonymKey: 'compose-example-key-replace-me-0123456789abcdef',
  /** The application database role's password where npm start and the tests set it. */
  applicationDatabasePassword: 'sus-app-local-development-password',
} as const;

const knownDevelopmentSecrets: ReadonlySet<string> = new Set(Object.values(developmentSecrets));

/** The shortest secret accepted in production. */
export const MIN_PRODUCTION_SECRET_LENGTH = 32;

export interface ProductionRequirements {
  /** Variables holding secrets: required, not a development value, at least 32 characters. */
  secrets: readonly string[];
  /** Variables holding URLs (or JSON with URLs inside, e.g. OIDC_ISSUERS) that must not be the sandbox. */
  urls: readonly string[];
  /**
   * Accept sandbox URLs (a demonstration or staging deployment, e.g. docker-compose.yml, with
   * ALLOW_SANDBOX_PLATFORMS=true). Secrets are checked all the same.
   */
  allowSandboxUrls?: boolean;
}

const SANDBOX_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '0.0.0.0', 'sandbox']);

/** The sandbox's default address, its compose name, or one of its /__sandbox routes. */
export function isSandboxUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.pathname.split('/').includes('__sandbox')) return true;
  if (url.hostname === 'sandbox') return true;
  return url.port === '3100' && SANDBOX_HOSTS.has(url.hostname);
}

function passwordOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return '';
  }
}

/** Every string inside a value (strings, arrays, plain objects). */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}

/**
 * What stops these (parsed) settings from running in production: missing, development or short
 * secrets, and URLs of the sandbox. Empty outside NODE_ENV=production.
 */
export function productionReadiness(
  values: Record<string, unknown>,
  requirements: ProductionRequirements,
): ConfigurationProblem[] {
  if (values.NODE_ENV !== 'production') return [];
  const problems: ConfigurationProblem[] = [];
  for (const variable of requirements.secrets) {
    const value = values[variable];
    if (typeof value !== 'string' || value === '') {
      problems.push({
        variable,
        problem: 'is required in production (a random secret, e.g. openssl rand -hex 32)',
      });
    } else if (knownDevelopmentSecrets.has(value)) {
      problems.push({
        variable,
        problem:
          'is a development value published in the repository (or the default); set a secret of your own',
      });
    } else if (value.length < MIN_PRODUCTION_SECRET_LENGTH) {
      problems.push({
        variable,
        problem: `must be at least ${MIN_PRODUCTION_SECRET_LENGTH} characters in production`,
      });
    }
  }
  // The password npm start and the tests give the application role must not reach a real database.
  if (typeof values.DATABASE_URL === 'string' && knownDevelopmentSecrets.has(passwordOf(values.DATABASE_URL)))
    problems.push({
      variable: 'DATABASE_URL',
      problem: 'has a development password published in the repository; give the role a password of your own',
    });
  if (!requirements.allowSandboxUrls) {
    for (const variable of requirements.urls) {
      const sandbox = stringsIn(values[variable]).filter(isSandboxUrl);
      if (sandbox.length > 0)
        problems.push({
          variable,
          problem:
            `points at the sandbox (${[...new Set(sandbox)].join(', ')}); set the real platform's URL ` +
            '(or ALLOW_SANDBOX_PLATFORMS=true for a demonstration deployment)',
        });
    }
  }
  return problems;
}

/** Throws a ConfigurationError naming every variable that is not ready for production. */
export function assertProductionReady(
  values: Record<string, unknown>,
  requirements: ProductionRequirements,
): void {
  const problems = productionReadiness(values, requirements);
  if (problems.length > 0) throw new ConfigurationError(problems);
}

/** What the role behind DATABASE_URL may do, as the database reports it (read once at start). */
export interface DatabaseRoleFacts {
  role: string;
  superuser: boolean;
  /** May create roles, and so (before Postgres 16) make itself a member of the owner. */
  createRole: boolean;
  /** Tables it owns, directly or through a role it is a member of. */
  ownedTables: readonly string[];
}

/**
 * Production refuses an application connection that could drop or disable the audit log's
 * append-only triggers: a superuser, a role that may create roles, or one that owns tables.
 */
export function databaseRoleReadiness(
  values: Record<string, unknown>,
  facts: DatabaseRoleFacts,
): ConfigurationProblem[] {
  if (values.NODE_ENV !== 'production') return [];
  const powers = [
    ...(facts.superuser ? ['is a superuser'] : []),
    ...(facts.createRole ? ['may create roles'] : []),
    ...(facts.ownedTables.length > 0
      ? [`owns ${facts.ownedTables.slice(0, 3).join(', ')}${facts.ownedTables.length > 3 ? ', …' : ''}`]
      : []),
  ];
  if (powers.length === 0) return [];
  return [
    {
      variable: 'DATABASE_URL',
      problem:
        `connects as "${facts.role}", which ${powers.join(' and ')}, so it could drop the audit log's ` +
        'triggers; connect as the application role (sus_app) and run migrations with DATABASE_OWNER_URL',
    },
  ];
}
