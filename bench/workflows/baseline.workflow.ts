import { proxyActivities } from '@temporalio/workflow';

export interface NoopActivities {
  noop(step: number): Promise<number>;
}

const { noop } = proxyActivities<NoopActivities>({ startToCloseTimeout: '30 seconds' });

/** The bare-Temporal floor for one payment: as many activities as paymentWorkflow runs from issue to paid. */
export async function baselinePaymentWorkflow(activities: number): Promise<number> {
  let total = 0;
  for (let step = 0; step < activities; step++) total += await noop(step);
  return total;
}
