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
  {
    enteCode: 'c_l424',
    resource: {
      code: 'UFFICIO-CIE',
      name: "Sportello carta d'identità elettronica",
      location: 'Ufficio anagrafe, Via Procureri 2/a, Trieste', // MADE-UP address
      // 20-minute appointments for the new CIE, Monday to Friday 8:30-12:30 and Thursday also
      // 14:00-16:00 (MADE-UP timetable); the reminders' booking link opens on it.
      calendar: {
        slotMinutes: 20,
        weekly: [
          ...[1, 2, 3, 4].map((weekday) => ({ weekday, opens: '08:30', closes: '12:30' })),
          { weekday: 4, opens: '14:00', closes: '16:00' },
          { weekday: 5, opens: '08:30', closes: '12:30' },
        ],
        closedOn: [],
        closedOnHolidays: true,
      },
    },
  },
];
