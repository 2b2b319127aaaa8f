export * from './case.entity';
export * from './case-numbers';
export * from './cases.repository';
export * from './tasks.repository';
