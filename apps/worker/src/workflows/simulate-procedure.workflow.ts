import { proxyActivities } from '@temporalio/workflow';
import type { SimulateProcedureWorkflow } from '@sus/contracts';
import type { Activities } from '../activities';

/**
 * One simulation, done once: a failed run is reported to the modeller, not repeated behind their
 * back (it started a test server's worth of work). The activity heartbeats while it drives the
 * simulated case, so a worker that dies is noticed within the heartbeat timeout.
 */
const { runSimulation } = proxyActivities<Activities>({
  startToCloseTimeout: '3 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { maximumAttempts: 1 },
});

/**
 * A modeller's simulation of a draft (issue 13): a workflow, so a simulation has a business id
 * (`simulation/<ente>/<slot>`) that caps how many run per ente across every api and worker, and
 * the run itself is an activity on the worker, which owns the time-skipping servers.
 */
export const simulateProcedureWorkflow: SimulateProcedureWorkflow = async (input) => runSimulation(input);
