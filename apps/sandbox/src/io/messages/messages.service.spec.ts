import { IoCounters } from '../io-counters';
import { ProfilesService } from '../profiles/profiles.service';
import { CITIZEN_BLOCKING_SERVICES, CITIZEN_NOT_ON_IO } from '../profiles/test-citizens';
import { ioServiceSettings } from '../services/io-service-settings';
import { MessagesService } from './messages.service';
import { newMessage } from './new-message';

describe(MessagesService.name, () => {
  const MARIO = 'RSSMRA80A01L424F';
  const service = ioServiceSettings.parse({
    serviceId: 'svc-anagrafe',
    name: 'Anagrafe',
    subscriptionKeys: ['key-anagrafe-1'],
  });
  const message = newMessage.parse({
    content: {
      subject: 'Carta di identità in scadenza',
      markdown: 'La sua carta di identità scade tra 90 giorni.'.padEnd(90, '.'),
    },
  });
  let counters: IoCounters;
  let sut: MessagesService;

  beforeEach(() => {
    jest.useFakeTimers();
    counters = new IoCounters();
    sut = new MessagesService(new ProfilesService(), counters, 1000, () => 0.99);
  });
  afterEach(() => {
    sut.onModuleDestroy();
    jest.useRealTimers();
  });

  it('accepts a message at once and processes it after the delay', () => {
    const { id, status } = sut.submit(service, MARIO, message);
    expect(status).toBe('ACCEPTED');
    jest.advanceTimersByTime(999);
    expect(sut.find(MARIO, id)?.status).toBe('ACCEPTED');
    jest.advanceTimersByTime(1);
    expect(sut.find(MARIO, id)).toMatchObject({
      status: 'PROCESSED',
      notification: { email: 'SENT', webhook: 'SENT' },
    });
    expect(sut.find('BNCGLI85C55L424K', id)).toBeUndefined();
  });

  it('rejects messages to citizens not on IO or blocking the service', () => {
    const absent = sut.submit(service, CITIZEN_NOT_ON_IO, message);
    const blocked = sut.submit(service, CITIZEN_BLOCKING_SERVICES, message);
    jest.advanceTimersByTime(1000);
    expect(sut.find(CITIZEN_NOT_ON_IO, absent.id)).toMatchObject({
      status: 'REJECTED',
      reason: 'the recipient is not on IO',
    });
    expect(sut.find(CITIZEN_BLOCKING_SERVICES, blocked.id)?.status).toBe('REJECTED');
  });

  it('follows fault rules: FAILED, or THROTTLED once and then PROCESSED', () => {
    sut.configure({
      rules: [
        { fiscalCode: MARIO, status: 'THROTTLED' },
        { serviceId: 'svc-anagrafe', status: 'FAILED' },
      ],
    });
    const throttled = sut.submit(service, MARIO, message);
    const failed = sut.submit(service, 'BNCGLI85C55L424K', message);
    jest.advanceTimersByTime(1000);
    expect(sut.find(MARIO, throttled.id)?.status).toBe('THROTTLED');
    expect(sut.find('BNCGLI85C55L424K', failed.id)?.status).toBe('FAILED');
    jest.advanceTimersByTime(1000);
    expect(sut.find(MARIO, throttled.id)?.statusHistory.map((step) => step.status)).toEqual([
      'ACCEPTED',
      'THROTTLED',
      'PROCESSED',
    ]);
    expect(() => sut.configure({ failedRate: 2 })).toThrow();
  });

  it('counts a resent identical message as a duplicate, and forgets everything on reset', () => {
    sut.submit(service, MARIO, message);
    sut.submit(service, MARIO, message);
    sut.submit(service, MARIO, { ...message, content: { ...message.content, subject: 'Un altro oggetto' } });
    const snapshot = counters.snapshot();
    expect(snapshot.messages).toEqual({ [`svc-anagrafe/${MARIO}`]: 3 });
    expect(Object.values(snapshot.duplicates)).toEqual([1]);
    expect(snapshot.totals).toEqual({ messages: 3, duplicates: 1 });
    sut.reset();
    jest.advanceTimersByTime(5000);
    expect(sut.list()).toEqual([]);
    expect(counters.snapshot().statuses).toEqual({});
  });
});
