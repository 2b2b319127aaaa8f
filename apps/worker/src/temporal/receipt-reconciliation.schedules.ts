import { Injectable, Logger } from '@nestjs/common';
import { Client, Connection, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import { EntiService, systemContext } from '@sus/catalog';
import {
  receiptReconciliationScheduleId,
  receiptReconciliationWorkflowType,
  type ReceiptReconciliationInput,
} from '@sus/contracts';
import { WorkerSettings } from '../config';

/**
 * One Temporal Schedule per ente on pagoPA, running the receipt reconciliation: the safety net
 * for every receipt push that never arrived. Any number of workers may start at once: the
 * schedule id is the ente's, so the second creation is refused and nothing runs twice.
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
    const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
    try {
      const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
      const created: string[] = [];
      for (const ente of await this.enti.onPagoPa(systemContext('receipt-reconciliation'))) {
        const scheduleId = receiptReconciliationScheduleId(ente.ipaCode);
        try {
          await client.schedule.create({
            scheduleId,
            spec: { intervals: [{ every: `${config.RECEIPT_RECONCILIATION_MINUTES} minutes` }] },
            action: {
              type: 'startWorkflow',
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
          });
          created.push(scheduleId);
        } catch (error) {
          if (!(error instanceof ScheduleAlreadyRunning)) throw error;
        }
      }
      if (created.length) this.logger.log(`receipt reconciliation scheduled for ${created.join(', ')}`);
      return created;
    } finally {
      await connection.close();
    }
  }
}
