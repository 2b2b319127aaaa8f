// What the api and the worker must agree on: workflow types and their signatures, inputs and
// outputs, message definitions, workflow-id builders, task queues. Types and constants only.
import type {
  LateReceiptWorkflow,
  PaymentWorkflow,
  ReceiptReconciliationWorkflow,
  SettlementFlowPullWorkflow,
} from './payments';
import type { MessageWorkflow } from './notifications';
import type { CieReminderRunWorkflow } from './reminders';
import type { PlatformProbeWorkflow } from './platform-probes';
import type { ProcedureWorkflow } from './cases';
import type { SimulateProcedureWorkflow } from './simulation';
import type { BulkIssuanceWorkflow } from './bulk-issuance';

export * from './task-queues';
export * from './payments';
export * from './platform-probes';
export * from './cases';
export * from './notifications';
export * from './reminders';
export * from './reminder-schedule';
export * from './simulation';
export * from './bulk-issuance';

/** Every workflow the worker must register, by workflow type; the worker's index is checked against it. */
export interface SusWorkflows {
  paymentWorkflow: PaymentWorkflow;
  lateReceiptWorkflow: LateReceiptWorkflow;
  receiptReconciliationWorkflow: ReceiptReconciliationWorkflow;
  platformProbeWorkflow: PlatformProbeWorkflow;
  procedureWorkflow: ProcedureWorkflow;
  messageWorkflow: MessageWorkflow;
  cieReminderRunWorkflow: CieReminderRunWorkflow;
  simulateProcedureWorkflow: SimulateProcedureWorkflow;
  settlementFlowPullWorkflow: SettlementFlowPullWorkflow;
  bulkIssuanceWorkflow: BulkIssuanceWorkflow;
}
