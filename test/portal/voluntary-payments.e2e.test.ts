import type { Browser } from 'playwright-core';
import { freePort } from '../support/free-port';
import { PaymentsStack } from '../support/payments-stack';
import { checkPage, launchChromium, offlinePage, startPortal, type RunningPortal } from '../support/portal';

/**
 * Acceptance (issue 14 item 2): the regional voluntary-payments pages in a real browser, with
 * every request outside the platform blocked. A citizen arriving on a link that pins the ente and
 * the service pays through the sandbox's pagoPA Checkout and comes back to the outcome page; or
 * generates the avviso to pay later and downloads it.
 */
describe('portal: voluntary payments in the browser', () => {
  const stack = new PaymentsStack();
  let portal: RunningPortal;
  let browser: Browser;
  const violations: string[] = [];

  beforeAll(async () => {
    const port = await freePort();
    await stack.start({ portalUrl: `http://127.0.0.1:${port}` });
    portal = await startPortal({ port, apiUrl: stack.api.url, sandboxUrl: stack.sandbox.url });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await portal?.close();
    await stack.stop();
  });

  const open = () => offlinePage(browser, [portal.url, stack.sandbox.url, stack.api.url]);

  async function fillDonation(page: import('playwright-core').Page, amount: string) {
    await page.getByLabel('Codice fiscale *').fill('rssmra85m01h501q');
    await page.getByLabel('Nome e cognome *').fill('Mario Rossi');
    await page.getByLabel(/^Importo/).fill(amount);
    await page.getByLabel(/^Causale/).fill('Contributo biblioteca civica');
    await page.getByRole('button', { name: 'Avanti' }).click();
  }

  it('pays now through pagoPA Checkout from the pinned-service link and lands on the outcome page', async () => {
    const { page, outside, errors } = await open();
    await page.goto(`${portal.url}/pagamenti-volontari/c_l424/servizio/DONAZIONI`);
    await page.getByRole('heading', { level: 1, name: 'Donazioni e contributi' }).waitFor();
    // The causale carries the service's hint (its pagoPA taxonomy and description).
    await page
      .getByText(/Donazioni e contributi volontari al comune/)
      .first()
      .waitFor();
    violations.push(...(await checkPage(page, 'voluntary-payment-form')));

    await fillDonation(page, '25,50');
    await page.getByRole('heading', { name: 'Riepilogo' }).waitFor();
    // Intl writes "25,50 €" with a no-break space.
    expect((await page.getByTestId('summary-amount').innerText()).replace(/\s/g, ' ')).toBe('25,50 €');
    violations.push(...(await checkPage(page, 'voluntary-payment-summary')));

    await page.getByRole('button', { name: 'Paga subito' }).click();
    await page.waitForURL(`${stack.sandbox.url}/__sandbox/checkout/carts/**`);
    await page.getByRole('button', { name: 'Paga' }).click();

    await page.waitForURL(`${portal.url}/pagamenti-volontari/c_l424/esito/ok?avviso=*`);
    await page.getByRole('heading', { name: 'Pagamento eseguito' }).waitFor();
    violations.push(...(await checkPage(page, 'voluntary-payment-ok')));
    const noticeNumber = new URL(page.url()).searchParams.get('avviso')!;
    expect(await page.getByTestId('notice-number').innerText()).toBe(
      noticeNumber.replace(/(\d{4})(?=\d)/g, '$1 '),
    );
    const paid = await stack.untilStatus(noticeNumber, 'paid');
    expect(paid.amount).toBe('€ 25,50');
    expect(outside).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('generates the avviso to pay later and offers the PDF', async () => {
    const { page, outside, errors } = await open();
    await page.goto(`${portal.url}/pagamenti-volontari/c_l424/servizio/DONAZIONI`);
    await fillDonation(page, '10');
    await page.getByRole('button', { name: 'Genera avviso' }).click();
    await page.getByRole('heading', { name: 'Avviso di pagamento pronto' }).waitFor();
    violations.push(...(await checkPage(page, 'voluntary-payment-notice')));
    const formatted = await page.getByTestId('notice-number').innerText();
    const noticeNumber = formatted.replace(/\s/g, '');
    expect(noticeNumber).toMatch(/^\d{18}$/);
    await stack.untilStatus(noticeNumber, 'published');
    const href = await page.getByRole('link', { name: 'Scarica l’avviso (PDF)' }).getAttribute('href');
    // The link is the api's signed avviso URL (API_PUBLIC_URL, which this test leaves at its default).
    const link = new URL(href!);
    expect(link.pathname).toContain(noticeNumber);
    const pdf = await fetch(`${stack.api.url}${link.pathname}${link.search}`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(outside).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('says what is wrong beside each field and creates nothing', async () => {
    const before = (await stack.counters()) as unknown;
    const { page } = await open();
    await page.goto(`${portal.url}/pagamenti-volontari/c_l424/servizio/DONAZIONI`);
    await page.getByLabel('Codice fiscale *').fill('ABC');
    await page.getByRole('button', { name: 'Avanti' }).click();
    await page.getByText('Scrivi un codice fiscale di 16 caratteri.').waitFor();
    await page.getByText('Scrivi un importo in euro maggiore di zero, per esempio 25,50.').waitFor();
    // The first field at fault takes the focus, so a keyboard or screen-reader user lands on it.
    expect(await page.locator(':focus').getAttribute('id')).toBe('field-fiscalCode');
    expect(await page.getByLabel('Codice fiscale *').getAttribute('aria-invalid')).toBe('true');
    violations.push(...(await checkPage(page, 'voluntary-payment-errors')));
    expect(await stack.counters()).toEqual(before);
    await page.context().close();
  });

  it('lets the citizen choose the ente and the service, and speaks English on request', async () => {
    const { page, outside } = await open();
    await page.goto(`${portal.url}/pagamenti-volontari`);
    await page.getByRole('link', { name: 'Comune di Trieste' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pagamenti volontari a Comune di Trieste' }).waitFor();
    violations.push(...(await checkPage(page, 'voluntary-payment-services')));
    await page.getByRole('button', { name: /ENG/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Voluntary payments to Comune di Trieste' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('link', { name: 'Pay Donazioni e contributi' }).click();
    await page.getByRole('button', { name: 'Next' }).waitFor();
    await page.goto(`${portal.url}/pagamenti-volontari/c_l424/esito/annullato?avviso=301000000000000000`);
    await page.getByRole('heading', { name: 'Payment cancelled' }).waitFor();
    await page.getByRole('button', { name: /ITA/ }).click();
    await page.getByRole('heading', { name: 'Pagamento annullato' }).waitFor();
    violations.push(...(await checkPage(page, 'voluntary-payment-cancelled')));
    expect(outside).toEqual([]);
    await page.context().close();
  });

  it('can be completed with the keyboard alone, from the pinned link to the avviso', async () => {
    const { page, outside } = await open();
    await page.goto(`${portal.url}/pagamenti-volontari/c_l424/servizio/DONAZIONI`);
    await page.getByRole('heading', { level: 1, name: 'Donazioni e contributi' }).waitFor();
    /** Tabs forward until the element matching `where` has the focus (a keyboard user's only way). */
    const tabTo = async (where: string) => {
      for (let presses = 0; presses < 60; presses++) {
        await page.keyboard.press('Tab');
        if (await page.locator(`${where}:focus`).count()) return;
      }
      throw new Error(`Tab never reached ${where}`);
    };
    await tabTo('#field-fiscalCode');
    await page.keyboard.type('RSSMRA85M01H501Q');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Mario Rossi');
    await page.keyboard.press('Tab'); // e-mail, optional: left empty
    await page.keyboard.press('Tab');
    await page.keyboard.type('5');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Contributo per la biblioteca');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter'); // Avanti
    await page.getByRole('heading', { name: 'Riepilogo' }).waitFor();
    await tabTo('button:has-text("Genera avviso")');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Avviso di pagamento pronto' }).waitFor();
    await tabTo('a:has-text("Scarica l’avviso (PDF)")');
    expect(outside).toEqual([]);
    await page.context().close();
  });

  it('has no serious or critical accessibility violation on any page it visited', () => {
    expect(violations).toEqual([]);
  });
});
