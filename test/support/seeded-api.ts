import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  catalogDataSourceOptions,
  EntiService,
  seedCatalog,
  systemContext,
  type SaveEnteInput,
} from '@sus/catalog';
import { orgFiscalCodeCheckDigit } from '@sus/domain';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from './database';
import { bearer, startTestIssuer, type TestIssuer } from './identity';
import { gql } from './graphql';
import { startApi } from './platform';
import { countQueries } from './query-counter';
import { createLocalTemporal } from './temporal';

/**
 * The real api on a fresh, seeded database, called as the regional administrator: catalog tests
 * exercise the catalog, access rules have their own matrix test. `queries` counts the api's SQL.
 */
export class SeededApi {
  db!: TestDatabase;
  temporal!: TestWorkflowEnvironment;
  issuer!: TestIssuer;
  dataSource!: DataSource;
  api!: { app: NestFastifyApplication; url: string };
  queries!: ReturnType<typeof countQueries>;
  /** The task queue the api starts workflows on (a test may run a worker on it). */
  taskQueue!: string;
  private asRegionalAdmin!: Record<string, string>;

  async start(taskQueuePrefix: string): Promise<void> {
    [this.db, this.temporal, this.issuer] = await Promise.all([
      createTestDatabase(),
      createLocalTemporal(),
      startTestIssuer(),
    ]);
    this.asRegionalAdmin = await bearer(this.issuer, 'regionalAdmin');
    this.dataSource = await new DataSource(catalogDataSourceOptions(this.db.url, 2)).initialize();
    await seedCatalog(this.dataSource);
    this.taskQueue = `${taskQueuePrefix}-${randomUUID()}`;
    this.api = await startApi({
      databaseUrl: this.db.url,
      temporalAddress: this.temporal.address,
      taskQueue: this.taskQueue,
      extra: { OIDC_ISSUERS: this.issuer.oidcIssuers },
    });
    this.queries = countQueries(this.api.app.get(DataSource));
  }

  async stop(): Promise<void> {
    await this.api?.app.close();
    await this.dataSource?.destroy();
    await this.issuer?.close();
    await this.temporal?.teardown();
    await this.db?.drop();
  }

  /** support/graphql.ts gql(), as the regional administrator. */
  gql<T>(query: string, variables?: Record<string, unknown>) {
    return gql<T>(this.api, query, variables, { as: this.asRegionalAdmin });
  }

  /** A new comune of Regione FVG with a random IPA code and a valid fiscal code. */
  newComune(extra: Partial<SaveEnteInput> = {}) {
    const suffix = randomUUID().slice(0, 8);
    const tenDigits = String(Math.floor(Math.random() * 1e10)).padStart(10, '0');
    return new EntiService(this.dataSource).save(systemContext('test'), {
      ipaCode: `c_g${suffix}`,
      type: 'comune',
      name: `Comune di Prova ${suffix}`,
      fiscalCode: `${tenDigits}${orgFiscalCodeCheckDigit(tenDigits)}`,
      regionCode: 'r_friuve',
      ...extra,
    });
  }
}
