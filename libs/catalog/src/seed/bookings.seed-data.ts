import type { SaveBookingResourceInput } from '../bookings/bookings.service';

/** Bookable resources of the seeded enti, matched by ente and code. */
export const SEED_BOOKING_RESOURCES: { enteCode: string; resource: SaveBookingResourceInput }[] = [
  {
    enteCode: 'c_l424',
    resource: {
      code: 'SALA-MATRIMONI',
      name: 'Sala matrimoni del Municipio',
      location: "Piazza dell'Unità d'Italia 4, Trieste",
      // Hourly celebrations, Monday to Friday 10-12 and Saturday 10-13 (MADE-UP timetable).
      calendar: {
        slotMinutes: 60,
        weekly: [
          ...[1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '10:00', closes: '12:00' })),
          { weekday: 6, opens: '10:00', closes: '13:00' },
        ],
        closedOn: [],
        closedOnHolidays: true,
      },
    },
  },
];
