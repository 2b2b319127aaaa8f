import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  applyReceiptUpdate,
  awaitPayableUpdate,
  cancelPaymentSignal,
  cancelPaymentUpdate,
  paymentMessageKey,
  paymentReceiptSignal,
  paymentStateQuery,
  type CancellationOutcome,
  type PaymentCancellation,
  type PaymentReceipt,
  type PaymentState,
  type PaymentWorkflow,
  type ReceiptOutcome,
} from '@sus/contracts';
import {
  canCancelPayment,
  isPayableStatus,
  paymentTransition,
  PAYMENT_TRANSITIONS,
  type PaymentEvent,
} from '@sus/domain';
import type { Activities } from '../activities';
import { defaultActivity } from './activity-options';
import { handOverMessage } from './message-handover';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Polls spread over ±20% of the interval, so notices issued together do not poll together. */
const POLL_JITTER = 0.2;
/** Far below Temporal's 50 000-event limit; the server usually suggests continuing earlier. */
const MAX_HISTORY_EVENTS = 10_000;

const { publishDebtPosition, invalidateDebtPosition, recordPaymentState, findPaidReceipt } =
  proxyActivities<Activities>(defaultActivity);

/**
 * One pagoPA payment, from the debt position to paid, expired, cancelled or failed. Receipts
 * arrive as Updates from the receipt endpoint (answered with what they changed); a slow, jittered
 * poll covers receipts that were never pushed. Money always wins: a receipt that races a
 * cancellation or reaches an expired notice is recorded, never dropped. Business failures (the
 * intermediary refuses the position, a receipt contradicts the notice) end in the recorded state
 * `failed` with the reason staff read; infrastructure failures are retried by the activities.
 */
