import type { PaymentInput } from './payments';

/** The workflow type of one bulk issuance job (issue 19): a finance office's file, issued. */
export const bulkIssuanceWorkflowType = 'bulkIssuanceWorkflow';

/** One workflow per job: starting a job twice (or after a re-upload of its file) finds the same one. */
export const bulkIssuanceWorkflowId = (jobId: string): string => `bulk-issuance/${jobId}`;

/**
 * The key a bulk position's notice numbers are allocated under: one set of numbers per ente and
 * position id, whatever file, job, retry or crash asks, so its payment workflow id
 * (`payment/<noticeNumber>`) is the same every time and a position is issued once.
 */
export const bulkPositionKey = (enteCode: string, positionId: string): string =>
  `bulk/${enteCode}/${positionId}`;

export interface BulkIssuanceInput {
  jobId: string;
  enteCode: string;
  /** Positions prepared and handed to their payment workflows per batch (default 100). */
  batchSize?: number;
  /** Batches per run before it continues as new (default 10). */
  batchesPerRun?: number;
  /** Set by a run that continued as new: where it stopped and what it counted. */
  resume?: BulkIssuanceProgress;
}

export interface BulkIssuanceProgress {
  /** The first line of the last position handed over (positions are read in file order). */
  afterLine: number;
  /** Payment workflows this job started. */
  started: number;
  /** Positions whose payment workflow already existed (an earlier file, an earlier attempt). */
  alreadyStarted: number;
}

export type BulkIssuanceResult = BulkIssuanceProgress & { jobId: string };

/** A batch of the job's positions, ready for their payment workflows. */
export interface BulkIssuanceBatch {
  payments: PaymentInput[];
  /** The positions' first lines (their key in the job), in the same order as `payments`. */
  firstLines: number[];
}

export type BulkIssuanceWorkflow = (input: BulkIssuanceInput) => Promise<BulkIssuanceResult>;
