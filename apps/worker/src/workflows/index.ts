// The workflow bundle's entry point: every workflow the worker runs is exported from here, under
// the workflow type the api starts it by (`SusWorkflows` in @sus/contracts).
import type { SusWorkflows } from '@sus/contracts';
import { bulkIssuanceWorkflow } from './bulk-issuance.workflow';
import { cieReminderRunWorkflow } from './cie-reminder-run.workflow';
import { lateReceiptWorkflow } from './late-receipt.workflow';
import { messageWorkflow } from './message.workflow';
import { paymentWorkflow } from './payment.workflow';
import { platformProbeWorkflow } from './platform-probe.workflow';
import { procedureWorkflow } from './procedure.workflow';
import { receiptReconciliationWorkflow } from './receipt-reconciliation.workflow';
import { settlementFlowPullWorkflow } from './settlement-flow-pull.workflow';
import { simulateProcedureWorkflow } from './simulate-procedure.workflow';

export {
  bulkIssuanceWorkflow,
  cieReminderRunWorkflow,
  lateReceiptWorkflow,
  messageWorkflow,
  paymentWorkflow,
  platformProbeWorkflow,
  procedureWorkflow,
  receiptReconciliationWorkflow,
  settlementFlowPullWorkflow,
  simulateProcedureWorkflow,
};

/** Fails to compile when a workflow's name or signature drifts from the contract the api relies on. */
type MatchesContract<T extends SusWorkflows> = T;
export type RegisteredWorkflows = MatchesContract<{
  bulkIssuanceWorkflow: typeof bulkIssuanceWorkflow;
  cieReminderRunWorkflow: typeof cieReminderRunWorkflow;
  lateReceiptWorkflow: typeof lateReceiptWorkflow;
  messageWorkflow: typeof messageWorkflow;
  paymentWorkflow: typeof paymentWorkflow;
  platformProbeWorkflow: typeof platformProbeWorkflow;
  procedureWorkflow: typeof procedureWorkflow;
  receiptReconciliationWorkflow: typeof receiptReconciliationWorkflow;
  simulateProcedureWorkflow: typeof simulateProcedureWorkflow;
  settlementFlowPullWorkflow: typeof settlementFlowPullWorkflow;
}>;
