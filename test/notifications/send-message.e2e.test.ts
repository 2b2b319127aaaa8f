import { randomUUID } from 'node:crypto';
import { dataOf, gql } from '../support/graphql';
import { eventually } from '../support/platform';
import { NotificationsStack, TRIESTE_IO } from '../support/notifications-stack';

const MARIO = 'RSSMRA80A01L424F'; // citizenA of test/support/identity, on the sandbox's IO
const BODY =
  'Gentile {{name}}, la pratica {{caseNumber}} presso il Comune di Trieste è stata conclusa. Grazie per la pazienza.';

type Delivery = {
  id: string;
  status: string;
  channel: string;
  idempotencyKey: string;
  caseNumber: string | null;
};

const SEND = `mutation Send($input: SendMessageInput!) {
  sendMessage(input: $input) { id status channel idempotencyKey caseNumber }
}`;

/** sendMessage for the ente's applications and staff: through GraphQL, the workflow, the sandbox's App IO. */
describe('sendMessage', () => {
  const stack = new NotificationsStack();
  beforeAll(() => stack.start({ withApi: true }), 120_000);
  afterAll(() => stack.stop());

  const send = async (input: Record<string, unknown>) =>
    gql<{ sendMessage: Delivery }>(stack.api!, SEND, { input }, { as: await stack.as('operatorX') });

  it('renders an ente template, delivers it once however often the request is repeated, and lists it', async () => {
    const saved = await gql(
      stack.api!,
      `mutation($input: SaveMessageTemplateInput!) { saveMessageTemplate(input: $input) { id eventKey } }`,
      {
        input: {
          enteCode: TRIESTE_IO.enteCode,
          eventKey: 'case.concluded',
          subjectIt: 'Pratica {{caseNumber}} conclusa',
          markdownIt: BODY,
        },
      },
      { as: await stack.as('enteAdminX') },
    );
    expect(saved.errors).toBeUndefined();
    const caseNumber = `T-${randomUUID().slice(0, 8)}`;
    const input = {
      enteCode: TRIESTE_IO.enteCode,
      fiscalCode: MARIO,
      templateKey: 'case.concluded',
      variables: [
        { name: 'name', value: 'Mario Rossi' },
        { name: 'caseNumber', value: caseNumber },
      ],
      caseNumber,
      idempotencyKey: `gestionale/${caseNumber}`,
    };
    const results = await Promise.all([send(input), send(input), send(input)]);
    const ids = results.map((result) => dataOf(result).sendMessage.id);
    expect(new Set(ids).size).toBe(1);

    const headers = await stack.as('operatorX');
    const delivered = await eventually(async () => {
      const listed = dataOf(
        await gql<{ messages: Delivery[] }>(
          stack.api!,
          `query($e: String!, $c: String) { messages(enteCode: $e, caseNumber: $c) { id status channel idempotencyKey caseNumber } }`,
          { e: TRIESTE_IO.enteCode, c: caseNumber },
          { as: headers },
        ),
      ).messages;
      return listed[0]?.status === 'processed' ? listed : undefined;
    }, 'the message processed');
    expect(delivered).toEqual([
      { id: ids[0], status: 'processed', channel: 'io', idempotencyKey: input.idempotencyKey, caseNumber },
    ]);
    // Once more after it was delivered: the same record, nothing sent.
    expect(dataOf(await send(input)).sendMessage).toMatchObject({ id: ids[0], status: 'processed' });
    const counters = await stack.ioCounters();
    expect(counters.messages[`${TRIESTE_IO.serviceId}/${MARIO}`]).toBe(1);
    expect(counters.totals.duplicates).toBe(0);

    const mine = await gql<{ myMessages: { id: string }[] }>(stack.api!, '{ myMessages { id } }', undefined, {
      as: await stack.as('citizenA'),
    });
    expect(dataOf(mine).myMessages.map((message) => message.id)).toContain(ids[0]);
    const others = await gql<{ myMessages: { id: string }[] }>(
      stack.api!,
      '{ myMessages { id } }',
      undefined,
      {
        as: await stack.as('citizenB'),
      },
    );
    expect(dataOf(others).myMessages.map((message) => message.id)).not.toContain(ids[0]);
  }, 60_000);

  it('refuses a message outside the limits with a typed error, writing and sending nothing', async () => {
    const idempotencyKey = `gestionale/${randomUUID()}`;
    const before = (await stack.ioCounters()).totals.messages;
    const result = await send({
      enteCode: TRIESTE_IO.enteCode,
      fiscalCode: MARIO,
      subject: 'Breve',
      markdown: BODY,
      idempotencyKey,
    });
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID_MESSAGE_LENGTH',
      field: 'subject',
    });
    const rows = (await stack.sql.query('SELECT id FROM message WHERE idempotency_key = $1', [
      idempotencyKey,
    ])) as unknown[];
    expect(rows).toEqual([]);
    expect((await stack.ioCounters()).totals.messages).toBe(before);
  });

  it('refuses a template variable the request does not supply', async () => {
    const result = await send({
      enteCode: TRIESTE_IO.enteCode,
      fiscalCode: MARIO,
      templateKey: 'case.concluded',
      variables: [{ name: 'name', value: 'Mario Rossi' }],
      idempotencyKey: `gestionale/${randomUUID()}`,
    });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'MISSING_TEMPLATE_VARIABLE' });
  });
});
