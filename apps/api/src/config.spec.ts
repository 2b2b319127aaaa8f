import { ConfigurationError } from '@sus/platform';
import { loadApiSettings } from './config';

describe('api configuration', () => {
  const valid = { DATABASE_URL: 'postgres://sus@127.0.0.1:5432/sus' };

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
    const production = { ...valid, NODE_ENV: 'production', AUDIT_PSEUDONYM_KEY: 'k'.repeat(32) };
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
    expect(() => loadApiSettings({ ...valid, NODE_ENV: 'production' })).toThrow(/AUDIT_PSEUDONYM_KEY/);
    expect(loadApiSettings(valid).auditPseudonymKey.length).toBeGreaterThanOrEqual(32);
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
