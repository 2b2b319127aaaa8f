import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { gql } from '../support/graphql';
import { eventually } from '../support/platform';
import { http } from '../support/http';
import { DataSource } from 'typeorm';
import { countQueries } from '../support/query-counter';
import { PaymentsStack, RECEIPT_KEY, TRIESTE } from '../support/payments-stack';

/** Issue → debt position at the (sandbox) intermediary → a PSP pays → receipt pushed → paid. */
describe('payment lifecycle, end to end', () => {
  const stack = new PaymentsStack();
  beforeAll(() => stack.start());
  afterAll(() => stack.stop());

  it('pays an avviso at a PSP and records the pushed receipt once', async () => {
    const noticeNumber = await stack.issue();
    expect(noticeNumber).toMatch(/^302\d{15}$/);
    await stack.untilStatus(noticeNumber, 'published');

    const paid = await stack.payAtPsp(noticeNumber);
    expect(paid.status).toBe(201);

    const payment = await stack.untilStatus(noticeNumber, 'paid');
    expect(payment).toMatchObject({
      amount: '€ 150,50',
      formattedNoticeNumber: noticeNumber.replace(/(\d{4})(?=\d)/g, '$1 '),
      receipt: { amountCents: 15050 },
    });
    expect(payment.history.map((h) => h.status)).toEqual(['issued', 'published', 'paid']);
    const audit = await stack.sql.query(
      `SELECT action, ente_code, before, after->>'status' AS status FROM audit_log
        WHERE entity = 'Payment' AND entity_id = $1 ORDER BY id`,
      [noticeNumber],
    );
    expect(audit).toEqual([
      { action: 'payment.issued', ente_code: 'c_l424', before: { status: 'draft' }, status: 'issued' },
      { action: 'payment.published', ente_code: 'c_l424', before: { status: 'issued' }, status: 'published' },
      { action: 'payment.paid', ente_code: 'c_l424', before: { status: 'published' }, status: 'paid' },
    ]);

    const tally = await stack.counters();
    const iuv = noticeNumber.slice(1);
    expect(tally.debtPositionsCreated[`${TRIESTE.fiscalCode}/SUS-${iuv}`]).toBe(1);
    expect(tally.receiptsDelivered[`${TRIESTE.fiscalCode}/${iuv}`]).toBe(1);

    // pagoPA redelivers (as the node retries paSendRT): tolerated, nothing changes.
    const again = await http(
      'POST',
      `${stack.sandbox.url}/__sandbox/pagopa/receipts/${TRIESTE.fiscalCode}/${iuv}/redeliver`,
    );
    expect(again.status).toBeLessThan(300);
    await eventually(
      async () =>
        (await stack.counters()).receiptsDelivered[`${TRIESTE.fiscalCode}/${iuv}`] === 2 ? true : undefined,
      'the redelivery',
    );
    expect((await stack.payment(noticeNumber))!.history.map((h) => h.status)).toEqual([
      'issued',
      'published',
      'paid',
    ]);
  });

  it('serves the avviso PDF through the signed link while the notice is payable', async () => {
    const noticeNumber = await stack.issue({ description: 'Diritti di segreteria certificato' });
    await stack.untilStatus(noticeNumber, 'published');
    const payment = await stack.payment(noticeNumber);
    expect(payment?.noticePdfUrl).toMatch(/^http/);
    const link = new URL(payment!.noticePdfUrl!);
    const local = `${stack.api.url}${link.pathname}${link.search}`;
    const pdf = await fetch(local);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const text = pdfText(Buffer.from(await pdf.arrayBuffer()));
    expect(text).toContain('Comune di Trieste');
    expect(text).toContain(noticeNumber.replace(/(\d{4})(?=\d)/g, '$1 '));
    expect(text).toContain('150,50');

    link.searchParams.set('signature', 'A'.repeat(43));
    const tampered = await fetch(`${stack.api.url}${link.pathname}${link.search}`);
    expect({ status: tampered.status, body: await tampered.text() }).toEqual({
      status: 403,
      body: expect.stringContaining('INVALID_LINK'),
    });
  });

  it('runs a TARI instalment plan: one debt position, each rata paid on its own, then paid', async () => {
    const noticeNumber = await stack.issue({
      description: 'TARI 2027',
      taxonomyCode: '9/0101101IM/',
      amountCents: 30000,
      dueDate: '2099-03-31',
      instalments: [
        { amountCents: 10000, dueDate: '2099-03-31' },
        { amountCents: 10000, dueDate: '2099-06-30' },
        { amountCents: 10000, dueDate: '2099-09-30' },
      ],
    });
    await stack.untilStatus(noticeNumber, 'published');
    const OPTIONS = `query O($n: String!) { payment(noticeNumber: $n) { status options { noticeNumber kind position amount dueDate paidAt } } }`;
    type Options = {
      payment: {
        status: string;
        options: { noticeNumber: string; kind: string; paidAt: string | null; amount: string }[];
      };
    };
    const options = (await gql<Options>(stack.api, OPTIONS, { n: noticeNumber }, { as: stack.headers })).data!
      .payment.options;
    expect(options.map((o) => [o.kind, o.amount])).toEqual([
      ['single', '€ 300,00'],
      ['instalment', '€ 100,00'],
      ['instalment', '€ 100,00'],
      ['instalment', '€ 100,00'],
    ]);
    const rate = options.filter((o) => o.kind === 'instalment').map((o) => o.noticeNumber);

    expect((await stack.payAtPsp(rate[0]!)).status).toBe(201);
    await stack.untilStatus(noticeNumber, 'partiallyPaid');
    // Any notice number of the plan finds the payment.
    expect((await stack.payment(rate[0]!))?.noticeNumber).toBe(noticeNumber);
    for (const n of rate.slice(1)) expect((await stack.payAtPsp(n)).status).toBe(201);
    const paid = await stack.untilStatus(noticeNumber, 'paid');
    expect(paid.history.map((h) => h.status)).toEqual([
      'issued',
      'published',
      'partiallyPaid',
      'partiallyPaid',
      'paid',
    ]);
    const after = (await gql<Options>(stack.api, OPTIONS, { n: noticeNumber }, { as: stack.headers })).data!
      .payment.options;
    expect(after.map((o) => o.paidAt !== null)).toEqual([false, true, true, true]);
    expect(
      (await stack.counters()).debtPositionsCreated[`${TRIESTE.fiscalCode}/SUS-${noticeNumber.slice(1)}`],
    ).toBe(1);
  });

  it('refuses instalments that do not add up to the amount', async () => {
    const result = await stack.issueRaw({
      amountCents: 30000,
      instalments: [
        { amountCents: 10000, dueDate: '2099-03-31' },
        { amountCents: 10000, dueDate: '2099-06-30' },
      ],
    });
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'INSTALMENTS_DO_NOT_ADD_UP',
      field: 'instalments',
    });
  });

  it('returns the same notice for a repeated request id, with one debt position', async () => {
    const requestId = randomUUID();
    const first = await stack.issue({ requestId });
    const second = await stack.issue({ requestId });
    expect(second).toBe(first);
    await stack.untilStatus(first, 'published');
    expect((await stack.counters()).debtPositionsCreated[`${TRIESTE.fiscalCode}/SUS-${first.slice(1)}`]).toBe(
      1,
    );
  });

  it('shows a payment to its ente and its payer only; another ente cannot cancel it', async () => {
    const noticeNumber = await stack.issue();
    await stack.untilStatus(noticeNumber, 'published');
    const as = async (claims: Record<string, unknown>) => ({
      authorization: `Bearer ${await stack.issuer.mint(claims)}`,
    });
    const read = async (headers: Record<string, string>) =>
      (
        await gql<{ payment: { noticeNumber: string } | null }>(
          stack.api,
          'query($n: String!) { payment(noticeNumber: $n) { noticeNumber } }',
          { n: noticeNumber },
          { as: headers },
        )
      ).data?.payment ?? null;
    const citizen = (fiscalCode: string) => ({
      sub: fiscalCode,
      fiscalNumber: `TINIT-${fiscalCode}`,
      name: 'Mario',
      familyName: 'Rossi',
      acr: 'https://www.spid.gov.it/SpidL2',
    });
    const medea = { sub: 'operatore.medea', sus_roles: [{ ente: 'c_f081', role: 'operator' }] };

    expect(await read(stack.headers)).toEqual({ noticeNumber });
    expect(await read(await as(citizen('RSSMRA85M01H501Q')))).toEqual({ noticeNumber });
    expect(await read(await as(citizen('BNCGLI85C55L424K')))).toBeNull();
    expect(await read(await as(medea))).toBeNull();
    const cancel = await gql(
      stack.api,
      'mutation($n: String!) { cancelPayment(noticeNumber: $n, reason: "prova") }',
      { n: noticeNumber },
      { as: await as(medea) },
    );
    expect(cancel.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    // Each citizen lists their own payments, at every ente, and nobody else's.
    const mine = async (fiscalCode: string) =>
      (
        await gql<{ myPayments: { edges: { node: { noticeNumber: string } }[] } }>(
          stack.api,
          '{ myPayments(first: 100) { edges { node { noticeNumber } } } }',
          {},
          { as: await as(citizen(fiscalCode)) },
        )
      ).data!.myPayments.edges.map((edge) => edge.node.noticeNumber);
    expect(await mine('RSSMRA85M01H501Q')).toContain(noticeNumber);
    expect(await mine('BNCGLI85C55L424K')).not.toContain(noticeNumber);
  });

  it('withdraws a cancelled notice, which a PSP then refuses and whose avviso link stops working', async () => {
    const noticeNumber = await stack.issue();
    await stack.untilStatus(noticeNumber, 'published');
    const link = new URL((await stack.payment(noticeNumber))!.noticePdfUrl!);
    const cancelled = await gql(
      stack.api,
      'mutation($n: String!) { cancelPayment(noticeNumber: $n, reason: "emesso per errore") }',
      { n: noticeNumber },
      { as: stack.headers },
    );
    expect(cancelled.errors).toBeUndefined();
    await stack.untilStatus(noticeNumber, 'cancelled');
    const refused = await stack.payAtPsp(noticeNumber);
    expect(refused.status).toBe(422);
    expect(refused.body.fault).toMatchObject({
      faultCode: 'PPT_ERRORE_EMESSO_DA_PAA',
      originalFaultCode: 'PAA_PAGAMENTO_ANNULLATO',
    });
    const avviso = await fetch(`${stack.api.url}${link.pathname}${link.search}`);
    expect({ status: avviso.status, body: await avviso.json() }).toEqual({
      status: 410,
      body: expect.objectContaining({ code: 'NOTICE_NOT_PAYABLE' }),
    });
  });

  it("lists an ente's payments newest first, by status, a page at a time, with one history statement per page", async () => {
    const issued = [await stack.issue(), await stack.issue(), await stack.issue()];
    await Promise.all(issued.map((n) => stack.untilStatus(n, 'published')));
    const LIST = `query L($after: String, $status: PaymentStatus) {
      payments(enteCode: "c_l424", first: 2, after: $after, status: $status) {
        edges { node { noticeNumber status history { status } } }
        pageInfo { hasNextPage endCursor }
      } }`;
    type ListResult = {
      payments: {
        edges: { node: { noticeNumber: string; status: string; history: { status: string }[] } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    };
    const seen: string[] = [];
    let after: string | null = null;
    const statements = countQueries(stack.api.app.get(DataSource));
    for (;;) {
      statements.reset();
      const page: { data?: ListResult | null } = await gql<ListResult>(
        stack.api,
        LIST,
        { after, status: 'published' },
        { as: stack.headers },
      );
      // the page, the history of its payments, the ente: never one statement per payment
      expect(statements.count()).toBeLessThanOrEqual(3);
      for (const { node } of page.data!.payments.edges) {
        expect(node.status).toBe('published');
        expect(node.history.map((h) => h.status)).toEqual(['issued', 'published']);
        seen.push(node.noticeNumber);
      }
      if (!page.data!.payments.pageInfo.hasNextPage) break;
      after = page.data!.payments.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.slice(0, 3)).toEqual([...issued].reverse());

    const badDate = await gql(
      stack.api,
      '{ payments(enteCode: "c_l424", dueFrom: "2026-13-01") { edges { cursor } } }',
      {},
      { as: stack.headers },
    );
    expect(badDate.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_DATE', field: 'dueFrom' });
  });

  it('refuses bad issue requests with typed errors naming the field, and allocates nothing', async () => {
    const before = await stack.sql.query('SELECT count(*)::int AS n FROM iuv_allocation');
    const cases: [Record<string, unknown>, string, string][] = [
      [
        { payer: { type: 'F', fiscalCode: 'RSSMRA85M01H501X', fullName: 'Mario Rossi' } },
        'INVALID_FISCAL_CODE',
        'payer.fiscalCode',
      ],
      [{ taxonomyCode: '9/0104102XX/' }, 'INVALID_TAXONOMY_CODE', 'taxonomyCode'],
      [{ dueDate: '2020-01-01' }, 'INVALID_DUE_DATE', 'dueDate'],
      [{ dueDate: '2026-02-30' }, 'INVALID_DATE', 'dueDate'],
      [{ amountCents: 0 }, 'BAD_USER_INPUT', 'amountCents'],
    ];
    // An ente the caller does not work for is refused before anything is looked up or allocated.
    const elsewhere = await stack.issueRaw({ enteCode: 'c_zzzz' });
    expect(elsewhere.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    for (const [overrides, code, field] of cases) {
      const result = await stack.issueRaw(overrides);
      expect({ overrides, extensions: result.errors?.[0]?.extensions }).toEqual({
        overrides,
        extensions: expect.objectContaining({ code, field }),
      });
    }
    expect(await stack.sql.query('SELECT count(*)::int AS n FROM iuv_allocation')).toEqual(before);
  });

  describe('the receipt endpoint', () => {
    const post = (body: unknown, key = RECEIPT_KEY) =>
      http('POST', `${stack.api.url}/pagopa/receipts`, { body, headers: { 'x-sus-receipt-key': key } });
    const receipt = (noticeNumber: string, amount = 15050) => ({
      receipt: {
        receiptId: `rt-${randomUUID()}`,
        noticeNumber,
        fiscalCode: TRIESTE.fiscalCode,
        outcome: 'OK',
        paymentAmount: amount,
        paymentDateTime: new Date().toISOString(),
      },
    });

    it('refuses a wrong key, a malformed body, an unknown notice and a wrong amount, changing nothing', async () => {
      const noticeNumber = await stack.issue();
      await stack.untilStatus(noticeNumber, 'published');
      expect((await post(receipt(noticeNumber), 'wrong-key-wrong-key')).status).toBe(401);
      expect((await post({ receipt: { noticeNumber } })).status).toBe(400);
      const unknown = await post(receipt('302209900000000000'));
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('UNKNOWN_NOTICE');
      const wrongAmount = await post(receipt(noticeNumber, 1));
      expect(wrongAmount.status).toBe(422);
      expect((await stack.payment(noticeNumber))!.status).toBe('published');
    });
  });
});

function pdfText(pdf: Buffer): string {
  return execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString('utf8');
}
