import { existsSync } from 'node:fs';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { chromium, type Browser } from 'playwright-core';
import { DataSource } from 'typeorm';
import { catalogDataSourceOptions, seedCatalog } from '@sus/catalog';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { gql } from '../support/graphql';
import { startApi } from '../support/platform';

/**
 * Acceptance (issue 17 item 5): GraphiQL works on a network without egress. Every request the page
 * makes to anywhere but the api is blocked and recorded; the page must still run a query.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const QUERY = '{ serviceTypes { code scope } }';

describe('GraphiQL with outside requests blocked', () => {
  let db: TestDatabase;
  let api: { app: NestFastifyApplication; url: string };
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`${CHROMIUM} is missing: install the Debian package chromium.`);
    db = await createTestDatabase();
    const dataSource = await new DataSource(catalogDataSourceOptions(db.url, 1)).initialize();
    await seedCatalog(dataSource);
    await dataSource.destroy();
    api = await startApi({ databaseUrl: db.url, temporalAddress: '127.0.0.1:1', taskQueue: 'graphiql' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await api?.app.close();
    await db?.drop();
  });

  it('loads every asset from the api and runs a query', async () => {
    const expected = await gql(api, QUERY);
    expect(expected.errors).toBeUndefined();
    expect((expected.data as { serviceTypes: unknown[] }).serviceTypes.length).toBeGreaterThan(0);

    const page = await browser.newPage();
    const outside: string[] = [];
    const served: string[] = [];
    await page.route('**/*', async (route) => {
      const url = route.request().url();
      if (url.startsWith(`${api.url}/`)) {
        served.push(new URL(url).pathname);
        return route.continue();
      }
      if (url.startsWith('data:')) return route.continue();
      outside.push(url);
      return route.abort('internetdisconnected');
    });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await page.goto(`${api.url}/graphiql?query=${encodeURIComponent(QUERY)}`);
    await page.locator('.graphiql-execute-button').click();
    const result = page.locator('.result-window');
    await result.getByText('"serviceTypes"').waitFor();
    // The result pane is a CodeMirror editor: its instance hangs on its element.
    const text = await page
      .locator('.result-window .CodeMirror')
      .evaluate((element: unknown) =>
        (element as { CodeMirror: { getValue(): string } }).CodeMirror.getValue(),
      );
    await page.close();

    expect(JSON.parse(text)).toEqual({ data: expected.data });
    expect(outside).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(served).toEqual(
      expect.arrayContaining([
        '/graphiql',
        '/graphiql/assets/react.js',
        '/graphiql/assets/react-dom.js',
        '/graphiql/assets/graphiql.js',
        '/graphiql/assets/graphiql.css',
        '/graphiql/assets/start.js',
        '/graphql',
      ]),
    );
  });

  it('serves only the assets it knows', async () => {
    const unknown = await fetch(`${api.url}/graphiql/assets/..%2F..%2Fpackage.json`);
    expect(unknown.status).toBe(404);
    const page = await fetch(`${api.url}/graphiql`);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
  });
});
