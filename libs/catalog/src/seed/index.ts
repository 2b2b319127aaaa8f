export * from './seed-catalog';
export * from './organisations.seed-data';
