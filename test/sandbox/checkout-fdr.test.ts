import { http } from '../support/http';
import {
  debtPosition,
  ENTE,
  gpdUrl,
  newIupd,
  newNotice,
  type RunningSandbox,
  startSandbox,
} from '../support/sandbox';

describe('sandbox Checkout carts and settlement flows (FdR)', () => {
  let sandbox: RunningSandbox;
  const cartsUrl = () => `${sandbox.url}/checkout/ec/v1/carts`;
  const fdrUrl = () => `${sandbox.url}/fdr-org/service/v1/organizations/${ENTE.fiscalCode}/fdrs`;
  const returnUrls = {
    returnOkUrl: 'https://comune.example.it/pagamenti/ok',
    returnCancelUrl: 'https://comune.example.it/pagamenti/annullato',
    returnErrorUrl: 'https://comune.example.it/pagamenti/errore',
  };

  async function validNotices(amounts: number[]) {
    const notices = amounts.map((amount) => ({ ...newNotice(), amount }));
    const iupd = newIupd();
    await http('POST', `${gpdUrl(sandbox)}?toPublish=true`, {
      key: ENTE.key,
      body: debtPosition(
        iupd,
        notices.map(({ iuv, amount }) => ({ iuv, amount, isPartialPayment: notices.length > 1 })),
      ),
    });
    return { iupd, notices };
  }

  const cart = (notices: { noticeNumber: string; amount: number }[]) => ({
    emailNotice: 'mario.rossi@example.it',
    paymentNotices: notices.map(({ noticeNumber, amount }) => ({
      noticeNumber,
      fiscalCode: ENTE.fiscalCode,
      amount,
      companyName: ENTE.companyName,
      description: 'Diritti di segreteria',
    })),
    returnUrls,
  });

  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());

  it('redirects a cart to an Italian page that pays every notice and returns to the ok URL', async () => {
    const { iupd, notices } = await validNotices([1000, 2000]);
    const created = await http('POST', cartsUrl(), { key: ENTE.key, body: cart(notices) });
    expect(created.status).toBe(302);
    const pageUrl = created.headers.get('location')!;
    expect(pageUrl).toMatch(/\/__sandbox\/checkout\/carts\/[0-9a-f-]{36}$/);

    const page = await http('GET', pageUrl);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Paga con pagoPA');
    expect(page.body).toContain('€ 30,00');

    const paid = await http('POST', `${pageUrl}/pay`);
    expect(paid.status).toBe(302);
    expect(paid.headers.get('location')).toBe(returnUrls.returnOkUrl);
    expect((await http('GET', `${gpdUrl(sandbox)}/${iupd}`, { key: ENTE.key })).body.status).toBe('PAID');
    expect((await http('GET', `${pageUrl}/status`)).body.status).toBe('PAID');
  });

  it('returns to the cancel URL when the citizen gives up, and to the error URL when a notice cannot be paid', async () => {
    const { notices } = await validNotices([500]);
    const cancelled = await http('POST', cartsUrl(), { key: ENTE.key, body: cart(notices) });
    const cancel = await http('POST', `${cancelled.headers.get('location')}/cancel`);
    expect(cancel.headers.get('location')).toBe(returnUrls.returnCancelUrl);

    const unknown = { ...newNotice(), amount: 100 };
    const failing = await http('POST', cartsUrl(), { key: ENTE.key, body: cart([...notices, unknown]) });
    const pageUrl = failing.headers.get('location')!;
    const error = await http('POST', `${pageUrl}/pay`);
    expect(error.headers.get('location')).toBe(returnUrls.returnErrorUrl);
    const status = await http('GET', `${pageUrl}/status`);
    expect(status.body).toMatchObject({
      status: 'FAILED',
      failure: { noticeNumber: unknown.noticeNumber, originalFaultCode: 'PAA_PAGAMENTO_SCONOSCIUTO' },
    });
    // Nothing of a failed cart is paid: the first notice is still payable.
    const verify = await http('POST', `${sandbox.url}/__sandbox/psp/verify`, {
      body: { noticeNumber: notices[0]!.noticeNumber, fiscalCode: ENTE.fiscalCode },
    });
    expect(verify.body.outcome).toBe('OK');
  });

  it('rejects a cart of more than 5 notices, an empty cart and one without return URLs with 400, and a missing key with 401', async () => {
    const six = Array.from({ length: 6 }, () => ({ ...newNotice(), amount: 100 }));
    const tooMany = await http('POST', cartsUrl(), { key: ENTE.key, body: cart(six) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toMatchObject({
      type: 'about:blank',
      status: 400,
      detail: expect.stringContaining('at most 5'),
    });
    expect((await http('POST', cartsUrl(), { key: ENTE.key, body: cart([]) })).status).toBe(400);
    const { returnUrls: _omitted, ...noUrls } = cart([{ ...newNotice(), amount: 100 }]);
    expect((await http('POST', cartsUrl(), { key: ENTE.key, body: noUrls })).status).toBe(400);
    expect((await http('POST', cartsUrl(), { body: cart([{ ...newNotice(), amount: 100 }]) })).status).toBe(
      401,
    );
  });

  it('publishes one flow per PSP and day from the paid receipts, readable through the FdR API, and reports the positions', async () => {
    const tabaccheria = await validNotices([5100]);
    const banca = await validNotices([1234]);
    const pay = (noticeNumber: string, psp: string) =>
      http('POST', `${sandbox.url}/__sandbox/psp/payments`, {
        body: { noticeNumber, fiscalCode: ENTE.fiscalCode, psp },
      });
    await pay(tabaccheria.notices[0]!.noticeNumber, 'TABACCHERIA');
    await pay(banca.notices[0]!.noticeNumber, 'HOMEBANKING');

    const published = await http('POST', `${sandbox.url}/__sandbox/pagopa/fdr/publish`, { body: {} });
    expect(published.status).toBe(200);
    const tabaccheriaFlow = published.body.find((flow: { pspId: string }) => flow.pspId === 'SNDBXTB1XXX');
    expect(tabaccheriaFlow).toBeDefined();

    const list = await http('GET', `${fdrUrl()}?pspId=SNDBXTB1XXX`, { key: ENTE.key });
    expect(list.status).toBe(200);
    expect(list.body.data.map((flow: { fdr: string }) => flow.fdr)).toContain(tabaccheriaFlow.fdr);

    const flowUrl = `${fdrUrl()}/${tabaccheriaFlow.fdr}/revisions/1/psps/SNDBXTB1XXX`;
    const flow = await http('GET', flowUrl, { key: ENTE.key });
    expect(flow.body).toMatchObject({
      status: 'PUBLISHED',
      fdr: tabaccheriaFlow.fdr,
      sender: { pspId: 'SNDBXTB1XXX' },
      receiver: { organizationId: ENTE.fiscalCode, organizationName: ENTE.companyName },
    });
    const payments = await http('GET', `${flowUrl}/payments`, { key: ENTE.key });
    expect(payments.body.data).toContainEqual(
      expect.objectContaining({
        iuv: tabaccheria.notices[0]!.iuv,
        idTransfer: 1,
        pay: 51,
        payStatus: 'EXECUTED',
      }),
    );
    expect(flow.body.sumPayments).toBe(
      payments.body.data.reduce((sum: number, line: { pay: number }) => sum + Math.round(line.pay * 100), 0) /
        100,
    );

    const position = await http('GET', `${gpdUrl(sandbox)}/${tabaccheria.iupd}`, { key: ENTE.key });
    expect(position.body).toMatchObject({
      status: 'REPORTED',
      paymentOption: [{ status: 'PO_REPORTED', idFlowReporting: tabaccheriaFlow.fdr }],
    });

    // Publishing again settles nothing new.
    expect((await http('POST', `${sandbox.url}/__sandbox/pagopa/fdr/publish`, { body: {} })).body).toEqual(
      [],
    );
    const missing = await http('GET', `${fdrUrl()}/nope/revisions/1/psps/SNDBXTB1XXX`, { key: ENTE.key });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ httpStatusCode: 404, appErrorCode: expect.stringMatching(/^FDR-/) });
  });
});
