import { proxyActivities } from '@temporalio/workflow';
import type { LateReceiptWorkflow } from '@sus/contracts';
import type { Activities } from '../activities';
import { defaultActivity } from './activity-options';

const { recordLateReceipt } = proxyActivities<Activities>(defaultActivity);

/**
 * A receipt for a payment whose workflow had already closed (expired, cancelled, failed): money
 * that must not be lost. Its id is the receipt id, so a push, a poll and a reconciliation of the
 * same receipt record it once; the payment becomes an anomaly staff can see and settle.
 */
export const lateReceiptWorkflow: LateReceiptWorkflow = async (input) => recordLateReceipt(input);
