import { proxyActivities } from '@temporalio/workflow';
import type { SettlementFlowPullWorkflow } from '@sus/contracts';
import type { Activities } from '../activities';
import { defaultActivity } from './activity-options';

const { pullSettlementFlows } = proxyActivities<Activities>({
  ...defaultActivity,
  // Lists, fetches and stores every new flow of an ente; heartbeats once per flow.
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '5 minutes',
});

/** Run daily per ente by its Schedule: imports the flows PSPs published and reconciles. */
export const settlementFlowPullWorkflow: SettlementFlowPullWorkflow = (input) => pullSettlementFlows(input);
