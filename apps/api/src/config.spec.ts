import { ConfigurationError, developmentSecrets } from '@sus/platform';
import { loadApiSettings } from './config';

describe('api configuration', () => {
  const valid = { DATABASE_URL: 'postgres://sus@127.0.0.1:5432/sus' };
  /** Everything production asks for: secrets of its own, the real platforms. */
  const production = {
    ...valid,
    NODE_ENV: 'production',
    NOTICE_LINK_SECRET: 'n'.repeat(32),
    PAGOPA_RECEIPT_KEY: 'r'.repeat(32),
    PAGOPA_CHECKOUT_SUBSCRIPTION_KEY: 'c'.repeat(32),
    AUDIT_PSEUDONYM_KEY: 'a'.repeat(32),
    PAGOPA_CHECKOUT_URL: 'https://api.platform.pagopa.it/checkout/ec/v1',
    OIDC_ISSUERS: JSON.stringify([
      { issuer: 'https://login.regione.example.it/oidc', audience: 'sus-api', actors: ['citizen'] },
    ]),
  };
  const secrets = [
    'NOTICE_LINK_SECRET',
    'PAGOPA_RECEIPT_KEY',
    'PAGOPA_CHECKOUT_SUBSCRIPTION_KEY',
    'AUDIT_PSEUDONYM_KEY',
  ];
  const problemsOf = (env: NodeJS.ProcessEnv): string[] => {
    try {
      loadApiSettings(env);
      return [];
    } catch (error) {
      if (!(error instanceof ConfigurationError)) throw error;
      return error.problems.map((p) => p.variable);
    }
  };

  it('applies the documented defaults', () => {
    const sut = loadApiSettings(valid);
    expect(sut.values).toMatchObject({
      API_HOST: '127.0.0.1',
      API_PORT: 3000,
      TEMPORAL_ADDRESS: '127.0.0.1:7233',
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: 'sus',
      NODE_ENV: 'development',
    });
    expect(sut.graphiql).toBe(true);
  });

  it('turns GraphiQL off in production unless asked for', () => {
    expect(loadApiSettings(production).graphiql).toBe(false);
    expect(loadApiSettings({ ...production, GRAPHIQL: 'true' }).graphiql).toBe(true);
  });

  it('trusts a proxy only when told which', () => {
    expect(loadApiSettings(valid).trustProxy).toBe(false);
    expect(loadApiSettings({ ...valid, API_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadApiSettings({ ...valid, API_TRUST_PROXY: '10.0.0.1, 10.1.0.0/16' }).trustProxy).toEqual([
      '10.0.0.1',
      '10.1.0.0/16',
    ]);
  });

  it('requires the audit pseudonym key in production only', () => {
    expect(() => loadApiSettings({ ...production, AUDIT_PSEUDONYM_KEY: undefined })).toThrow(
      /AUDIT_PSEUDONYM_KEY/,
    );
    expect(loadApiSettings(valid).auditPseudonymKey.length).toBeGreaterThanOrEqual(32);
  });

  it('starts in development with the development secrets and the sandbox', () => {
    const sut = loadApiSettings(valid);
    expect(sut.values).toMatchObject({
      NOTICE_LINK_SECRET: developmentSecrets.noticeLinkSecret,
      PAGOPA_RECEIPT_KEY: developmentSecrets.receiptKey,
      PAGOPA_CHECKOUT_SUBSCRIPTION_KEY: developmentSecrets.subscriptionKey,
      PAGOPA_CHECKOUT_URL: 'http://127.0.0.1:3100/checkout/ec/v1',
    });
    expect(sut.auditPseudonymKey).toBe(developmentSecrets.auditPseudonymKey);
    expect(problemsOf({ ...valid, NODE_ENV: 'test' })).toEqual([]);
  });

  it('starts in production with secrets of its own and the real platforms', () => {
    expect(problemsOf(production)).toEqual([]);
  });

  it('refuses production with the defaults, naming every secret and the sandbox Checkout in one error', () => {
    expect(problemsOf({ ...valid, NODE_ENV: 'production' })).toEqual([...secrets, 'PAGOPA_CHECKOUT_URL']);
    expect(() => loadApiSettings({ ...valid, NODE_ENV: 'production' })).toThrow(
      /NOTICE_LINK_SECRET: is a development value[\s\S]*AUDIT_PSEUDONYM_KEY: is required in production/,
    );
  });

  it.each(secrets)('refuses production when %s is missing, a development value or short', (variable) => {
    expect(problemsOf({ ...production, [variable]: undefined })).toEqual(
      // The api's own defaults are development values; the audit key has none.
      [variable],
    );
    for (const value of Object.values(developmentSecrets))
      expect({ value, problems: problemsOf({ ...production, [variable]: value }) }).toEqual({
        value,
        problems: [variable],
      });
    expect(problemsOf({ ...production, [variable]: 'x'.repeat(31) })).toEqual([variable]);
  });

  it('refuses the sandbox as Checkout or IdP in production unless ALLOW_SANDBOX_PLATFORMS=true', () => {
    const sandboxIdp = JSON.stringify([
      { issuer: 'http://127.0.0.1:3100/oidc', audience: 'sus-api', actors: ['citizen', 'staff'] },
    ]);
    expect(problemsOf({ ...production, OIDC_ISSUERS: sandboxIdp })).toEqual(['OIDC_ISSUERS']);
    const composeIdp = JSON.stringify([
      {
        issuer: 'https://login.example.it/oidc',
        audience: 'sus-api',
        jwksUri: 'http://sandbox:3100/oidc/jwks',
        actors: ['citizen', 'staff'],
      },
    ]);
    expect(problemsOf({ ...production, OIDC_ISSUERS: composeIdp })).toEqual(['OIDC_ISSUERS']);
    const sandboxCheckout = {
      ...production,
      PAGOPA_CHECKOUT_URL: 'https://pa.example.it/__sandbox/checkout',
    };
    expect(problemsOf(sandboxCheckout)).toEqual(['PAGOPA_CHECKOUT_URL']);
    expect(
      problemsOf({ ...sandboxCheckout, OIDC_ISSUERS: sandboxIdp, ALLOW_SANDBOX_PLATFORMS: 'true' }),
    ).toEqual([]);
  });

  it('reads the accepted OIDC issuers as JSON and names the variable when it is wrong', () => {
    const citizensOnly = [{ issuer: 'https://idp.example/oidc', audience: 'sus-api', actors: ['citizen'] }];
    expect(
      loadApiSettings({ ...valid, OIDC_ISSUERS: JSON.stringify(citizensOnly) }).values.OIDC_ISSUERS,
    ).toEqual(citizensOnly);
    expect(loadApiSettings(valid).values.OIDC_ISSUERS).toEqual([]);
    expect(() => loadApiSettings({ ...valid, OIDC_ISSUERS: 'not json' })).toThrow(
      /OIDC_ISSUERS: must be JSON/,
    );
    expect(() => loadApiSettings({ ...valid, OIDC_ISSUERS: '[{"issuer":"nope"}]' })).toThrow(/OIDC_ISSUERS/);
  });

  it('names every bad variable in one message', () => {
    const attempt = () =>
      loadApiSettings({ DATABASE_URL: 'mysql://x', API_PORT: '70000', TEMPORAL_ADDRESS: 'nohost' });
    expect(attempt).toThrow(ConfigurationError);
    try {
      attempt();
    } catch (error) {
      const { problems, message } = error as ConfigurationError;
      expect(problems.map((p) => p.variable).sort()).toEqual([
        'API_PORT',
        'DATABASE_URL',
        'TEMPORAL_ADDRESS',
      ]);
      expect(message).toContain('DATABASE_URL: must be a postgres:// connection URL');
    }
  });

  it('reports a missing DATABASE_URL by name', () => {
    expect(() => loadApiSettings({})).toThrow(/DATABASE_URL/);
  });

  it('treats an empty variable as unset', () => {
    expect(loadApiSettings({ ...valid, API_PORT: '' }).values.API_PORT).toBe(3000);
  });
});
