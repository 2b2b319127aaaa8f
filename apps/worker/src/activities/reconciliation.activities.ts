import { Context } from '@temporalio/activity';
import { systemContext, type ReconciliationService } from '@sus/catalog';
import type { SettlementFlowPullInput, SettlementFlowPullResult } from '@sus/contracts';
import type { SettlementFlowGateway } from '../adapters/fdr/fdr.client';

export interface ReconciliationPorts {
  fdr: SettlementFlowGateway;
  reconciliation: ReconciliationService;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function createReconciliationActivities({ fdr, reconciliation }: ReconciliationPorts) {
  return {
    /**
     * The daily pull: every flow published for the ente in the last days that SUS does not hold
     * yet (same flow and revision: skipped, so a retried or repeated run imports nothing twice),
     * then one reconciliation run. A flow the store refuses (its totals do not add up) fails the
     * run for staff to see; the others are kept.
     */
    async pullSettlementFlows(input: SettlementFlowPullInput): Promise<SettlementFlowPullResult> {
      const ctx = systemContext(`settlement-flow-pull/${input.enteCode}`);
      const since = new Date(Date.now() - input.lookbackDays * DAY_MS).toISOString();
      const listed = await fdr.list(input.orgFiscalCode, since);
      const imported: string[] = [];
      for (const flow of listed) {
        Context.current().heartbeat(flow.fdr);
        if (await reconciliation.hasFlow(input.enteCode, flow.fdr, flow.revision)) continue;
        const { header, lines } = await fdr.get(input.orgFiscalCode, flow);
        const result = await reconciliation.importSettlementFlow(ctx, input.enteCode, header, lines, {
          run: false,
        });
        if (result.outcome === 'imported') imported.push(`${flow.fdr}#${flow.revision}`);
      }
      const run = await reconciliation.run(ctx, input.enteCode);
      return { listed: listed.length, imported, ...run };
    },
  };
}
