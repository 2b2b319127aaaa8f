// The workflow bundle's entry point: every workflow the worker runs is exported from here.
export * from './platform-probe.workflow';
export * from './task-queues';
export * from './payment.workflow';
