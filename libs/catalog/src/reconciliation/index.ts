export * from './settlement-flow';
export * from './settlement-flow-xml';
export * from './cash-journal';
export * from './reconciliation.service';
export * from './payment-statistics.service';
