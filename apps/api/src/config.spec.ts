import { ConfigurationError } from '@sus/catalog';
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
    expect(loadApiSettings({ ...valid, NODE_ENV: 'production' }).graphiql).toBe(false);
    expect(loadApiSettings({ ...valid, NODE_ENV: 'production', GRAPHIQL: 'true' }).graphiql).toBe(true);
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
