import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { bearer, startTestIssuer, type TestIssuer } from '../support/identity';
import { startApi } from '../support/platform';

/** Nothing listens here: Temporal is down, so the api is not ready and has reasons to tell. */
const NO_TEMPORAL = '127.0.0.1:1';

describe('/health/ready: public status, detail for regional administrators only', () => {
  let db: TestDatabase;
  let issuer: TestIssuer;
  let api: { app: NestFastifyApplication; url: string };

  beforeAll(async () => {
    [db, issuer] = await Promise.all([createTestDatabase(), startTestIssuer()]);
    api = await startApi({
      databaseUrl: db.url,
      temporalAddress: NO_TEMPORAL,
      taskQueue: 'health-ready',
      extra: { OIDC_ISSUERS: issuer.oidcIssuers },
    });
  });

  afterAll(async () => {
    await api?.app.close();
    await issuer?.close();
    await db?.drop();
  });

  const ready = async (headers: Record<string, string> = {}) => {
    const response = await fetch(`${api.url}/health/ready`, { headers });
    return { status: response.status, text: await response.text() };
  };

  it('tells anyone only which checks are up, without error texts or addresses', async () => {
    const { status, text } = await ready();
    expect(status).toBe(503);
    expect(JSON.parse(text)).toEqual({
      status: 'not ready',
      checks: { postgres: 'up', temporal: 'down', worker: 'down' },
    });
    expect(text).not.toContain('127.0.0.1');
    expect(text).not.toContain('detail');
  });

  it('gives the same public answer to other staff and to a wrong token', async () => {
    for (const headers of [
      await bearer(issuer, 'operatorX'),
      await bearer(issuer, 'enteAdminX'),
      { authorization: 'Bearer not-a-jwt' },
    ]) {
      const { status, text } = await ready(headers);
      expect(status).toBe(503);
      expect(JSON.parse(text)).toEqual({
        status: 'not ready',
        checks: { postgres: 'up', temporal: 'down', worker: 'down' },
      });
    }
  });

  it('shows a regional administrator why a check is down', async () => {
    const { status, text } = await ready(await bearer(issuer, 'regionalAdmin'));
    expect(status).toBe(503);
    expect(JSON.parse(text)).toEqual({
      status: 'not ready',
      checks: {
        postgres: { status: 'up' },
        temporal: { status: 'down', detail: expect.any(String) },
        worker: { status: 'down', detail: 'Temporal is down' },
      },
    });
  });
});
