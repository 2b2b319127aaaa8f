import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from './support/database';
import { bearer, startTestIssuer, type TestIssuer } from './support/identity';
import { gql } from './support/graphql';
import { eventually, startApi, startWorker, type PlatformEnv } from './support/platform';
import { createLocalTemporal } from './support/temporal';

/** GraphQL → Temporal → worker activity → Postgres row → visible through GraphQL. */
describe('platform probe, end to end', () => {
  let db: TestDatabase;
  let temporal: TestWorkflowEnvironment;
  let api: { app: NestFastifyApplication; url: string };
  let worker: INestApplicationContext | undefined;
  let env: PlatformEnv;
  let issuer: TestIssuer;
  /** Probes are for regional administrators (see PlatformProbesResolver). */
  let asAdmin: Record<string, string>;

  beforeAll(async () => {
    [db, temporal, issuer] = await Promise.all([
      createTestDatabase(),
      createLocalTemporal(),
      startTestIssuer(),
    ]);
    env = {
      databaseUrl: db.url,
      temporalAddress: temporal.address,
      taskQueue: `probe-${randomUUID()}`,
      extra: { OIDC_ISSUERS: issuer.oidcIssuers },
    };
    asAdmin = await bearer(issuer, 'regionalAdmin');
    api = await startApi(env);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.app.close();
    await issuer?.close();
    await temporal?.teardown();
    await db?.drop();
  });

  /** As a regional administrator: the public answer names no reasons. */
  const ready = async () => {
    const response = await fetch(`${api.url}/health/ready`, { headers: asAdmin });
    return {
      status: response.status,
      body: (await response.json()) as { checks: Record<string, { status: string; detail?: string }> },
    };
  };

  it('reports not ready, naming the worker, while no worker polls the task queue', async () => {
    const { status, body } = await ready();
    expect(status).toBe(503);
    expect(body.checks.postgres!.status).toBe('up');
    expect(body.checks.temporal!.status).toBe('up');
    expect(body.checks.worker).toEqual({ status: 'down', detail: expect.stringContaining(env.taskQueue) });
  });

  it('is live regardless of its dependencies', async () => {
    const response = await fetch(`${api.url}/health/live`);
    expect(response.status).toBe(200);
  });

  it('runs a probe through a real worker and shows the Postgres row through GraphQL', async () => {
    worker = await startWorker(env);
    await eventually(
      async () => ((await ready()).status === 200 ? true : undefined),
      'readiness with a worker',
    );

    const started = await gql<{ startPlatformProbe: { id: string; workflowId: string } }>(
      api,
      'mutation Start($note: String) { startPlatformProbe(input: { note: $note }) { id workflowId } }',
      { note: 'deploy 42' },
      { as: asAdmin },
    );
    expect(started.errors).toBeUndefined();
    const { id, workflowId } = started.data!.startPlatformProbe;
    expect(workflowId).toBe(`platform-probe/${id}`);

    const probe = await eventually(async () => {
      const result = await gql<{
        platformProbe: { status: string; note: string; workerIdentity: string } | null;
      }>(
        api,
        'query Probe($id: ID!) { platformProbe(id: $id) { status note workerIdentity completedAt } }',
        { id },
        { as: asAdmin },
      );
      return result.data?.platformProbe?.status === 'COMPLETED' ? result.data.platformProbe : undefined;
    }, 'the probe to complete');
    expect(probe).toMatchObject({
      status: 'COMPLETED',
      note: 'deploy 42',
      workerIdentity: expect.stringMatching(/^\d+@/),
    });

    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    const rows = await pg.query('SELECT status, workflow_id FROM platform_probe WHERE id = $1', [id]);
    await pg.end();
    expect(rows.rows).toEqual([{ status: 'completed', workflow_id: workflowId }]);

    const history = await temporal.client.workflow.getHandle(workflowId).result();
    expect(history).toEqual({ probeId: id, workerIdentity: probe.workerIdentity });
  });

  it('reports the worker down as soon as it stops, though Temporal still lists its polls', async () => {
    await worker!.close();
    worker = undefined;
    const { status, body } = await ready();
    expect(status).toBe(503);
    expect(body.checks.worker).toEqual({
      status: 'down',
      detail: `no worker of task queue "${env.taskQueue}" reported in the last 15 s`,
    });
  });

  it('rejects a malformed probe id with a typed error and a note longer than allowed', async () => {
    const badId = await gql(api, '{ platformProbe(id: "not-a-uuid") { id } }', {}, { as: asAdmin });
    expect(badId.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    const longNote = await gql(
      api,
      'mutation { startPlatformProbe(input: { note: "' + 'x'.repeat(201) + '" }) { id } }',
      {},
      { as: asAdmin },
    );
    expect(longNote.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(longNote.errors?.[0]?.message).toMatch(/note/);
  });

  it('echoes the caller request id, or makes one', async () => {
    const echoed = await fetch(`${api.url}/health/live`, { headers: { 'x-request-id': 'abc-123' } });
    expect(echoed.headers.get('x-request-id')).toBe('abc-123');
    const made = await fetch(`${api.url}/health/live`);
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
