import { dataOf, gql } from '../support/graphql';
import { http } from '../support/http';
import { eventually } from '../support/platform';
import { NotificationsStack, TRIESTE_IO } from '../support/notifications-stack';

const PAYER = 'RSSMRA80A01L424F'; // on the sandbox's IO

type IoMessage = {
  senderServiceId: string;
  content: {
    subject: string;
    payment_data?: { notice_number: string; amount: number; payee: { fiscal_code: string } };
  };
};

/** Issue 18 item 5: a payment of a service with an App IO service tells its payer on IO, twice. */
describe('payment messages on App IO', () => {
  const stack = new NotificationsStack();
  beforeAll(() => stack.start({ withApi: true }), 120_000);
  afterAll(() => stack.stop());

  it('sends the notice with payment data when published, and a confirmation once paid', async () => {
    const issued = await gql<{ issuePayment: string }>(
      stack.api!,
      'mutation($input: IssuePaymentInput!) { issuePayment(input: $input) }',
      {
        input: {
          enteCode: TRIESTE_IO.enteCode,
          serviceCode: 'MATRIMONIO-CIVILE',
          payer: { type: 'F', fiscalCode: PAYER, fullName: 'Mario Rossi' },
          amountCents: 15000,
          description: 'Uso della Sala matrimoni',
          dueDate: '2099-12-31',
          taxonomyCode: '9/0104102TS/',
        },
      },
      { as: await stack.as('operatorX') },
    );
    const noticeNumber = dataOf(issued).issuePayment;
    const notice = await eventually(async () => {
      const found = (await http('GET', `${stack.sandbox.url}/__sandbox/io/messages?fiscalCode=${PAYER}`))
        .body as IoMessage[];
      return found.find((message) => message.content.payment_data?.notice_number === noticeNumber);
    }, 'the notice on IO');
    expect(notice).toMatchObject({
      senderServiceId: TRIESTE_IO.marriageServiceId,
      content: {
        subject: 'Avviso di pagamento: Uso della Sala matrimoni',
        payment_data: { amount: 15000, payee: { fiscal_code: TRIESTE_IO.fiscalCode } },
      },
    });

    const paid = await http('POST', `${stack.sandbox.url}/__sandbox/psp/payments`, {
      body: { noticeNumber, fiscalCode: TRIESTE_IO.fiscalCode },
    });
    expect(paid.status).toBe(201);
    const confirmation = await eventually(
      async () => {
        const found = (await http('GET', `${stack.sandbox.url}/__sandbox/io/messages?fiscalCode=${PAYER}`))
          .body as IoMessage[];
        return found.find(
          (message) => message.content.subject === 'Pagamento ricevuto: Uso della Sala matrimoni',
        );
      },
      'the confirmation on IO',
      60_000,
    );
    expect(confirmation.content.payment_data).toBeUndefined();

    const records = (await stack.sql.query(
      `SELECT idempotency_key, channel, status FROM message WHERE notice_number = $1 ORDER BY idempotency_key`,
      [noticeNumber],
    )) as { idempotency_key: string }[];
    expect(records.map((row) => row.idempotency_key)).toEqual([
      `payment/${noticeNumber}/notice`,
      `payment/${noticeNumber}/receipt`,
    ]);
    expect((await stack.ioCounters()).totals.duplicates).toBe(0);
  }, 90_000);

  it('sends nothing for a payment whose service has no App IO service', async () => {
    const before = (await stack.ioCounters()).totals.messages;
    const issued = await gql<{ issuePayment: string }>(
      stack.api!,
      'mutation($input: IssuePaymentInput!) { issuePayment(input: $input) }',
      {
        input: {
          enteCode: TRIESTE_IO.enteCode,
          serviceCode: 'TARI',
          payer: { type: 'F', fiscalCode: PAYER, fullName: 'Mario Rossi' },
          amountCents: 9000,
          description: 'TARI 2026',
          dueDate: '2099-12-31',
          taxonomyCode: '9/0104102TS/',
        },
      },
      { as: await stack.as('operatorX') },
    );
    const noticeNumber = dataOf(issued).issuePayment;
    await eventually(async () => {
      const rows = (await stack.sql.query(`SELECT status FROM payment WHERE notice_number = $1`, [
        noticeNumber,
      ])) as {
        status: string;
      }[];
      return rows[0]?.status === 'published' ? true : undefined;
    }, 'the payment published');
    expect((await stack.ioCounters()).totals.messages).toBe(before);
  });
});
