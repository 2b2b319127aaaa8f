import type { BulkIssuanceBatch } from '@sus/contracts';

/** What a bulk job's activities need; the worker wires the catalog's BulkJobs and BulkIssuanceBatches. */
export interface BulkIssuancePorts {
  bulkBatches: {
    prepare(request: {
      jobId: string;
      enteCode: string;
      afterLine: number;
      limit: number;
    }): Promise<BulkIssuanceBatch>;
  };
  bulkJobs: {
    recordBatch(jobId: string, enteCode: string, firstLines: number[]): Promise<void>;
    finish(jobId: string): Promise<void>;
  };
}

export function createBulkIssuanceActivities({ bulkBatches, bulkJobs }: BulkIssuancePorts) {
  return {
    /**
     * The next positions of the job after `afterLine`, as payment workflow inputs; notice numbers
     * allocated (idempotently, by ente + position) and recorded on the positions.
     */
    async prepareBulkBatch(request: {
      jobId: string;
      enteCode: string;
      afterLine: number;
      limit: number;
    }): Promise<BulkIssuanceBatch> {
      return bulkBatches.prepare(request);
    },

    /** The batch's payment workflows exist: the job's progress moves, once however often it is repeated. */
    async recordBulkBatch(request: { jobId: string; enteCode: string; firstLines: number[] }): Promise<void> {
      await bulkJobs.recordBatch(request.jobId, request.enteCode, request.firstLines);
    },

    async finishBulkJob(request: { jobId: string }): Promise<void> {
      await bulkJobs.finish(request.jobId);
    },
  };
}
