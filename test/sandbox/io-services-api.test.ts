import { randomUUID } from 'node:crypto';
import { eventually } from '../support/platform';
import { http, type JsonBody } from '../support/http';
import {
  ENTE,
  IO_SERVICE,
  newNotice,
  OTHER_IO_SERVICE,
  type RunningSandbox,
  startSandbox,
} from '../support/sandbox';

/** Seeded test citizens (apps/sandbox/src/io/profiles/test-citizens.ts). */
const MARIO = 'RSSMRA80A01L424F';
const GIULIA = 'BNCGLI85C55L424K';
const ANNA_NOT_ON_IO = 'FRRNNA90E50F081R';
const LUCA_BLOCKS_ALL = 'VRDLCU72S30F081P';

/** A service of its own for the rate-limit test, so its bucket is not shared with other tests. */
const THROTTLED_SERVICE = { serviceId: 'sus-rate-limited', key: 'key-io-rate-limited-03' };

const MARKDOWN =
  'Gentile cittadina, gentile cittadino,\n\nla sua **carta di identità** scade tra 90 giorni: prenoti il rinnovo.';

/** A valid NewMessage with a unique subject, so its content key is its own. */
function message(extra: Record<string, unknown> = {}, content: Record<string, unknown> = {}) {
  return {
    content: {
      subject: `Carta di identità in scadenza ${randomUUID().slice(0, 8)}`,
      markdown: MARKDOWN,
      ...content,
    },
    ...extra,
  };
}

