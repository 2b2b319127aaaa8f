import { counter } from '@sus/platform';

/**
 * What the region watches besides latency: counted by the activities once the effect is recorded
 * (an activity retried after a lost answer may count twice; the audit log is the exact record).
 */
export const businessMetrics = {
  noticesIssued: counter(
    'sus_payment_notices_issued_total',
    'Payment notices published at the pagoPA intermediary (debt positions created), by ente fiscal code',
    ['ente'],
  ),
  receiptsApplied: counter(
    'sus_payment_receipts_applied_total',
    'Receipts recorded on a payment, by kind: in-workflow (the payment was waiting) or late (after it closed)',
    ['kind'],
  ),
  messages: counter(
    'sus_messages_total',
    'Citizen messages completed, by channel (io, email, none) and final status',
    ['channel', 'status'],
  ),
};
