import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'One weekly opening of a bookable resource, in Italian local time.' })
export class WeeklyOpening {
  @Field(() => Int, { description: 'ISO weekday: 1 = Monday … 7 = Sunday.' })
  weekday!: number;

  @Field({ description: 'HH:MM, Europe/Rome.' })
  opens!: string;

  @Field({ description: 'HH:MM, Europe/Rome (24:00 = midnight at the end of the day).' })
  closes!: string;
}

@ObjectType({
  description:
    'When a resource can be booked: openings cut into slots of slotMinutes from their opening time, except closed days.',
})
export class BookingCalendar {
  @Field(() => Int)
  slotMinutes!: number;

  @Field(() => [WeeklyOpening])
  weekly!: WeeklyOpening[];

  @Field(() => [String], { description: 'One-off closures, YYYY-MM-DD (Europe/Rome).' })
  closedOn!: string[];

  @Field({ description: "Closed on national holidays and the ente's own." })
  closedOnHolidays!: boolean;
}

@ObjectType({ description: 'Something of an ente citizens book by the slot, e.g. the wedding hall.' })
export class BookingResource {
  @Field({ description: 'Unique in the ente; procedure models name the resource by it.' })
  code!: string;

  @Field()
  name!: string;

  @Field({ description: 'Where the citizen goes.' })
  location!: string;

  @Field(() => BookingCalendar)
  calendar!: BookingCalendar;

  @Field({ description: 'An inactive resource keeps its bookings but offers no new slots.' })
  active!: boolean;
}
