import { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { assertCan } from '@sus/domain';
import {
  BULK_DEFAULT_MAX_BYTES,
  BulkJobs,
  CatalogError,
  type BulkErrorView,
  type BulkIngestRequest,
  type BulkJobView,
  type RequestContext,
} from '@sus/catalog';
import { bulkIssuanceWorkflowId, bulkIssuanceWorkflowType, type BulkIssuanceWorkflow } from '@sus/contracts';
import { ApiSettings } from '../config';
import { TemporalGateway } from '../temporal/temporal.module';

/**
 * Bulk issuance jobs through the api: files read into jobs (BulkJobs, libs/catalog), jobs handed
 * to their bulk workflow (apps/worker). The catalog's service checks the caller's permission
 * again on every call (second wall).
 */
@Injectable()
export class BulkIssuanceService {
  constructor(
    private readonly jobs: BulkJobs,
    private readonly temporal: TemporalGateway,
    @Inject(ApiSettings) private readonly settings: ApiSettings,
  ) {}

  /** Reads an uploaded file into a job (streamed); the same file again answers its first job. */
  upload(ctx: RequestContext, request: Omit<BulkIngestRequest, 'maxBytes'> & { maxBytes?: number }) {
    return this.jobs.ingest(ctx, { maxBytes: BULK_DEFAULT_MAX_BYTES, ...request });
  }

  /**
   * Starts issuing a job (uploaded before, or the file given inline). Starting it again, or
   * uploading the same file again and starting that, finds the same workflow: nothing is issued
   * twice. An inline file refused whole answers its rejected job, whose errors say why.
   */
  async start(
    ctx: RequestContext,
    request: { enteCode: string; id?: string; csv?: string; fileName?: string },
  ): Promise<BulkJobView> {
    assertCan(ctx, 'payments:write', request.enteCode);
    if ((request.id === undefined) === (request.csv === undefined)) {
      throw new CatalogError(
        'BAD_USER_INPUT',
        'Give either id (a job uploaded through POST /payments/bulk-jobs) or csv (the file as text).',
        request.id === undefined ? 'id' : 'csv',
      );
    }
    let job: BulkJobView;
    if (request.csv !== undefined) {
      job = await this.upload(ctx, {
        enteCode: request.enteCode,
        fileName: request.fileName ?? 'bulk.csv',
        source: Readable.from([Buffer.from(request.csv, 'utf8')]),
      });
      if (job.status === 'rejected') return job;
    } else {
      job = await this.jobs.get(ctx, request.id!);
      // Another ente's job is "not found", like one that does not exist.
      if (job.enteCode !== request.enteCode)
        throw new CatalogError('NOT_FOUND', `No bulk job ${request.id}.`, 'id');
    }
    job = await this.jobs.markIssuing(ctx, job.id);
    const client = await this.temporal.client();
    try {
      await client.workflow.start<BulkIssuanceWorkflow>(bulkIssuanceWorkflowType, {
        workflowId: bulkIssuanceWorkflowId(job.id),
        taskQueue: this.temporal.taskQueue,
        // Started twice at once, or again while it runs: the same run.
        workflowIdConflictPolicy: 'USE_EXISTING',
        // Started again after it completed: refused, the job is done.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [
          { jobId: job.id, enteCode: job.enteCode, batchSize: this.settings.values.BULK_ISSUANCE_BATCH_SIZE },
        ],
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
    return (await this.jobs.find(job.id))!;
  }

  /** null for a job that does not exist or is another ente's (not the caller's business). */
  async find(ctx: RequestContext, id: string): Promise<BulkJobView | null> {
    try {
      return await this.jobs.get(ctx, id);
    } catch (error) {
      if (error instanceof CatalogError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }

  list(ctx: RequestContext, enteCode: string, first: number): Promise<BulkJobView[]> {
    return this.jobs.list(ctx, enteCode, first);
  }

  errors(
    ctx: RequestContext,
    id: string,
    page: { afterLine: number; first: number },
  ): Promise<BulkErrorView[]> {
    return this.jobs.errors(ctx, id, page);
  }
}
