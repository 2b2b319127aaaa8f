export * from './booking.entity';
export * from './bookings.service';
