import { ApplicationFailure } from '@temporalio/activity';
import type { CaseInput, CaseView, PaymentInput, TimelineEntry } from '@sus/contracts';
import { addDays, civilDateInRome, instantInRome, type CivilDate } from '@sus/domain';

/** What recordCase hands the projection: the view (without its timeline) and the entries since the last record. */
/** How long one attempt of awaitNoticePayable watches the payment, and how often it looks. */
const NOTICE_WAIT_MS = 10_000;
const NOTICE_POLL_MS = 150;

export interface CaseRecord {
  caseId: string;
  enteId: string;
  workflowId: string;
  serviceCode: string;
  versionId: string;
  applicant: CaseInput['applicant'];
  /** Fiscal codes of everyone who may follow the case as a citizen. */
  parties: string[];
  startedAt: string;
  view: CaseView;
  entries: TimelineEntry[];
}

export interface HoldSlotRequest {
  enteCode: string;
  resourceCode: string;
  date: CivilDate;
  start: string;
  holderRef: string;
  holdUntil: string;
}

export interface HeldSlot {
  resourceName: string;
  date: CivilDate;
  start: string;
  end: string;
}

export interface CaseNoticeRequest {
  caseId: string;
  caseNumber: string;
  enteCode: string;
  serviceCode: string;
  stepId: string;
  visit: number;
  feeIndex: number;
  dueInDays: number;
  /** The workflow's now, the day the due date counts from; absent in histories recorded before it was passed. */
  at?: string;
  payer: CaseInput['applicant'];
  description: string;
}

export interface CaseStore {
  record(record: CaseRecord): Promise<void>;
}

export interface CaseBookings {
  hold(request: HoldSlotRequest): Promise<HeldSlot>;
  confirm(holderRef: string): Promise<void>;
  release(holderRef: string): Promise<void>;
}

export interface CaseNotices {
  /** The payment's status as its workflow last recorded it; null before the first record. */
  statusOf(noticeNumber: string): Promise<string | null>;
  /** Allocates (idempotently, by request key) and builds the payment workflow's input. */
  prepare(request: CaseNoticeRequest & { requestKey: string; dueDate: CivilDate }): Promise<PaymentInput>;
}

/** Asks a notice's payment workflow, which knows the moment its position is published. */
export interface NoticePayable {
  /** The payment's status once payable (or ended otherwise); null when `waitMs` passed first or it cannot tell. */
  untilPayable(noticeNumber: string, waitMs: number): Promise<string | null>;
}

/** The persistence a case's activities need; the worker wires the catalog behind it. */
export interface CasePorts {
  caseStore: CaseStore;
  bookings: CaseBookings;
  notices: CaseNotices;
  /** Without it (simulations, tests on the time-skipping server) the payment row is polled. */
  payable?: NoticePayable;
}

export function createCaseActivities({ caseStore, bookings, notices, payable }: CasePorts) {
  return {
    async recordCase(record: CaseRecord): Promise<void> {
      await caseStore.record(record);
    },

    async holdSlot(request: HoldSlotRequest): Promise<HeldSlot> {
      return bookings.hold(request);
    },

    async confirmSlot({ holderRef }: { holderRef: string }): Promise<void> {
      await bookings.confirm(holderRef);
    },

    async releaseSlot({ holderRef }: { holderRef: string }): Promise<void> {
      await bookings.release(holderRef);
    },

    /** The notice of a payment step; the key makes a retried activity find the same notice number. */
    async prepareCaseNotice(request: CaseNoticeRequest): Promise<PaymentInput> {
      const dueDate = addDays(
        civilDateInRome(request.at ? new Date(request.at) : new Date()),
        request.dueInDays,
      );
      return notices.prepare({
        ...request,
        dueDate,
        requestKey: `case/${request.enteCode}/${request.caseNumber}/${request.stepId}/${request.visit}`,
      });
    },

    /**
     * Returns once the notice can be paid at pagoPA (its position published), or has ended
     * otherwise (refused, cancelled): the case tells the citizen to pay only then. Retried (with
     * the activity's backoff) while the payment workflow has not got that far; a retry asks the
     * workflow again with the same Update id, so it joins the first attempt's Update.
     */
    async awaitNoticePayable({ noticeNumber }: { noticeNumber: string }): Promise<string> {
      const deadline = Date.now() + NOTICE_WAIT_MS;
      // The payment workflow answers the moment it has published the position, before its row
      // says so; the row (polled) still decides when the workflow cannot answer (it has ended).
      const answered = await payable?.untilPayable(noticeNumber, NOTICE_WAIT_MS).catch(() => null);
      if (answered && answered !== 'draft' && answered !== 'issued') return answered;
      for (;;) {
        const status = await notices.statusOf(noticeNumber);
        if (status && status !== 'draft' && status !== 'issued') return status;
        if (Date.now() >= deadline)
          throw ApplicationFailure.retryable(
            `Notice ${noticeNumber} is not payable yet (${status ?? 'unknown'}).`,
            'NOTICE_NOT_YET_PAYABLE',
          );
        await new Promise((resolve) => setTimeout(resolve, NOTICE_POLL_MS));
      }
    },

    /**
     * Today in Rome and the instants civil days start at: workflow code keeps no time zones, so
     * it asks here (a local activity, recorded in history, replayed as recorded).
     */
    async romeCalendar({
      dates,
      at,
    }: {
      dates: CivilDate[];
      /** The workflow's now; absent in histories recorded before it was passed. */
      at?: string;
    }): Promise<{ today: CivilDate; startsOf: Record<string, string> }> {
      const startsOf: Record<string, string> = {};
      for (const date of dates) startsOf[date] = instantInRome(date, 0).toISOString();
      return { today: civilDateInRome(at ? new Date(at) : new Date()), startsOf };
    },
  };
}