export const paymentWorkflow: PaymentWorkflow = async (input) => {
  const resumed = input.resume;
  const state: PaymentState = resumed?.state ?? {
    noticeNumber: input.noticeNumber,
    status: 'draft',
    history: [],
  };
  const instalments = input.instalments ?? [];
  const inbox: PaymentReceipt[] = [...(resumed?.inbox ?? [])];
  const outcomes = new Map<string, ReceiptOutcome>();
  let cancellation: PaymentCancellation | undefined = resumed?.cancellation;
  let cancellationOutcome: CancellationOutcome | undefined;
  const chain = workflowInfo().firstExecutionRunId;

  setHandler(paymentStateQuery, () => state);
  setHandler(
    applyReceiptUpdate,
    async (receipt) => {
      inbox.push({ ...receipt, source: 'push' });
      await condition(() => outcomes.has(receipt.receiptId));
      return outcomes.get(receipt.receiptId)!;
    },
    { validator: (receipt) => validateReceipt(receipt) },
  );
  setHandler(
    cancelPaymentUpdate,
    async (request) => {
      cancellation ??= request;
      await condition(() => cancellationOutcome !== undefined);
      return cancellationOutcome!;
    },
    {
      validator: (_request) => {
        if (!canCancelPayment(state.status)) {
          throw ApplicationFailure.nonRetryable(
            `A ${state.status} payment cannot be cancelled.`,
            'PAYMENT_NOT_CANCELLABLE',
          );
        }
      },
    },
  );
  setHandler(awaitPayableUpdate, async () => {
    await condition(() => state.status !== 'draft' && state.status !== 'issued');
    return state.status;
  });
  // Workflows started before receipts and cancellations became Updates still receive these.
  setHandler(paymentReceiptSignal, (receipt) => {
    inbox.push({ ...receipt, source: receipt.source ?? 'push' });
  });
  setHandler(cancelPaymentSignal, (request) => {
    cancellation ??= request;
  });

  const move = async (event: PaymentEvent, detail?: string) => {
    const previousStatus = state.status;
    state.status = paymentTransition(state.status, event);
    await step(previousStatus, detail);
  };

  /** Appends the current status to the history and records it, as step number history.length. */
  const step = async (previousStatus: PaymentState['status'], detail?: string) => {
    const at = new Date().toISOString();
    state.history.push({ status: state.status, at, ...(detail ? { detail } : {}) });
    await recordPaymentState({
      input,
      previousStatus,
      status: state.status,
      at,
      detail,
      receipt: state.receipt,
      seq: state.history.length,
      chain,
    });
  };

  if (!resumed) {
    await move('issue');
    if (cancellation) return finish(await cancel(cancellation));
    const published = await business(() => publishDebtPosition(input));
    if (published.failed) return finish(await fail(published.failed));
    await move('publish');
    // Runs recorded before App IO messages sent none; only inputs with messages reach the marker.
    if (input.messages && patched('io-payment-messages')) await sendMessage('notice');
  }

  const expiresAt = Date.parse(input.expiresAt);
  const lateUntil = expiresAt + (input.lateReceiptDays ?? 10) * DAY_MS;
  const pollMs = msOf(input.receiptPollInterval ?? '6 hours');
  // Runs recorded before jitter polled after every wake-up; they replay that way.
  const jittered = patched('jittered-polls');
  // The first poll lands anywhere in the first interval, the next ones jitter around the interval.
  let nextPollAt = Date.now() + Math.floor(pollMs * Math.random());

  for (;;) {
    const now = Date.now();
    const until = state.status === 'expired' ? lateUntil : expiresAt;
    const pollAt = jittered ? nextPollAt : now + pollMs;
    if (now < until && now < pollAt) {
      // A cancellation only matters while nothing is paid; an expired notice just waits for a late receipt.
      const wake = () => inbox.length > 0 || (cancellation !== undefined && canCancelPayment(state.status));
      await condition(wake, Math.min(until, pollAt) - now);
    }
    // Money already collected wins over a cancellation that raced it.
    if (await applyInbox()) return finish(state);
    if (cancellation && canCancelPayment(state.status)) {
      const ended = await cancel(cancellation);
      if (ended.status !== 'partiallyPaid') return finish(ended);
    } else if (cancellation && cancellationOutcome === undefined) {
      refuseCancellation();
    }
    if (!jittered || Date.now() >= nextPollAt) {
      nextPollAt = Date.now() + Math.floor(pollMs * (1 - POLL_JITTER + 2 * POLL_JITTER * Math.random()));
      const polled = await business(() => findPaidReceipt(input));
      if (polled.failed) return finish(await fail(polled.failed));
      for (const receipt of polled.value) {
        if (await apply({ ...receipt, source: 'poll' })) return finish(state);
        if (state.status === 'failed') return finish(state);
      }
    }
    if (Date.now() >= expiresAt && isPayableStatus(state.status)) {
      if (input.onDue === 'invalidate') {
        const ended = await withdraw('due date passed; notice withdrawn at the intermediary', 'expire');
        if (ended) return finish(state);
      } else {
        await move('expire', 'due date passed');
      }
    }
    if (state.status === 'expired' && Date.now() >= lateUntil) {
      // Nobody may pay a notice SUS no longer waits for; money that still slips through is
      // recorded by the late-receipt path as paid after expiry.
      if (patched('withdraw-after-late-window')) {
        const withdrawal = await business(() => invalidateDebtPosition(input));
        if (!withdrawal.failed) {
          for (const receipt of withdrawal.value?.paid ?? []) {
            if (await apply({ ...receipt, source: 'poll' })) return finish(state);
          }
        }
      }
      return finish(state);
    }
    if (
      workflowInfo().continueAsNewSuggested ||
      workflowInfo().historyLength > (input.maxHistoryEvents ?? MAX_HISTORY_EVENTS)
    ) {
      await settleHandlers();
      if (cancellation && cancellationOutcome === undefined && !canCancelPayment(state.status))
        refuseCancellation();
      return continueAsNew<PaymentWorkflow>({
        ...input,
        resume: {
          state,
          inbox: [...inbox],
          ...(cancellation && cancellationOutcome === undefined ? { cancellation } : {}),
        },
      });
    }
  }

  /** Applies every queued receipt; true when the payment is now complete. */
  async function applyInbox(): Promise<boolean> {
    while (inbox.length > 0) {
      if (await apply(inbox.shift()!)) return true;
      if (state.status === 'failed') return true;
    }
    return false;
  }

  /**
   * Records one receipt; true when the payment is now complete. The same receipt (by id, or the
   * same option paid under another id) changes nothing and is answered "already recorded".
   */
  async function apply(receipt: PaymentReceipt): Promise<boolean> {
    const answer = (outcome: ReceiptOutcome['outcome']) =>
      outcomes.set(receipt.receiptId, { outcome, status: state.status });
    const noticeNumber = receipt.noticeNumber ?? input.noticeNumber;
    const instalment = instalments.find((option) => option.noticeNumber === noticeNumber);
    const paid = (state.paidInstalments ??= []);
    const seen = (state.receiptIds ??= []);
    const alreadyPaid = instalment ? paid.includes(noticeNumber) : state.singlePaid === true;
    if (seen.includes(receipt.receiptId) || alreadyPaid) {
      answer('alreadyRecorded');
      return false;
    }
    const expected = instalment ? instalment.amountCents : input.amountCents;
    if ((!instalment && noticeNumber !== input.noticeNumber) || receipt.amountCents !== expected) {
      // Only the poll can get here (pushed receipts are validated): the intermediary reports
      // money SUS cannot match to the notice. Stop and show it to staff.
      seen.push(receipt.receiptId);
      state.receipt = receipt;
      const reason = `receipt ${receipt.receiptId} pays ${receipt.amountCents} cents for notice ${noticeNumber}, which asks ${expected}`;
      if (PAYMENT_TRANSITIONS[state.status].fail) await fail({ code: 'RECEIPT_MISMATCH', reason });
      else await late(reason);
      answer('applied');
      return true;
    }
    if (!instalment && paid.length && !patched('record-single-receipt-of-started-plan')) {
      // Runs recorded before money was never dropped ignored this receipt; they replay that way.
      answer('alreadyRecorded');
      return false;
    }
    seen.push(receipt.receiptId);
    state.receipt = receipt;
    if (!instalment) {
      state.singlePaid = true;
      if (paid.length && PAYMENT_TRANSITIONS[state.status].fail) {
        // The intermediary refuses the single payment once an instalment is paid; money that
        // came anyway is an anomaly staff must settle (refund or accept), recorded as a failure.
        await fail({
          code: 'UNEXPECTED_RECEIPT',
          reason: `receipt ${receipt.receiptId} (${receipt.source}) pays the single payment of a plan already partly paid`,
        });
        answer('applied');
        return true;
      }
      if (!PAYMENT_TRANSITIONS[state.status].receivePayment) {
        await late(
          `receipt ${receipt.receiptId} (${receipt.source}) after the payment ended ${state.status}`,
        );
        answer('applied');
        return true;
      }
      await move('receivePayment', `receipt ${receipt.receiptId} (${receipt.source})`);
      answer('applied');
      return true;
    }
    paid.push(noticeNumber);
    const complete = paid.length === instalments.length;
    const event = complete ? 'receivePayment' : 'receivePartialPayment';
    if (!PAYMENT_TRANSITIONS[state.status][event]) {
      await late(
        `instalment receipt ${receipt.receiptId} (${receipt.source}) after the payment ended ${state.status}`,
      );
      answer('applied');
      return complete;
    }
    await move(
      event,
      `instalment ${paid.length} of ${instalments.length}: receipt ${receipt.receiptId} (${receipt.source})`,
    );
    answer('applied');
    return complete;
  }

  /** Money reaching a payment that had already ended cancelled or failed: an anomaly, recorded. */
  async function late(detail: string): Promise<void> {
    if (PAYMENT_TRANSITIONS[state.status].receiveLatePayment) await move('receiveLatePayment', detail);
    else await note(detail);
  }

  /** A history entry that changes no status (e.g. a refused withdrawal), recorded like any step. */
  async function note(detail: string): Promise<void> {
    await step(state.status, detail);
  }

  /** Pushed receipts are checked before they are accepted, so a wrong one never enters history. */
  function validateReceipt(receipt: Omit<PaymentReceipt, 'source'>): void {
    const noticeNumber = receipt.noticeNumber ?? input.noticeNumber;
    const instalment = instalments.find((option) => option.noticeNumber === noticeNumber);
    if (!instalment && noticeNumber !== input.noticeNumber) {
      throw ApplicationFailure.nonRetryable(
        `Receipt ${receipt.receiptId} is for notice ${noticeNumber}, which is not part of this payment`,
        'RECEIPT_FOR_OTHER_NOTICE',
      );
    }
    const expected = instalment ? instalment.amountCents : input.amountCents;
    if (receipt.amountCents !== expected) {
      throw ApplicationFailure.nonRetryable(
        `Receipt ${receipt.receiptId} pays ${receipt.amountCents} cents, notice ${noticeNumber} asks ${expected}`,
        'RECEIPT_AMOUNT_MISMATCH',
      );
    }
  }

  /**
   * Withdraws the notice at the intermediary, then records `event`. If pagoPA refuses because
   * money came in first, the money is recorded instead. True when the payment has ended.
   */
  async function withdraw(detail: string, event: 'cancel' | 'expire'): Promise<boolean> {
    const withdrawal = await business(() => invalidateDebtPosition(input));
    if (withdrawal.failed) {
      await fail(withdrawal.failed);
      return true;
    }
    // Histories recorded before withdrawals reported anything carry no result.
    for (const receipt of withdrawal.value?.paid ?? []) {
      if (await apply({ ...receipt, source: 'poll' })) return true;
    }
    if (event === 'cancel' && state.status === 'partiallyPaid') {
      // Never cancel a plan with paid instalments silently: it stays payable and says why.
      await note('cancellation refused: instalments already paid, the plan stays payable');
      return false;
    }
    const kept = withdrawal.value !== undefined && !withdrawal.value.withdrawn;
    await move(event, kept ? `${detail} (pagoPA keeps the paid instalments)` : detail);
    return true;
  }

  async function cancel(request: PaymentCancellation): Promise<PaymentState> {
    const withdrawn =
      state.status === 'published'
        ? await withdraw(`${request.reason} (by ${request.by})`, 'cancel')
        : (await move('cancel', `${request.reason} (by ${request.by})`), true);
    cancellationOutcome =
      state.status === 'cancelled'
        ? { outcome: 'cancelled', status: state.status }
        : {
            outcome: 'refused',
            status: state.status,
            reason: withdrawn
              ? `the notice was ${state.status} before it could be withdrawn`
              : 'instalments were already paid',
          };
    cancellation = undefined;
    return state;
  }

  function refuseCancellation(): void {
    cancellationOutcome = {
      outcome: 'refused',
      status: state.status,
      reason: `a ${state.status} payment cannot be cancelled`,
    };
    cancellation = undefined;
  }

  async function fail(failure: { code: string; reason: string }): Promise<PaymentState> {
    state.failure = failure;
    await move('fail', `${failure.code}: ${failure.reason}`);
    return state;
  }

  /**
   * The payment has ended: answer every receipt and cancellation still waiting (a receipt that
   * arrives now is money for an ended payment: recorded as such), then return once no handler runs.
   */
  async function finish(ended: PaymentState): Promise<PaymentState> {
    await settleHandlers();
    if (ended.status === 'paid' && input.messages && patched('io-payment-messages')) {
      await sendMessage('receipt');
    }
    return ended;
  }

  /** The payment's notice or receipt message, once per payment whatever happens to its runs. */
  async function sendMessage(kind: 'notice' | 'receipt'): Promise<void> {
    const messages = input.messages!;
    await handOverMessage({
      enteCode: input.enteCode,
      ...(messages.serviceCode === undefined ? {} : { serviceCode: messages.serviceCode }),
      fiscalCode: input.payer.fiscalCode,
      ...(messages.locale === undefined ? {} : { locale: messages.locale }),
      content: messages[kind],
      ...(kind === 'notice'
        ? {
            paymentData: {
              noticeNumber: input.noticeNumber,
              amountCents: input.amountCents,
              payeeFiscalCode: input.orgFiscalCode,
              dueDate: input.dueDate,
            },
          }
        : {}),
      ...(input.payer.email === undefined ? {} : { email: input.payer.email }),
      noticeNumber: input.noticeNumber,
      idempotencyKey: paymentMessageKey(input.noticeNumber, kind),
      requestedBy: `payment/${input.noticeNumber}`,
    });
  }

  async function settleHandlers(): Promise<void> {
    for (;;) {
      while (inbox.length > 0) await apply(inbox.shift()!);
      if (cancellation && cancellationOutcome === undefined && !canCancelPayment(state.status)) {
        refuseCancellation();
      }
      await condition(() => inbox.length > 0 || allHandlersFinished());
      if (inbox.length === 0) return;
    }
  }
};