describe('sandbox App IO Services API (io-services-api.yaml v4.1.1)', () => {
  let sandbox: RunningSandbox;
  const api = (path: string) => `${sandbox.url}/api/v1${path}`;
  const counters = async (): Promise<JsonBody> =>
    (await http('GET', `${sandbox.url}/__sandbox/counters`)).body;
  const storedFor = async (fiscalCode: string): Promise<JsonBody[]> =>
    (await http('GET', `${sandbox.url}/__sandbox/io/messages?fiscalCode=${fiscalCode}`)).body;

  beforeAll(async () => {
    sandbox = await startSandbox({ SANDBOX_IO_PROCESSING_DELAY_MS: '300' });
    const created = await http('PUT', `${sandbox.url}/__sandbox/io/services/${THROTTLED_SERVICE.serviceId}`, {
      body: { name: 'Servizio lento', subscriptionKeys: [THROTTLED_SERVICE.key], rateLimitPerSecond: 2 },
    });
    expect(created.status).toBe(200);
  });
  afterAll(() => sandbox.close());

  describe('profiles', () => {
    it('answers 404 for a citizen not on IO, sender_allowed false for one blocking the service, the profile otherwise', async () => {
      const absent = await http('GET', api(`/profiles/${ANNA_NOT_ON_IO}`), { key: IO_SERVICE.key });
      expect(absent.status).toBe(404);
      expect(absent.headers.get('content-type')).toContain('application/problem+json');
      expect(absent.body).toEqual({
        status: 404,
        title: 'Profile not found',
        detail: 'The profile you requested was not found in the system.',
      });

      const blocking = await http('GET', api(`/profiles/${LUCA_BLOCKS_ALL}`), { key: IO_SERVICE.key });
      expect(blocking).toMatchObject({ status: 200, body: { sender_allowed: false } });

      const ok = await http('GET', api(`/profiles/${GIULIA}`), { key: IO_SERVICE.key });
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ sender_allowed: true, preferred_languages: ['it_IT', 'en_GB'] });

      const byPost = await http('POST', api('/profiles'), {
        key: IO_SERVICE.key,
        body: { fiscal_code: MARIO },
      });
      expect(byPost).toMatchObject({
        status: 200,
        body: { sender_allowed: true, preferred_languages: ['it_IT'] },
      });
    });

    it('follows the citizen’s choice per service, set through the control surface', async () => {
      const fiscalCode = 'PLLGNN75M41L424W';
      const put = await http('PUT', `${sandbox.url}/__sandbox/io/profiles/${fiscalCode}`, {
        body: { senderAllowed: { [OTHER_IO_SERVICE.serviceId]: false }, preferredLanguages: ['de_DE'] },
      });
      expect(put.status).toBe(200);
      const allowed = await http('POST', api('/profiles'), {
        key: IO_SERVICE.key,
        body: { fiscal_code: fiscalCode },
      });
      expect(allowed.body).toEqual({ sender_allowed: true, preferred_languages: ['de_DE'] });
      const blocked = await http('POST', api('/profiles'), {
        key: OTHER_IO_SERVICE.key,
        body: { fiscal_code: fiscalCode },
      });
      expect(blocked.body.sender_allowed).toBe(false);

      expect((await http('DELETE', `${sandbox.url}/__sandbox/io/profiles/${fiscalCode}`)).status).toBe(204);
      expect((await http('GET', api(`/profiles/${fiscalCode}`), { key: IO_SERVICE.key })).status).toBe(404);
    });

    it('refuses a malformed fiscal code with 400, a missing or unknown key with 401', async () => {
      const malformed = await http('GET', api('/profiles/rssmra80a01l424f'), { key: IO_SERVICE.key });
      expect(malformed).toMatchObject({ status: 400, body: { title: 'Invalid FiscalCode' } });
      const emptyBody = await http('POST', api('/profiles'), { key: IO_SERVICE.key, body: {} });
      expect(emptyBody).toMatchObject({ status: 400, body: { title: 'Invalid FiscalCodePayload' } });

      const missing = await http('GET', api(`/profiles/${MARIO}`));
      expect(missing).toMatchObject({ status: 401, body: { statusCode: 401 } });
      const unknown = await http('GET', api(`/profiles/${MARIO}`), { key: 'key-nobody-knows-0000' });
      expect(unknown.status).toBe(401);
      expect(unknown.body.message).toContain('invalid subscription key');
    });
  });

  describe('message submission', () => {
    it('refuses what the spec refuses with 400 ProblemJson, and stores nothing', async () => {
      const before = (await counters()).io.totals.messages;
      const cases: [string, unknown][] = [
        ['content.subject', message({}, { subject: 'x'.repeat(9) })],
        ['content.subject', message({}, { subject: 'x'.repeat(121) })],
        ['content.markdown', message({}, { markdown: 'x'.repeat(79) })],
        [
          'content.payment_data.notice_number',
          message({}, { payment_data: { notice_number: '30200001', amount: 100 } }),
        ],
        [
          'content.payment_data.amount',
          message({}, { payment_data: { notice_number: newNotice().noticeNumber, amount: 0 } }),
        ],
        [
          'content.payment_data.payee.fiscal_code',
          message(
            {},
            {
              payment_data: {
                notice_number: newNotice().noticeNumber,
                amount: 100,
                payee: { fiscal_code: 'ABC' },
              },
            },
          ),
        ],
        ['time_to_live', message({ time_to_live: 60 })],
        ['default_addresses.email', message({ default_addresses: { email: 'nowhere' } })],
      ];
      for (const [path, body] of cases) {
        const response = await http('POST', api(`/messages/${MARIO}`), { key: IO_SERVICE.key, body });
        expect({ path, status: response.status, type: response.headers.get('content-type') }).toEqual({
          path,
          status: 400,
          type: expect.stringContaining('application/problem+json'),
        });
        expect(response.body).toMatchObject({ status: 400, title: 'Invalid NewMessage' });
        expect(response.body.detail).toContain(path);
      }
      const both = await http('POST', api(`/messages/${MARIO}`), {
        key: IO_SERVICE.key,
        body: message({ fiscal_code: MARIO }),
      });
      expect(both).toMatchObject({ status: 400, body: { title: 'Bad parameters' } });
      const neither = await http('POST', api('/messages'), { key: IO_SERVICE.key, body: message() });
      expect(neither).toMatchObject({ status: 400, body: { title: 'Bad parameters' } });

      expect((await counters()).io.totals.messages).toBe(before);
    });

    it('answers 201 with the id and Location, and the status moves from ACCEPTED to PROCESSED', async () => {
      const { noticeNumber } = newNotice();
      const body = message(
        { feature_level_type: 'ADVANCED' },
        {
          payment_data: {
            notice_number: noticeNumber,
            amount: 5100,
            payee: { fiscal_code: ENTE.fiscalCode },
          },
          due_date: '2026-12-31T23:59:59.000Z',
        },
      );
      const created = await http('POST', api(`/messages/${MARIO}`), { key: IO_SERVICE.key, body });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({ id: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/) });
      const { id } = created.body;
      expect(created.headers.get('location')).toBe(`/api/v1/messages/${MARIO}/${id}`);

      const accepted = await http('GET', `${sandbox.url}${created.headers.get('location')}`, {
        key: IO_SERVICE.key,
      });
      expect(accepted.status).toBe(200);
      expect(accepted.body).toEqual({
        message: {
          id,
          fiscal_code: MARIO,
          time_to_live: 3600,
          created_at: expect.any(String),
          sender_service_id: IO_SERVICE.serviceId,
          feature_level_type: 'ADVANCED',
        },
        status: 'ACCEPTED',
      });

      const processed = await eventually(async () => {
        const { body: current } = await http('GET', api(`/messages/${MARIO}/${id}`), { key: IO_SERVICE.key });
        return current.status === 'PROCESSED' ? current : undefined;
      }, 'the message PROCESSED');
      expect(processed).toMatchObject({
        message: {
          content: {
            subject: body.content.subject,
            markdown: MARKDOWN,
            payment_data: { notice_number: noticeNumber, amount: 5100, invalid_after_due_date: false },
          },
        },
        notification: { email: 'SENT', webhook: 'SENT' },
        read_status: 'UNREAD',
        payment_status: 'NOT_PAID',
      });

      const otherService = await http('GET', api(`/messages/${MARIO}/${id}`), { key: OTHER_IO_SERVICE.key });
      expect(otherService).toMatchObject({ status: 403, body: { title: 'You are not allowed here' } });
      const otherCitizen = await http('GET', api(`/messages/${GIULIA}/${id}`), { key: IO_SERVICE.key });
      expect(otherCitizen).toMatchObject({ status: 404, body: { title: 'Message not found' } });
    });

    it('takes the fiscal code from the body too, and REJECTs messages to citizens not on IO or blocking the service', async () => {
      const ids: Record<string, string> = {};
      for (const fiscalCode of [GIULIA, ANNA_NOT_ON_IO, LUCA_BLOCKS_ALL]) {
        const created = await http('POST', api('/messages'), {
          key: IO_SERVICE.key,
          body: message({ fiscal_code: fiscalCode }),
        });
        expect(created.status).toBe(201);
        ids[fiscalCode] = created.body.id;
      }
      const statusOf = async (fiscalCode: string) =>
        (await http('GET', api(`/messages/${fiscalCode}/${ids[fiscalCode]}`), { key: IO_SERVICE.key })).body
          .status;
      await eventually(
        async () => ((await statusOf(GIULIA)) === 'PROCESSED' ? true : undefined),
        'PROCESSED',
      );
      expect(await statusOf(ANNA_NOT_ON_IO)).toBe('REJECTED');
      expect(await statusOf(LUCA_BLOCKS_ALL)).toBe('REJECTED');
      const [stored] = await storedFor(ANNA_NOT_ON_IO);
      expect(stored).toMatchObject({
        id: ids[ANNA_NOT_ON_IO],
        status: 'REJECTED',
        reason: 'the recipient is not on IO',
      });
    });

    it('ends messages FAILED or THROTTLED when a delivery fault rule says so', async () => {
      const fiscalCode = 'FBBLNE75L41L424G';
      await http('PUT', `${sandbox.url}/__sandbox/io/delivery`, {
        body: {
          rules: [
            { fiscalCode, serviceId: OTHER_IO_SERVICE.serviceId, status: 'FAILED' },
            { fiscalCode, status: 'THROTTLED' },
          ],
        },
      });
      try {
        const failed = await http('POST', api(`/messages/${fiscalCode}`), {
          key: OTHER_IO_SERVICE.key,
          body: message(),
        });
        const throttled = await http('POST', api(`/messages/${fiscalCode}`), {
          key: IO_SERVICE.key,
          body: message(),
        });
        const history = await eventually(async () => {
          const all = await storedFor(fiscalCode);
          const done = all.filter((m: JsonBody) => ['FAILED', 'PROCESSED'].includes(m.status));
          return done.length === 2 ? all : undefined;
        }, 'both messages processed');
        const byId = new Map(history.map((m: JsonBody) => [m.id, m]));
        expect(byId.get(failed.body.id).status).toBe('FAILED');
        expect(byId.get(throttled.body.id).statusHistory.map((step: JsonBody) => step.status)).toEqual([
          'ACCEPTED',
          'THROTTLED',
          'PROCESSED',
        ]);
      } finally {
        await http('PUT', `${sandbox.url}/__sandbox/io/delivery`, { body: { rules: [] } });
      }
    });

    it('counts a resent identical message as a duplicate', async () => {
      const body = message();
      const first = await http('POST', api(`/messages/${GIULIA}`), { key: IO_SERVICE.key, body });
      const contentKey = (await storedFor(GIULIA)).find((m: JsonBody) => m.id === first.body.id).contentKey;
      expect((await counters()).io.duplicates[contentKey]).toBeUndefined();

      const again = await http('POST', api(`/messages/${GIULIA}`), { key: IO_SERVICE.key, body });
      expect(again.status).toBe(201);
      expect(again.body.id).not.toBe(first.body.id);
      const io = (await counters()).io;
      expect(io.messagesByContent[contentKey]).toBe(2);
      expect(io.duplicates[contentKey]).toBe(1);
    });
  });

  it('answers 429 with IO’s x-rate-limit-retry-after once a key goes over its rate, whatever the operation', async () => {
    const responses = await Promise.all(
      Array.from({ length: 6 }, () =>
        http('POST', api('/profiles'), { key: THROTTLED_SERVICE.key, body: { fiscal_code: MARIO } }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThanOrEqual(2);
    const throttled = responses.filter((response) => response.status === 429);
    expect(throttled.length).toBeGreaterThanOrEqual(1);
    // IO's gateway policy renames APIM's retry header, and tells every caller let through what is left.
    expect(Number(throttled[0]!.headers.get('x-rate-limit-retry-after'))).toBeGreaterThanOrEqual(1);
    expect(throttled[0]!.headers.get('retry-after')).toBeNull();
    const allowed = responses.find((response) => response.status === 200)!;
    expect(Number(allowed.headers.get('x-rate-limit-remaining'))).toBeGreaterThanOrEqual(0);
    // The submission counts against the same limit as the profile check.
    const submits = await Promise.all(
      Array.from({ length: 4 }, () =>
        http('POST', api('/messages'), { key: THROTTLED_SERVICE.key, body: message({ fiscal_code: MARIO }) }),
      ),
    );
    expect(submits.map((response) => response.status)).toContain(429);
    expect(throttled[0]!.body).toEqual({
      statusCode: 429,
      message: expect.stringContaining('Rate limit is exceeded'),
    });
    expect((await counters()).io.throttledPerKey[THROTTLED_SERVICE.key]).toBe(
      throttled.length + submits.filter((response) => response.status === 429).length,
    );
  });

  describe('fault injection on /api/v1', () => {
    afterEach(async () => {
      await http('PUT', `${sandbox.url}/__sandbox/faults`, {
        body: { rate5xx: 0, dropResponseAfterCommitRate: 0, dropResponseMode: 'hangup', pathPrefixes: [] },
      });
    });

    it('applies the injected 5xx to the IO routes', async () => {
      await http('PUT', `${sandbox.url}/__sandbox/faults`, {
        body: { rate5xx: 1, pathPrefixes: ['/api/v1/profiles'] },
      });
      expect((await http('GET', api(`/profiles/${MARIO}`), { key: IO_SERVICE.key })).status).toBe(503);
      expect((await http('GET', `${sandbox.url}/__sandbox/io/profiles/${MARIO}`)).status).toBe(200);
    });

    it('commits then drops the answer: the client sees a hang-up or a 504, yet the message is stored', async () => {
      const fiscalCode = 'MRNSFN77D22L424M';
      const before = (await counters()).faults.droppedResponsesAfterCommit;
      await http('PUT', `${sandbox.url}/__sandbox/faults`, {
        body: { dropResponseAfterCommitRate: 1, pathPrefixes: ['/api/v1/messages'] },
      });
      const body = message();
      await expect(
        http('POST', api(`/messages/${fiscalCode}`), { key: IO_SERVICE.key, body }),
      ).rejects.toThrow();
      await http('PUT', `${sandbox.url}/__sandbox/faults`, { body: { dropResponseMode: '504' } });
      const gatewayTimeout = await http('POST', api(`/messages/${fiscalCode}`), {
        key: IO_SERVICE.key,
        body,
      });
      expect(gatewayTimeout.status).toBe(504);
      expect(gatewayTimeout.headers.get('location')).toBeNull();
      // A refused write is answered as usual: nothing was committed.
      const refused = await http('POST', api(`/messages/${fiscalCode}`), {
        key: IO_SERVICE.key,
        body: message({}, { subject: 'too short' }),
      });
      expect(refused.status).toBe(400);

      const stored = await storedFor(fiscalCode);
      expect(stored.map((m: JsonBody) => m.content.subject)).toEqual([
        body.content.subject,
        body.content.subject,
      ]);
      const after = await counters();
      expect(after.faults.droppedResponsesAfterCommit - before).toBe(2);
      expect(after.io.duplicates[stored[0].contentKey]).toBe(1);
    });
  });

  it('shows the citizen’s inbox in Italian with the payment notice', async () => {
    const { noticeNumber } = newNotice();
    const body = message({}, { payment_data: { notice_number: noticeNumber, amount: 5100 } });
    await http('POST', api(`/messages/${GIULIA}`), { key: IO_SERVICE.key, body });
    const page = await http('GET', `${sandbox.url}/__sandbox/io/inbox/${GIULIA}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.body).toContain(body.content.subject);
    expect(page.body).toContain('Messaggi App IO di Giulia Bianchi');
    expect(page.body).toContain(noticeNumber.replace(/(\d{4})(?=\d)/g, '$1 '));
    expect(page.body).toContain('51,00');
    expect(page.body).toContain('carta di identità');
    expect(page.body).not.toContain('**');
  });

  it('forgets IO messages, profile changes and added services on POST /__sandbox/reset', async () => {
    // On a sandbox of its own, so the reset does not pull data from under this file's other tests.
    const own = await startSandbox();
    try {
      const url = own.url;
      const created = await http('POST', `${url}/api/v1/messages/${MARIO}`, {
        key: IO_SERVICE.key,
        body: message(),
      });
      expect(created.status).toBe(201);
      await http('DELETE', `${url}/__sandbox/io/profiles/${GIULIA}`);
      await http('PUT', `${url}/__sandbox/io/services/sus-temporary`, {
        body: { name: 'Temporaneo', subscriptionKeys: ['key-io-temporary-0009'] },
      });
      expect((await http('POST', `${url}/__sandbox/reset`)).status).toBe(204);
      expect((await http('GET', `${url}/__sandbox/io/messages`)).body).toEqual([]);
      expect((await http('GET', `${url}/api/v1/profiles/${GIULIA}`, { key: IO_SERVICE.key })).status).toBe(
        200,
      );
      expect(
        (await http('GET', `${url}/api/v1/profiles/${GIULIA}`, { key: 'key-io-temporary-0009' })).status,
      ).toBe(401);
      expect((await http('GET', `${url}/__sandbox/counters`)).body.io.totals).toEqual({
        messages: 0,
        duplicates: 0,
      });
    } finally {
      await own.close();
    }
  });
});
