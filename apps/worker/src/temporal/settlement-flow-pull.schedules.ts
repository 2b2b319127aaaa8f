import { Injectable, Logger } from '@nestjs/common';
import { ScheduleOverlapPolicy } from '@temporalio/client';
import { EntiService, systemContext } from '@sus/catalog';
import {
  settlementFlowPullScheduleId,
  settlementFlowPullWorkflowType,
  type SettlementFlowPullInput,
} from '@sus/contracts';
import { WorkerSettings } from '../config';
import { createMissingSchedules } from './schedules';

/**
 * One Temporal Schedule per ente on pagoPA, pulling its settlement flows from the FdR service
 * every day (issue 19) and reconciling them. The schedule id is the ente's, so nothing runs twice
 * however many workers start; a pull repeated by hand imports nothing twice (flow + revision).
 */
@Injectable()
export class SettlementFlowPullSchedules {
  private readonly logger = new Logger(SettlementFlowPullSchedules.name);

  constructor(
    private readonly settings: WorkerSettings,
    private readonly enti: EntiService,
  ) {}

  async ensure(): Promise<string[]> {
    const config = this.settings.values;
    if (config.SETTLEMENT_FLOW_PULL_HOUR < 0) return [];
    const enti = await this.enti.onPagoPa(systemContext('settlement-flow-pull'));
    const created = await createMissingSchedules(
      config,
      enti.map((ente) => {
        const scheduleId = settlementFlowPullScheduleId(ente.ipaCode);
        return {
          scheduleId,
          spec: {
            calendars: [{ hour: config.SETTLEMENT_FLOW_PULL_HOUR, minute: 0 }],
            timezone: 'Europe/Rome',
          },
          action: {
            type: 'startWorkflow' as const,
            workflowType: settlementFlowPullWorkflowType,
            workflowId: scheduleId,
            taskQueue: config.TEMPORAL_TASK_QUEUE,
            args: [
              <SettlementFlowPullInput>{
                enteCode: ente.ipaCode,
                orgFiscalCode: ente.fiscalCode,
                lookbackDays: config.SETTLEMENT_FLOW_PULL_LOOKBACK_DAYS,
              },
            ],
          },
          policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
        };
      }),
    );
    if (created.length) this.logger.log(`settlement flows pulled daily for ${created.join(', ')}`);
    return created;
  }
}
