import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser } from 'playwright-core';
import { DataSource } from 'typeorm';
import { catalogDataSourceOptions, seedCatalog } from '@sus/catalog';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { freePort } from '../support/free-port';
import { startApi } from '../support/platform';
import { checkPage, launchChromium, offlinePage, startPortal, type RunningPortal } from '../support/portal';

/**
 * Acceptance (issue 14 item 1, services): an ente's services and their scheda servizio in a real
 * browser. Trieste offers the civil marriage on line (start it after signing in); Medea only at the
 * counter, and its card says where and when. Nothing but the portal is reachable.
 */
describe('portal: the services of an ente in the browser', () => {
  let db: TestDatabase;
  let api: { app: NestFastifyApplication; url: string };
  let portal: RunningPortal;
  let browser: Browser;
  const violations: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    const dataSource = await new DataSource(catalogDataSourceOptions(db.url, 1)).initialize();
    await seedCatalog(dataSource);
    await dataSource.destroy();
    // Reading the catalog needs neither Temporal nor the sandbox.
    api = await startApi({
      databaseUrl: db.url,
      temporalAddress: '127.0.0.1:1',
      taskQueue: 'portal-services',
    });
    portal = await startPortal({ port: await freePort(), apiUrl: api.url, sandboxUrl: 'http://127.0.0.1:9' });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await portal?.close();
    await api?.app.close();
    await db?.drop();
  });

  it('lists the comuni, then the services of one, marking what is on line', async () => {
    const { page, outside, errors } = await offlinePage(browser, [portal.url]);
    await page.goto(portal.url);
    await page.getByRole('heading', { level: 1, name: 'Servizi on line dei comuni' }).waitFor();
    violations.push(...(await checkPage(page, 'home')));
    await page.getByRole('link', { name: 'Servizi di Comune di Trieste' }).click();
    await page.getByRole('heading', { level: 1, name: 'Servizi di Comune di Trieste' }).waitFor();
    await page.getByRole('link', { name: 'Matrimonio civile' }).waitFor();
    const marriage = page.locator('article', { hasText: 'Matrimonio civile' });
    await marriage.getByText('On line').waitFor();
    violations.push(...(await checkPage(page, 'services-trieste')));
    expect(outside).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("Trieste's civil marriage card: costs, term, and the application on line after signing in", async () => {
    const { page, outside } = await offlinePage(browser, [portal.url]);
    await page.goto(`${portal.url}/enti/c_l424/servizi/MATRIMONIO-CIVILE`);
    await page.getByRole('heading', { level: 1, name: 'Matrimonio civile' }).waitFor();
    for (const section of [
      'Descrizione',
      'Come fare',
      'Quanto costa',
      'Tempi e scadenze',
      'Accedere al servizio',
      'Contatti',
    ]) {
      await page.getByRole('heading', { level: 2, name: section }).waitFor();
    }
    await page.getByText('Uso della Sala matrimoni del Municipio, giorni feriali: 150,00 €').waitFor();
    await page.getByText('statocivile@comune.trieste.it').waitFor();
    await page.getByRole('button', { name: 'Accedi con SPID o CIE per avviare la pratica' }).waitFor();
    violations.push(...(await checkPage(page, 'service-card-trieste-marriage')));
    expect(outside).toEqual([]);
    await page.context().close();
  });

  it("Medea's civil marriage card sends the citizen to the counter, with its address and hours", async () => {
    const { page, outside } = await offlinePage(browser, [portal.url]);
    await page.goto(`${portal.url}/enti/c_f081/servizi/MATRIMONIO-CIVILE`);
    await page.getByRole('heading', { level: 1, name: 'Matrimonio civile' }).waitFor();
    await page
      .getByText('Questo servizio non si può richiedere on line. Rivolgiti allo sportello:')
      .waitFor();
    await page.getByText('Municipio di Medea - Ufficio Anagrafe e Stato Civile').waitFor();
    await page.getByText('Orari: Su appuntamento presso il Municipio').waitFor();
    expect(await page.getByRole('button', { name: /avviare la pratica|Avvia la pratica/ }).count()).toBe(0);
    violations.push(...(await checkPage(page, 'service-card-medea-marriage')));
    await page.getByRole('button', { name: /ENG/ }).click();
    await page.getByText('This service cannot be requested on line. Go to the counter:').waitFor();
    expect(outside).toEqual([]);
    await page.context().close();
  });

  it("opens the CIE service's card from the booking link of an identity-card reminder", async () => {
    const { page, outside } = await offlinePage(browser, [portal.url]);
    // As cieBookingUrl writes it for Trieste, whose CIE office is a booking resource.
    await page.goto(`${portal.url}/prenotazioni/c_l424/servizio/CIE?risorsa=UFFICIO-CIE`);
    await page.getByRole('heading', { level: 1, name: "Carta d'identità elettronica" }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Quanto costa' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/enti/c_l424/servizi/CIE');
    await page.goto(`${portal.url}/prenotazioni/c_l424`);
    await page.getByRole('heading', { level: 1, name: 'Servizi di Comune di Trieste' }).waitFor();
    expect(outside).toEqual([]);
    await page.context().close();
  });

  it('answers an unknown service with a page that says so', async () => {
    const { page } = await offlinePage(browser, [portal.url]);
    await page.goto(`${portal.url}/enti/c_l424/servizi/NON-ESISTE`);
    await page.getByRole('heading', { level: 1, name: 'Pagina non trovata' }).waitFor();
    await page.context().close();
  });

  it('has no serious or critical accessibility violation on any page it visited', () => {
    expect(violations).toEqual([]);
  });
});
