import { createCaseActivities, type CasePorts } from './case.activities';

describe('romeCalendar', () => {
  const unused = new Proxy({}, { get: () => () => Promise.reject(new Error('not used')) });
  const { romeCalendar } = createCaseActivities({
    caseStore: unused,
    bookings: unused,
    notices: unused,
  } as unknown as CasePorts);

  it("answers the civil day in Rome of the workflow's instant, not the worker's wall clock", async () => {
    // 22:30 UTC on 4 October is already the 5th in Rome (CEST).
    expect(await romeCalendar({ dates: [], at: '2027-10-04T22:30:00Z' })).toEqual({
      today: '2027-10-05',
      startsOf: {},
    });
  });

  it('gives the instant a civil day starts in Rome, across the change to summer time', async () => {
    const { startsOf } = await romeCalendar({
      dates: ['2027-03-28', '2027-03-29'],
      at: '2027-03-01T12:00:00Z',
    });
    expect(startsOf).toEqual({
      '2027-03-28': '2027-03-27T23:00:00.000Z',
      '2027-03-29': '2027-03-28T22:00:00.000Z',
    });
  });
});

describe('awaitNoticePayable', () => {
  const activitiesWith = (rowStatus: () => string | null, payable?: CasePorts['payable']) => {
    const reads: string[] = [];
    const { awaitNoticePayable } = createCaseActivities({
      caseStore: {} as CasePorts['caseStore'],
      bookings: {} as CasePorts['bookings'],
      notices: {
        statusOf: async (noticeNumber: string) => {
          reads.push(noticeNumber);
          return rowStatus();
        },
      } as unknown as CasePorts['notices'],
      ...(payable ? { payable } : {}),
    });
    return { awaitNoticePayable, reads };
  };

  it("answers with the payment workflow's answer, without polling the payment row", async () => {
    const { awaitNoticePayable, reads } = activitiesWith(() => 'issued', {
      untilPayable: async () => 'published',
    });
    expect(await awaitNoticePayable({ noticeNumber: '301000000000000123' })).toBe('published');
    expect(reads).toEqual([]);
  });

  it('reads the row when the workflow cannot answer (it has ended, or the call failed)', async () => {
    const ended = activitiesWith(() => 'cancelled', { untilPayable: async () => null });
    expect(await ended.awaitNoticePayable({ noticeNumber: '301000000000000123' })).toBe('cancelled');
    const failing = activitiesWith(() => 'published', {
      untilPayable: () => Promise.reject(new Error('unavailable')),
    });
    expect(await failing.awaitNoticePayable({ noticeNumber: '301000000000000123' })).toBe('published');
  });
});
