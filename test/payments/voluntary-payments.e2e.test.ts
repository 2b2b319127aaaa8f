import { addDays, civilDateInRome } from '@sus/domain';
import { gql } from '../support/graphql';
import { PaymentsStack } from '../support/payments-stack';

/** The "Portale pagamenti volontari": only voluntary services, pay now through Checkout or later with an avviso. */
describe('voluntary payments', () => {
  const stack = new PaymentsStack();
  beforeAll(() => stack.start());
  afterAll(() => stack.stop());

  const CREATE = `mutation V($input: CreateVoluntaryPaymentInput!) {
    createVoluntaryPayment(input: $input) { noticeNumber amount dueDate checkoutUrl noticePdfUrl } }`;
  type Created = {
    createVoluntaryPayment: {
      noticeNumber: string;
      amount: string;
      dueDate: string;
      checkoutUrl: string | null;
      noticePdfUrl: string;
    };
  };
  const input = (overrides: Record<string, unknown> = {}) => ({
    enteCode: 'c_l424',
    serviceCode: 'DONAZIONI',
    payer: { type: 'F', fiscalCode: 'RSSMRA85M01H501Q', fullName: 'Mario Rossi' },
    amountCents: 2500,
    causale: 'Contributo biblioteca civica',
    mode: 'payNow',
    ...overrides,
  });

  it("lists only the ente's voluntary services with pagoPA active", async () => {
    const result = await gql<{ voluntaryServices: { code: string }[] }>(
      stack.api,
      '{ voluntaryServices(enteCode: "c_l424") { code } }',
    );
    expect(result.data?.voluntaryServices.map((s) => s.code)).toEqual(['DONAZIONI']);
  });

  it('pays now through pagoPA Checkout and comes back to the portal', async () => {
    const created = await gql<Created>(stack.api, CREATE, { input: input() });
    expect(created.errors).toBeUndefined();
    const { noticeNumber, checkoutUrl, amount } = created.data!.createVoluntaryPayment;
    expect(amount).toBe('€ 25,00');
    expect(checkoutUrl).toMatch(new RegExp(`^${stack.sandbox.url}/__sandbox/checkout/carts/`));

    const page = await fetch(checkoutUrl!);
    expect(page.status).toBe(200);
    const paid = await fetch(`${checkoutUrl}/pay`, { method: 'POST', redirect: 'manual' });
    expect(paid.headers.get('location')).toBe(
      `https://portale.example.it/pagamenti-volontari/c_l424/esito/ok?avviso=${noticeNumber}`,
    );
    const payment = await stack.untilStatus(noticeNumber, 'paid');
    expect(payment.history.map((h) => h.status)).toEqual(['issued', 'published', 'paid']);
  });

  it('makes an avviso to pay later, due in 30 days', async () => {
    const created = await gql<Created>(stack.api, CREATE, { input: input({ mode: 'payLater' }) });
    const voluntary = created.data!.createVoluntaryPayment;
    expect(voluntary.checkoutUrl).toBeNull();
    expect(voluntary.dueDate).toBe(addDays(civilDateInRome(new Date()), 30));
    await stack.untilStatus(voluntary.noticeNumber, 'published');
    const link = new URL(voluntary.noticePdfUrl);
    const pdf = await fetch(`${stack.api.url}${link.pathname}${link.search}`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
  });

  it('refuses services that are not voluntary, and a missing amount, naming the field', async () => {
    const notVoluntary = await gql(stack.api, CREATE, {
      input: input({ serviceCode: 'MATRIMONIO-CIVILE' }),
    });
    expect(notVoluntary.errors?.[0]?.extensions).toMatchObject({
      code: 'VOLUNTARY_NOT_ALLOWED',
      field: 'serviceCode',
    });
    const noAmount = await gql(stack.api, CREATE, { input: input({ amountCents: undefined }) });
    expect(noAmount.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'amountCents' });
    const unknown = await gql(stack.api, CREATE, { input: input({ serviceCode: 'NOPE' }) });
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'serviceCode' });
  });

  it("never hands one payer's notice to another caller who replays their request id", async () => {
    const requestId = `replayed-${Date.now()}`;
    const mine = await gql<Created>(stack.api, CREATE, { input: input({ mode: 'payLater', requestId }) });
    const again = await gql<Created>(stack.api, CREATE, { input: input({ mode: 'payLater', requestId }) });
    // The same request repeated is the same notice...
    expect(again.data!.createVoluntaryPayment.noticeNumber).toBe(
      mine.data!.createVoluntaryPayment.noticeNumber,
    );
    // ...but the same key with someone else's request is a request of its own.
    const other = await gql<Created>(stack.api, CREATE, {
      input: input({
        mode: 'payLater',
        requestId,
        payer: { type: 'F', fiscalCode: 'BNCGLI85C55L424K', fullName: 'Giulia Bianchi' },
      }),
    });
    expect(other.errors).toBeUndefined();
    expect(other.data!.createVoluntaryPayment.noticeNumber).not.toBe(
      mine.data!.createVoluntaryPayment.noticeNumber,
    );
  });
});
