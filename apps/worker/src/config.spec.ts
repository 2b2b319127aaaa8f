import { ConfigurationError, developmentSecrets } from '@sus/platform';
import { loadWorkerSettings } from './config';

describe('worker configuration', () => {
  const valid = { DATABASE_URL: 'postgres://sus@127.0.0.1:5432/sus' };
  const production = {
    ...valid,
    NODE_ENV: 'production',
    PAGOPA_GPD_URL: 'https://api.platform.pagopa.it/gpd/debt-positions-service/v1',
    PAGOPA_GPD_SUBSCRIPTION_KEY: 'g'.repeat(32),
    AUDIT_PSEUDONYM_KEY: 'a'.repeat(32),
  };
  const problemsOf = (env: NodeJS.ProcessEnv): string[] => {
    try {
      loadWorkerSettings(env);
      return [];
    } catch (error) {
      if (!(error instanceof ConfigurationError)) throw error;
      return error.problems.map((p) => p.variable);
    }
  };

  it('starts in development with the defaults (the sandbox and development keys)', () => {
    const sut = loadWorkerSettings(valid);
    expect(sut.values.PAGOPA_GPD_URL).toBe('http://127.0.0.1:3100/gpd/debt-positions-service/v1');
    expect(sut.values.PAGOPA_GPD_SUBSCRIPTION_KEY).toBe(developmentSecrets.subscriptionKey);
    expect(sut.auditPseudonymKey).toBe(developmentSecrets.auditPseudonymKey);
  });

  it('reads the App IO keys as a JSON object of service id to key, refusing anything else', () => {
    expect(loadWorkerSettings(valid).values.APP_IO_SERVICE_KEYS).toEqual({});
    expect(
      loadWorkerSettings({ ...valid, APP_IO_SERVICE_KEYS: '{"01SVC":"key-0001"}' }).values
        .APP_IO_SERVICE_KEYS,
    ).toEqual({ '01SVC': 'key-0001' });
    expect(problemsOf({ ...valid, APP_IO_SERVICE_KEYS: '["key-0001"]' })).toEqual(['APP_IO_SERVICE_KEYS']);
    expect(problemsOf({ ...valid, APP_IO_SERVICE_KEYS: '{"01SVC":""}' })).toEqual(['APP_IO_SERVICE_KEYS']);
    expect(problemsOf({ ...valid, SMTP_URL: 'http://mail.example.it' })).toEqual(['SMTP_URL']);
  });

  it('starts in production with secrets of its own and the real platform', () => {
    expect(loadWorkerSettings(production).auditPseudonymKey).toBe('a'.repeat(32));
  });

  it('refuses production with only the defaults, naming every variable in one error', () => {
    expect(() => loadWorkerSettings({ ...valid, NODE_ENV: 'production' })).toThrow(
      /PAGOPA_GPD_SUBSCRIPTION_KEY[\s\S]*AUDIT_PSEUDONYM_KEY[\s\S]*PAGOPA_GPD_URL/,
    );
    expect(problemsOf({ ...valid, NODE_ENV: 'production' })).toEqual([
      'PAGOPA_GPD_SUBSCRIPTION_KEY',
      'AUDIT_PSEUDONYM_KEY',
      'PAGOPA_GPD_URL',
    ]);
  });

  it.each(['PAGOPA_GPD_SUBSCRIPTION_KEY', 'AUDIT_PSEUDONYM_KEY'])(
    'refuses production when %s is missing, a development value or short',
    (variable) => {
      expect(problemsOf({ ...production, [variable]: undefined })).toEqual([variable]);
      expect(problemsOf({ ...production, [variable]: developmentSecrets.composeAuditPseudonymKey })).toEqual([
        variable,
      ]);
      expect(problemsOf({ ...production, [variable]: developmentSecrets.subscriptionKey })).toEqual([
        variable,
      ]);
    },
  );

  it('refuses production with a short subscription key', () => {
    expect(problemsOf({ ...production, PAGOPA_GPD_SUBSCRIPTION_KEY: 'k'.repeat(31) })).toEqual([
      'PAGOPA_GPD_SUBSCRIPTION_KEY',
    ]);
  });

  it('refuses the sandbox GPD in production unless ALLOW_SANDBOX_PLATFORMS=true', () => {
    const sandboxed = { ...production, PAGOPA_GPD_URL: 'http://sandbox:3100/gpd/debt-positions-service/v1' };
    expect(problemsOf(sandboxed)).toEqual(['PAGOPA_GPD_URL']);
    expect(problemsOf({ ...sandboxed, ALLOW_SANDBOX_PLATFORMS: 'true' })).toEqual([]);
  });
});
