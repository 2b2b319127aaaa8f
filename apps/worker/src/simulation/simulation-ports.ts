import type { CaseInput, PaymentInput } from '@sus/contracts';
import { startOfNextCivilDayInRome } from '@sus/domain';
import { ApplicationFailure } from '@temporalio/activity';
import type { Activities } from '../activities';
import { createCaseActivities, type CasePorts } from '../activities/case.activities';

/** What the case and its payment call while simulated: every one kept in memory, per simulation. */
export type SimulationActivities = Pick<
  Activities,
  | 'recordCase'
  | 'holdSlot'
  | 'confirmSlot'
  | 'releaseSlot'
  | 'prepareCaseNotice'
  | 'awaitNoticePayable'
  | 'romeCalendar'
  | 'publishDebtPosition'
  | 'invalidateDebtPosition'
  | 'recordPaymentState'
  | 'findPaidReceipt'
>;

/**
 * In-memory stand-ins for the ente's bookings, notices and case projection: a simulation writes
 * nothing anywhere, issues no notice at pagoPA and sends no message, yet runs the same activities'
 * logic (the case activities over these ports, the real Rome calendar) as a real case.
 */
export function simulationActivities(input: CaseInput): SimulationActivities {
  const slots = new Map<string, string>();
  const paymentStatus = new Map<string, string>();
  let notices = 0;
  const ports: CasePorts = {
    caseStore: { record: async () => undefined },
    bookings: {
      async hold(request) {
        const key = `${request.resourceCode}/${request.date}/${request.start}`;
        const holder = slots.get(key);
        if (holder && holder !== request.holderRef)
          throw ApplicationFailure.nonRetryable('The slot was just taken: pick another.', 'SLOT_TAKEN');
        slots.set(key, request.holderRef);
        const [hours, minutes] = request.start.split(':').map(Number);
        const end = `${String((hours ?? 0) + 1).padStart(2, '0')}:${String(minutes ?? 0).padStart(2, '0')}`;
        return { resourceName: request.resourceCode, date: request.date, start: request.start, end };
      },
      confirm: async () => undefined,
      async release(holderRef) {
        for (const [key, holder] of slots) if (holder === holderRef) slots.delete(key);
      },
    },
    notices: {
      statusOf: async (noticeNumber) => paymentStatus.get(noticeNumber) ?? null,
      async prepare(request): Promise<PaymentInput> {
        const fee = input.service.fees[request.feeIndex] ?? { description: 'Tariffa', amountCents: 100 };
        notices += 1;
        // A notice number of the simulation's own: aux digit 3, never one pagoPA could know.
        const iuv = `99${String(notices).padStart(15, '0')}`;
        return {
          noticeNumber: `3${iuv}`,
          iuv,
          orgFiscalCode: input.ente.fiscalCode,
          enteCode: input.ente.code,
          companyName: input.ente.name,
          payer: { type: 'F', fiscalCode: request.payer.fiscalCode, fullName: request.payer.fullName },
          amountCents: fee.amountCents,
          description: request.description,
          dueDate: request.dueDate,
          expiresAt: startOfNextCivilDayInRome(request.dueDate).toISOString(),
          transfers: [
            {
              amountCents: fee.amountCents,
              category: input.service.taxonomyCodes[0] ?? '9/0000000XX/',
              remittanceInformation: fee.description,
            },
          ],
          onDue: 'invalidate',
        };
      },
    },
  };
  const {
    recordCase,
    holdSlot,
    confirmSlot,
    releaseSlot,
    prepareCaseNotice,
    awaitNoticePayable,
    romeCalendar,
  } = createCaseActivities(ports);
  return {
    recordCase,
    holdSlot,
    confirmSlot,
    releaseSlot,
    prepareCaseNotice,
    awaitNoticePayable,
    romeCalendar,
    publishDebtPosition: async () => 'VALID',
    invalidateDebtPosition: async () => ({ withdrawn: true, paid: [] }),
    async recordPaymentState(change) {
      paymentStatus.set(change.input.noticeNumber, change.status);
    },
    findPaidReceipt: async () => [],
  };
}