/**
 * Runs an activity whose business refusal is a recorded outcome, not a crash: the intermediary
 * refusing the position (GPD_REJECTED) becomes `failed` with its reason. Anything else (retries
 * exhausted on infrastructure, a bug) still fails the workflow loudly.
 */
async function business<T>(
  call: () => Promise<T>,
): Promise<
  { value: T; failed?: undefined } | { value?: undefined; failed: { code: string; reason: string } }
> {
  try {
    return { value: await call() };
  } catch (error) {
    if (
      error instanceof ActivityFailure &&
      error.cause instanceof ApplicationFailure &&
      error.cause.type === 'GPD_REJECTED'
    ) {
      return { failed: { code: error.cause.type, reason: error.cause.message } };
    }
    throw error;
  }
}

/** '6 hours' / '30 minutes' / '10 seconds' → milliseconds (the units the workflow input uses). */
function msOf(duration: string): number {
  const match = /^(\d+)\s*(second|minute|hour|day)s?$/.exec(duration.trim());
  if (!match) throw ApplicationFailure.nonRetryable(`Unreadable duration "${duration}"`, 'INVALID_INPUT');
  const unit = { second: 1000, minute: 60_000, hour: 3_600_000, day: DAY_MS }[match[2] as 'second'];
  return Number(match[1]) * unit;
}
