import { Field, ObjectType } from '@nestjs/graphql';

/** For the citizens' availableSlots and bookSlot (the case engine's operations). */
@ObjectType({ description: 'A bookable slot of a resource, in Italian local time.' })
export class BookingSlot {
  @Field({ description: 'YYYY-MM-DD, Europe/Rome.' })
  date!: string;

  @Field({ description: 'HH:MM, Europe/Rome.' })
  start!: string;

  @Field({ description: 'HH:MM, Europe/Rome.' })
  end!: string;
}
