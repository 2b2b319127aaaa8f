import { ConfigurationError } from './environment';
import {
  assertProductionReady,
  databaseRoleReadiness,
  developmentSecrets,
  isSandboxUrl,
  productionReadiness,
} from './production-readiness';

describe('production readiness', () => {
  const requirements = { secrets: ['SECRET_A', 'SECRET_B'], urls: ['SOME_URL', 'ISSUERS'] };
  const strong = 's'.repeat(32);
  const ready = {
    NODE_ENV: 'production',
    SECRET_A: strong,
    SECRET_B: `${strong}-b`,
    SOME_URL: 'https://api.platform.pagopa.it/gpd/debt-positions-service/v1',
    ISSUERS: [{ issuer: 'https://idp.example.it/oidc', audience: 'sus-api' }],
  };

  it('accepts strong secrets and real URLs', () => {
    expect(productionReadiness(ready, requirements)).toEqual([]);
  });

  it('checks nothing outside production', () => {
    expect(productionReadiness({ NODE_ENV: 'development' }, requirements)).toEqual([]);
    expect(
      productionReadiness({ NODE_ENV: 'test', SOME_URL: 'http://127.0.0.1:3100' }, requirements),
    ).toEqual([]);
  });

  it('names a missing, a development and a short secret', () => {
    expect(productionReadiness({ ...ready, SECRET_A: undefined }, requirements)).toEqual([
      { variable: 'SECRET_A', problem: expect.stringMatching(/is required in production/) },
    ]);
    for (const value of Object.values(developmentSecrets))
      expect(productionReadiness({ ...ready, SECRET_B: value }, requirements)).toEqual([
        { variable: 'SECRET_B', problem: expect.stringMatching(/development value/) },
      ]);
    expect(productionReadiness({ ...ready, SECRET_A: 'x'.repeat(31) }, requirements)).toEqual([
      { variable: 'SECRET_A', problem: expect.stringMatching(/at least 32 characters/) },
    ]);
  });

  it('names URLs of the sandbox, also inside JSON values, unless sandbox platforms are allowed', () => {
    const sandboxed = {
      ...ready,
      SOME_URL: 'http://127.0.0.1:3100/gpd/debt-positions-service/v1',
      ISSUERS: [{ issuer: 'https://idp.example.it/oidc', jwksUri: 'http://sandbox:3100/oidc/jwks' }],
    };
    expect(productionReadiness(sandboxed, requirements).map((p) => p.variable)).toEqual([
      'SOME_URL',
      'ISSUERS',
    ]);
    expect(productionReadiness(sandboxed, { ...requirements, allowSandboxUrls: true })).toEqual([]);
  });

  it('recognises the sandbox by its default address, compose name or /__sandbox routes', () => {
    expect(isSandboxUrl('http://127.0.0.1:3100/oidc')).toBe(true);
    expect(isSandboxUrl('http://localhost:3100/checkout/ec/v1')).toBe(true);
    expect(isSandboxUrl('http://sandbox:3100/gpd')).toBe(true);
    expect(isSandboxUrl('https://pa.example.it/__sandbox/pagopa')).toBe(true);
    expect(isSandboxUrl('https://api.platform.pagopa.it/gpd')).toBe(false);
    expect(isSandboxUrl('http://127.0.0.1:3000')).toBe(false);
    expect(isSandboxUrl('not a url')).toBe(false);
  });

  it('throws one ConfigurationError listing every variable', () => {
    const attempt = () =>
      assertProductionReady(
        { NODE_ENV: 'production', SECRET_A: 'short', SOME_URL: 'http://127.0.0.1:3100/x' },
        requirements,
      );
    expect(attempt).toThrow(ConfigurationError);
    try {
      attempt();
    } catch (error) {
      expect((error as ConfigurationError).problems.map((p) => p.variable)).toEqual([
        'SECRET_A',
        'SECRET_B',
        'SOME_URL',
      ]);
      expect((error as Error).message).toMatch(/SECRET_A: .*\n.*SECRET_B: .*\n.*SOME_URL: /);
    }
  });

  describe('the database role', () => {
    const production = { NODE_ENV: 'production' };
    const application = { role: 'sus_app', superuser: false, createRole: false, ownedTables: [] };

    it('accepts a role that owns nothing and is no superuser', () => {
      expect(databaseRoleReadiness(production, application)).toEqual([]);
    });

    it('refuses a superuser, a role that may create roles, or an owner of tables, naming DATABASE_URL', () => {
      expect(
        databaseRoleReadiness(production, { ...application, role: 'postgres', superuser: true }),
      ).toEqual([
        { variable: 'DATABASE_URL', problem: expect.stringMatching(/"postgres", which is a superuser/) },
      ]);
      expect(databaseRoleReadiness(production, { ...application, createRole: true })).toEqual([
        { variable: 'DATABASE_URL', problem: expect.stringMatching(/may create roles/) },
      ]);
      const owner = { ...application, role: 'sus', ownedTables: ['api_key', 'audit_log', 'ente', 'payment'] };
      expect(databaseRoleReadiness(production, owner)).toEqual([
        {
          variable: 'DATABASE_URL',
          problem: expect.stringMatching(
            /"sus", which owns api_key, audit_log, ente, …, .*DATABASE_OWNER_URL/,
          ),
        },
      ]);
    });

    it("refuses the application role's development password in DATABASE_URL", () => {
      const url = (password: string) => `postgres://sus_app:${password}@db.internal:5432/sus`;
      expect(
        productionReadiness(
          { ...ready, DATABASE_URL: url(developmentSecrets.applicationDatabasePassword) },
          requirements,
        ),
      ).toEqual([{ variable: 'DATABASE_URL', problem: expect.stringMatching(/development password/) }]);
      expect(
        productionReadiness({ ...ready, DATABASE_URL: url('a-password-of-its-own') }, requirements),
      ).toEqual([]);
    });

    it('checks nothing outside production', () => {
      expect(databaseRoleReadiness({ NODE_ENV: 'test' }, { ...application, superuser: true })).toEqual([]);
    });
  });
});
