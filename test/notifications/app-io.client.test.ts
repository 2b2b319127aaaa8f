import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppIoClient } from '../../apps/worker/src/adapters/app-io/app-io.client';

const MESSAGE = {
  fiscal_code: 'RSSMRA80A01L424F',
  content: { subject: 'Oggetto di prova', markdown: 'm'.repeat(80) },
};

/** A stand-in whose next answer the test chooses, to pin how each answer of IO is classified. */
describe(AppIoClient.name, () => {
  let server: Server;
  let answer: (response: import('node:http').ServerResponse) => void;
  let sut: AppIoClient;

  beforeAll(async () => {
    server = createServer((request, response) => {
      request.resume();
      request.on('end', () => answer(response));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    sut = new AppIoClient({
      baseUrl: `http://127.0.0.1:${port}/api/v1`,
      subscriptionKeys: { svc: 'key-svc-0001' },
      timeoutMs: 500,
    });
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const reply = (status: number, body?: object, headers: Record<string, string> = {}) => {
    answer = (response) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(body === undefined ? undefined : JSON.stringify(body));
    };
  };

  it('takes the id of a 201', async () => {
    reply(201, { id: '01IOMESSAGE' });
    expect(await sut.submit('svc', MESSAGE)).toEqual({ outcome: 'accepted', ioMessageId: '01IOMESSAGE' });
  });

  it('knows a 429 or a 5xx stored nothing, and honours Retry-After', async () => {
    reply(429, { title: 'Too Many Requests' }, { 'retry-after': '3' });
    expect(await sut.submit('svc', MESSAGE)).toMatchObject({ outcome: 'notStored', retryAfterMs: 3000 });
    reply(500, { title: 'message cannot be delivered' });
    expect(await sut.submit('svc', MESSAGE)).toMatchObject({ outcome: 'notStored' });
    // IO's own limit names the header as its gateway policy does.
    reply(
      429,
      { statusCode: 429, message: 'Rate limit is exceeded. Try again in 4 seconds.' },
      {
        'x-rate-limit-retry-after': '4',
      },
    );
    expect(await sut.submit('svc', MESSAGE)).toMatchObject({ outcome: 'notStored', retryAfterMs: 4000 });
  });

  it('treats other 4xx as a refusal no retry fixes', async () => {
    reply(400, { title: 'Invalid NewMessage', detail: 'subject too short' });
    expect(await sut.submit('svc', MESSAGE)).toEqual({
      outcome: 'refused',
      reason: 'App IO POST /messages answered 400: Invalid NewMessage: subject too short',
    });
  });

  it('cannot tell after a lost answer: a hang-up, a timeout or a gateway 504', async () => {
    answer = (response) => response.socket?.destroy();
    expect(await sut.submit('svc', MESSAGE)).toMatchObject({ outcome: 'unknown' });
    answer = () => undefined; // never answers: the client's timeout
    expect(await sut.submit('svc', MESSAGE)).toMatchObject({ outcome: 'unknown' });
    reply(504, { message: 'gateway timeout' });
    expect(await sut.submit('svc', MESSAGE)).toMatchObject({ outcome: 'unknown' });
  });

  it('reads profiles: 404 not on IO, sender_allowed false blocked', async () => {
    reply(404, { title: 'Profile not found' });
    expect(await sut.profile('svc', MESSAGE.fiscal_code)).toBe('notOnIo');
    reply(200, { sender_allowed: false });
    expect(await sut.profile('svc', MESSAGE.fiscal_code)).toBe('blocked');
    reply(200, { sender_allowed: true, preferred_languages: ['it_IT'] });
    expect(await sut.profile('svc', MESSAGE.fiscal_code)).toBe('allowed');
    reply(200, { sender_allowed: true, preferred_languages: ['de_DE', 'en_GB'] });
    expect(await sut.readProfile('svc', MESSAGE.fiscal_code)).toEqual({
      profile: 'allowed',
      preferredLanguages: ['de_DE', 'en_GB'],
    });
  });

  it('fails reads typed: retryable with the server’s delay on 429, not retryable on 403', async () => {
    reply(429, {}, { 'retry-after': '2' });
    await expect(sut.status('svc', MESSAGE.fiscal_code, '01X')).rejects.toMatchObject({
      type: 'APP_IO_UNAVAILABLE',
      nonRetryable: false,
      nextRetryDelay: 2000,
    });
    reply(429, {}, { 'x-rate-limit-retry-after': '5' });
    await expect(sut.profile('svc', MESSAGE.fiscal_code)).rejects.toMatchObject({
      type: 'APP_IO_UNAVAILABLE',
      nextRetryDelay: 5000,
    });
    reply(403, { title: 'You are not allowed here' });
    await expect(sut.status('svc', MESSAGE.fiscal_code, '01X')).rejects.toMatchObject({
      type: 'APP_IO_REJECTED',
      nonRetryable: true,
    });
  });

  it('waits, retryably, for a key nobody configured, and never calls that a lost answer', async () => {
    const missing = { type: 'APP_IO_KEY_MISSING', nonRetryable: false };
    await expect(sut.profile('other', MESSAGE.fiscal_code)).rejects.toMatchObject(missing);
    await expect(sut.submit('other', MESSAGE)).rejects.toMatchObject(missing);
  });
});
