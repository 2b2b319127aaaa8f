import type { PaymentSnapshot, RecordedReceipt } from '@sus/catalog';

/** A single-notice payment of Trieste as the workflow records it, for tests that write the projection directly. */
export function paymentSnapshot(
  noticeNumber: string,
  status: string,
  receipt?: RecordedReceipt,
): PaymentSnapshot {
  return {
    noticeNumber,
    iuv: noticeNumber.slice(1),
    orgFiscalCode: '00210240321',
    enteCode: 'c_l424',
    payerFiscalCode: 'RSSMRA85M01H501Q',
    payerName: 'Mario Rossi',
    description: 'Celebrazione matrimonio',
    amountCents: 15050,
    dueDate: '2026-12-31',
    status,
    ...(receipt ? { receipt } : {}),
    options: [
      {
        noticeNumber,
        kind: 'single',
        position: 0,
        iuv: noticeNumber.slice(1),
        amountCents: 15050,
        dueDate: '2026-12-31',
      },
    ],
  };
}
