import { Injectable, Logger } from '@nestjs/common';
import { ScheduleOverlapPolicy } from '@temporalio/client';
import { EntiService, systemContext } from '@sus/catalog';
import {
  receiptReconciliationScheduleId,
  receiptReconciliationWorkflowType,
  type ReceiptReconciliationInput,
} from '@sus/contracts';
import { WorkerSettings } from '../config';
import { createMissingSchedules } from './schedules';

/**
 * One Temporal Schedule per ente on pagoPA, running the receipt reconciliation: the safety net
 * for every receipt push that never arrived. The schedule id is the ente's, so nothing runs twice
 * however many workers start at once.
 */
@Injectable()
export class ReceiptReconciliationSchedules {
  private readonly logger = new Logger(ReceiptReconciliationSchedules.name);

  constructor(
    private readonly settings: WorkerSettings,
    private readonly enti: EntiService,
  ) {}

  async ensure(): Promise<string[]> {
    const config = this.settings.values;
    if (config.RECEIPT_RECONCILIATION_MINUTES === 0) return [];
    const enti = await this.enti.onPagoPa(systemContext('receipt-reconciliation'));
    const created = await createMissingSchedules(
      config,
      enti.map((ente) => {
        const scheduleId = receiptReconciliationScheduleId(ente.ipaCode);
        return {
          scheduleId,
          spec: { intervals: [{ every: `${config.RECEIPT_RECONCILIATION_MINUTES} minutes` }] },
          action: {
            type: 'startWorkflow' as const,
            workflowType: receiptReconciliationWorkflowType,
            workflowId: scheduleId,
            taskQueue: config.TEMPORAL_TASK_QUEUE,
            args: [
              <ReceiptReconciliationInput>{
                enteCode: ente.ipaCode,
                orgFiscalCode: ente.fiscalCode,
                lookbackDays: config.RECEIPT_RECONCILIATION_LOOKBACK_DAYS,
              },
            ],
          },
          policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 hour' },
        };
      }),
    );
    if (created.length) this.logger.log(`receipt reconciliation scheduled for ${created.join(', ')}`);
    return created;
  }
}
