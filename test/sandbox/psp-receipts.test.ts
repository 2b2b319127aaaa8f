import { formatNoticeNumber } from '@sus/domain';
import { eventually } from '../support/platform';
import { http } from '../support/http';
import {
  debtPosition,
  ENTE,
  gpdUrl,
  newIupd,
  newNotice,
  type RunningSandbox,
  startReceiver,
  startSandbox,
} from '../support/sandbox';

describe('sandbox PSP simulator and receipts', () => {
  let sandbox: RunningSandbox;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const pay = (body: Record<string, unknown>) =>
    http('POST', `${sandbox.url}/__sandbox/psp/payments`, { body });
  const receiptsUrl = () =>
    `${sandbox.url}/gpd/payments-receipts-service/v1/payments/${ENTE.fiscalCode}/receipts`;

  /** A VALID position with one notice; returns its notice number and IUV. */
  async function validNotice(amount = 5100, extra: Record<string, unknown> = {}) {
    const iupd = newIupd();
    const notice = newNotice();
    const created = await http('POST', `${gpdUrl(sandbox)}?toPublish=true`, {
      key: ENTE.key,
      body: debtPosition(iupd, [{ iuv: notice.iuv, amount }], extra),
    });
    expect(created.status).toBe(201);
    return { iupd, ...notice };
  }

  beforeAll(async () => {
    sandbox = await startSandbox();
    receiver = await startReceiver(2);
    await http('PUT', `${sandbox.url}/__sandbox/pagopa/organizations/${ENTE.fiscalCode}`, {
      body: {
        companyName: ENTE.companyName,
        subscriptionKeys: [ENTE.key],
        receiptEndpoint: { url: receiver.url, headers: { 'x-api-key': 'ente-secret' } },
      },
    });
    await http('PUT', `${sandbox.url}/__sandbox/pagopa/receipt-delivery`, {
      body: { initialDelayMs: 50, maxDelayMs: 200 },
    });
  });
  afterAll(async () => {
    await sandbox.close();
    await receiver.close();
  });

  it('pays a notice typed in groups of four, marks the position PAID and pushes the receipt, retrying a failing endpoint with the same delivery id', async () => {
    const { iupd, iuv, noticeNumber } = await validNotice(5100);
    const paid = await pay({ noticeNumber: formatNoticeNumber(noticeNumber), fiscalCode: ENTE.fiscalCode });
    expect(paid.status).toBe(201);
    expect(paid.body).toMatchObject({
      outcome: 'OK',
      receipt: {
        noticeNumber,
        creditorReferenceId: iuv,
        paymentAmount: 5100,
        fiscalCode: ENTE.fiscalCode,
        outcome: 'OK',
      },
    });

    const position = await http('GET', `${gpdUrl(sandbox)}/${iupd}`, { key: ENTE.key });
    expect(position.body).toMatchObject({
      status: 'PAID',
      paymentOption: [{ status: 'PO_PAID', idReceipt: paid.body.receipt.receiptId }],
    });

    const key = `${ENTE.fiscalCode}/${iuv}`;
    const counters = await eventually(async () => {
      const { body } = await http('GET', `${sandbox.url}/__sandbox/counters`);
      return body.pagopa.receiptsDelivered[key] === 1 ? body.pagopa : undefined;
    }, 'the receipt delivered');
    expect(counters.receiptDeliveryAttempts[key]).toBe(3);
    const deliveries = receiver.received.filter(
      (request) => request.body.receipt.creditorReferenceId === iuv,
    );
    expect(deliveries).toHaveLength(3);
    expect(new Set(deliveries.map((request) => request.headers['idempotency-key']))).toEqual(
      new Set([paid.body.receipt.receiptId]),
    );
    expect(deliveries[0]!.headers['x-api-key']).toBe('ente-secret');
    expect(deliveries[2]!.body).toEqual({
      deliveryId: paid.body.receipt.receiptId,
      receipt: paid.body.receipt,
    });
  });

  it('refuses a second payment of the same notice with PAA_PAGAMENTO_DUPLICATO and counts one payment', async () => {
    const { iuv, noticeNumber } = await validNotice();
    expect((await pay({ noticeNumber, fiscalCode: ENTE.fiscalCode })).status).toBe(201);
    const again = await pay({ noticeNumber, fiscalCode: ENTE.fiscalCode, psp: 'HOMEBANKING' });
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({
      outcome: 'KO',
      step: 'verify',
      fault: { faultCode: 'PPT_ERRORE_EMESSO_DA_PAA', originalFaultCode: 'PAA_PAGAMENTO_DUPLICATO' },
    });
    const { body } = await http('GET', `${sandbox.url}/__sandbox/counters`);
    expect(body.pagopa.payments[`${ENTE.fiscalCode}/${iuv}`]).toBe(1);
  });

  it('answers each node fault: unknown, not yet published, cancelled, expired, unknown ente, malformed, wrong amount', async () => {
    const fault = async (body: Record<string, unknown>) => {
      const result = await pay(body);
      expect(result.status).toBe(422);
      return result.body.fault.originalFaultCode ?? result.body.fault.faultCode;
    };
    expect(await fault({ noticeNumber: newNotice().noticeNumber, fiscalCode: ENTE.fiscalCode })).toBe(
      'PAA_PAGAMENTO_SCONOSCIUTO',
    );

    const draft = newNotice();
    await http('POST', gpdUrl(sandbox), {
      key: ENTE.key,
      body: debtPosition(newIupd(), [{ iuv: draft.iuv, amount: 100 }]),
    });
    expect(await fault({ noticeNumber: draft.noticeNumber, fiscalCode: ENTE.fiscalCode })).toBe(
      'PAA_PAGAMENTO_SCONOSCIUTO',
    );

    const cancelled = await validNotice();
    await http('POST', `${gpdUrl(sandbox)}/${cancelled.iupd}/invalidate`, { key: ENTE.key });
    expect(await fault({ noticeNumber: cancelled.noticeNumber, fiscalCode: ENTE.fiscalCode })).toBe(
      'PAA_PAGAMENTO_ANNULLATO',
    );

    const expiring = newNotice();
    await http('POST', `${gpdUrl(sandbox)}?toPublish=true`, {
      key: ENTE.key,
      body: debtPosition(newIupd(), [{ iuv: expiring.iuv, amount: 100, dueInDays: 1 }]),
    });
    await http('PUT', `${sandbox.url}/__sandbox/pagopa/clock`, { body: { advanceMs: 2 * 86_400_000 } });
    try {
      expect(await fault({ noticeNumber: expiring.noticeNumber, fiscalCode: ENTE.fiscalCode })).toBe(
        'PAA_PAGAMENTO_SCADUTO',
      );
    } finally {
      await http('PUT', `${sandbox.url}/__sandbox/pagopa/clock`, { body: { reset: true } });
    }

    const valid = await validNotice(700);
    expect(await fault({ noticeNumber: valid.noticeNumber, fiscalCode: '02342520158' })).toBe(
      'PPT_DOMINIO_SCONOSCIUTO',
    );
    expect(await fault({ noticeNumber: '301202600000000199', fiscalCode: ENTE.fiscalCode })).toBe(
      'PPT_SINTASSI_EXTRAXSD',
    );
    expect(await fault({ noticeNumber: valid.noticeNumber, fiscalCode: ENTE.fiscalCode, amount: 701 })).toBe(
      'PPT_SEMANTICA',
    );
  });

  it('verifies a payable notice without paying it', async () => {
    const { noticeNumber } = await validNotice(1234);
    const verified = await http('POST', `${sandbox.url}/__sandbox/psp/verify`, {
      body: { noticeNumber, fiscalCode: ENTE.fiscalCode },
    });
    expect(verified.body).toMatchObject({
      outcome: 'OK',
      amount: 1234,
      status: 'VALID',
      companyName: ENTE.companyName,
    });
  });

  it('serves receipts through the GPD payments API: a paged list and the XML of one receipt', async () => {
    const { iuv, noticeNumber } = await validNotice(2550);
    await pay({ noticeNumber, fiscalCode: ENTE.fiscalCode });
    const list = await http('GET', `${receiptsUrl()}?pageSize=100&debtorOrIuv=${iuv}`, { key: ENTE.key });
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({
      currentPageNumber: 0,
      length: 1,
      totalPages: 1,
      results: [{ organizationFiscalCode: ENTE.fiscalCode, iuv, debtor: 'RSSMRA85T10A562S', status: 'PAID' }],
    });
    const xml = await http('GET', `${receiptsUrl()}/${iuv}`, { key: ENTE.key });
    expect(xml.status).toBe(200);
    expect(xml.headers.get('content-type')).toContain('application/xml');
    expect(xml.body).toContain(`<creditorReferenceId>${iuv}</creditorReferenceId>`);
    expect(xml.body).toContain('<paymentAmount>25.50</paymentAmount>');
    expect((await http('GET', `${receiptsUrl()}/${newNotice().iuv}`, { key: ENTE.key })).status).toBe(404);
    expect((await http('GET', receiptsUrl())).status).toBe(401);
    expect((await http('GET', `${receiptsUrl()}?debtor=NOBODY`, { key: ENTE.key })).status).toBe(404);
  });

  it('pays the instalments of a plan one by one: PARTIALLY_PAID, then PAID', async () => {
    const iupd = newIupd();
    const single = newNotice();
    const first = newNotice();
    const second = newNotice();
    await http('POST', `${gpdUrl(sandbox)}?toPublish=true`, {
      key: ENTE.key,
      body: debtPosition(iupd, [
        { iuv: single.iuv, amount: 300 },
        { iuv: first.iuv, amount: 150, isPartialPayment: true, dueInDays: 30 },
        { iuv: second.iuv, amount: 150, isPartialPayment: true, dueInDays: 60 },
      ]),
    });
    await pay({ noticeNumber: first.noticeNumber, fiscalCode: ENTE.fiscalCode });
    expect((await http('GET', `${gpdUrl(sandbox)}/${iupd}`, { key: ENTE.key })).body.status).toBe(
      'PARTIALLY_PAID',
    );
    expect((await pay({ noticeNumber: single.noticeNumber, fiscalCode: ENTE.fiscalCode })).status).toBe(422);
    await pay({ noticeNumber: second.noticeNumber, fiscalCode: ENTE.fiscalCode });
    expect((await http('GET', `${gpdUrl(sandbox)}/${iupd}`, { key: ENTE.key })).body.status).toBe('PAID');
  });
});
