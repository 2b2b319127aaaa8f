export * from './seed-catalog';
export * from './organisations.seed-data';
export * from './catalog.seed-data';
export * from './bookings.seed-data';
export * from './seed-procedure-models';
