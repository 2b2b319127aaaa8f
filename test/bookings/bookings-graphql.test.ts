import { firstError, gql as call } from '../support/graphql';
import { SeededApi } from '../support/seeded-api';

const RESOURCES = `query Resources($enteCode: String!) {
  bookingResources(enteCode: $enteCode) {
    code name location active calendar { slotMinutes closedOn closedOnHolidays weekly { weekday opens closes } }
  }
}`;
const SAVE = `mutation Save($enteCode: String!, $input: SaveBookingResourceInput!) {
  saveBookingResource(enteCode: $enteCode, input: $input) { code name location active calendar { slotMinutes } }
}`;
const calendar = {
  slotMinutes: 30,
  weekly: [{ weekday: 2, opens: '09:00', closes: '12:00' }],
  closedOn: ['2030-08-13'],
  closedOnHolidays: true,
};

/** Bookable resources through the real api: public to read, catalog:write to change, audited. */
describe('bookings GraphQL', () => {
  const fixture = new SeededApi();
  const gql = fixture.gql.bind(fixture);

  beforeAll(() => fixture.start('bookings'));
  afterAll(() => fixture.stop());

  it("shows anyone Trieste's wedding hall and identity-card office with their calendars", async () => {
    const result = await call<{ bookingResources: unknown[] }>(fixture.api, RESOURCES, {
      enteCode: 'c_l424',
    });
    expect(result.errors).toBeUndefined();
    expect(result.data!.bookingResources).toEqual([
      {
        code: 'SALA-MATRIMONI',
        name: 'Sala matrimoni del Municipio',
        location: "Piazza dell'Unità d'Italia 4, Trieste",
        active: true,
        calendar: {
          slotMinutes: 60,
          closedOn: [],
          closedOnHolidays: true,
          weekly: [
            ...[1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '10:00', closes: '12:00' })),
            { weekday: 6, opens: '10:00', closes: '13:00' },
          ],
        },
      },
      {
        code: 'UFFICIO-CIE',
        name: "Sportello carta d'identità elettronica",
        location: 'Ufficio anagrafe, Via Procureri 2/a, Trieste',
        active: true,
        calendar: {
          slotMinutes: 20,
          closedOn: [],
          closedOnHolidays: true,
          weekly: [
            ...[1, 2, 3, 4].map((weekday) => ({ weekday, opens: '08:30', closes: '12:30' })),
            { weekday: 4, opens: '14:00', closes: '16:00' },
            { weekday: 5, opens: '08:30', closes: '12:30' },
          ],
        },
      },
    ]);
  });

  it('creates and changes a resource, each change in the audit log', async () => {
    const ente = await fixture.newComune();
    const input = { code: 'SPORTELLO', name: 'Sportello anagrafe', calendar };
    const created = await gql<{ saveBookingResource: Record<string, unknown> }>(SAVE, {
      enteCode: ente.ipaCode,
      input,
    });
    expect(created.errors).toBeUndefined();
    expect(created.data!.saveBookingResource).toEqual({
      code: 'SPORTELLO',
      name: 'Sportello anagrafe',
      location: '',
      active: true,
      calendar: { slotMinutes: 30 },
    });
    const changed = await gql<{ saveBookingResource: Record<string, unknown> }>(SAVE, {
      enteCode: ente.ipaCode,
      input: { ...input, location: 'Piazza Grande 1', active: false },
    });
    expect(changed.data!.saveBookingResource).toMatchObject({ location: 'Piazza Grande 1', active: false });
    const listed = await gql<{ bookingResources: { code: string }[] }>(RESOURCES, { enteCode: ente.ipaCode });
    expect(listed.data!.bookingResources.map((r) => r.code)).toEqual(['SPORTELLO']);
    const audited = (await fixture.dataSource.query(
      `SELECT action FROM audit_log WHERE ente_code = $1 AND action = 'saveBookingResource'`,
      [ente.ipaCode],
    )) as unknown[];
    expect(audited).toHaveLength(2);
  });

  it('refuses a calendar that does not divide into slots, naming the field, and writes nothing', async () => {
    const ente = await fixture.newComune();
    const result = await gql(SAVE, {
      enteCode: ente.ipaCode,
      input: {
        code: 'SALA',
        name: 'Sala',
        calendar: { ...calendar, weekly: [{ weekday: 2, opens: '09:00', closes: '09:45' }] },
      },
    });
    expect(firstError(result.errors)).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'calendar.weekly.0.closes',
    });
    const listed = await gql<{ bookingResources: unknown[] }>(RESOURCES, { enteCode: ente.ipaCode });
    expect(listed.data!.bookingResources).toEqual([]);
  });

  it('answers NOT_FOUND for an unknown ente', async () => {
    const result = await gql(RESOURCES, { enteCode: 'c_nope' });
    expect(firstError(result.errors)).toMatchObject({ code: 'NOT_FOUND', field: 'enteCode' });
  });
});
