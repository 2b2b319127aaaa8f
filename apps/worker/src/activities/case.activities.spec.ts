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
