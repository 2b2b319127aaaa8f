import { Module } from '@nestjs/common';
import { BookingsResolver } from './bookings.resolver';

/** Bookable resources of an ente and their opening calendars (issue 16); slots are booked by cases. */
@Module({
  providers: [BookingsResolver],
})
export class BookingsModule {}
