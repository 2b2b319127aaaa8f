import { setTimeout } from 'node:timers/promises';
import { PassThrough, Readable } from 'node:stream';
import {
  Controller,
  Get,
  Header,
  NotFoundException,
  ConflictException,
  Param,
  StreamableFile,
} from '@nestjs/common';
import { ZipFile } from 'yazl';
import {
  BulkJobs,
  CatalogError,
  EntiService,
  systemContext,
  type BulkJobView,
  type RequestContext,
} from '@sus/catalog';
import { permittedSomewhere } from '../access/access-rules';
import { Allow } from '../access/allow.decorator';
import { Ctx } from '../request-context/request-context';
import { renderPaymentNoticePdf } from '../payments/notice-pdf/render-payment-notice-pdf';

const PAGE = 2_000;
/** Avvisi rendered per page of the ZIP; the next page waits until the client has read most of this one. */
const AVVISI_PAGE = 100;
const ZIP_BUFFER_BYTES = 8 * 1024 * 1024;

/** One CSV field: quoted when it holds a separator, a quote or a line end (RFC 4180). */
export function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const csvLine = (fields: (string | number)[]) => `${fields.map(csvField).join(',')}\r\n`;

/**
 * A bulk job's outputs (issue 19, item 3), streamed a page at a time: the error report, the notice
 * numbers an accounting system re-imports, and the avvisi as one ZIP of PDFs (the same renderer
 * as a single avviso). Whoever reads payments somewhere passes the rule; BulkJobs answers another
 * ente's job as not found.
 */
@Allow(permittedSomewhere('payments:read'))
@Controller('payments/bulk-jobs')
export class BulkOutputsController {
  constructor(
    private readonly jobs: BulkJobs,
    private readonly enti: EntiService,
  ) {}

  /** `line,position_id,field,code,message`, in line order. */
  @Get(':id/errors.csv')
  @Header('cache-control', 'private, no-store')
  async errors(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<StreamableFile> {
    const job = await this.job(ctx, id);
    const jobs = this.jobs;
    async function* lines() {
      yield csvLine(['line', 'position_id', 'field', 'code', 'message']);
      for (let after = 0; ;) {
        // Pages hold whole lines (BulkJobs.errors), so the next starts after the last line read.
        const page = await jobs.errors(ctx, job.id, { afterLine: after, first: PAGE });
        if (page.length === 0) return;
        yield page
          .map((error) => csvLine([error.line, error.positionId, error.field, error.code, error.message]))
          .join('');
        after = page.at(-1)!.line;
      }
    }
    return csv(lines(), `errori-${job.id}.csv`);
  }

  /** `position_id,instalment_number,notice_number,iuv`; instalment_number empty for the single payment, as in the upload. */
  @Get(':id/notices.csv')
  @Header('cache-control', 'private, no-store')
  async notices(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<StreamableFile> {
    const job = await this.issued(ctx, id);
    const jobs = this.jobs;
    async function* lines() {
      yield csvLine(['position_id', 'instalment_number', 'notice_number', 'iuv']);
      for (let after = 0; ;) {
        const page = await jobs.notices(ctx, job.id, { afterLine: after, first: PAGE });
        if (page.length === 0) return;
        yield page
          .flatMap((position) =>
            [...position.options]
              .sort((a, b) => a.instalment - b.instalment)
              .map((option) =>
                csvLine([position.positionId, option.instalment || '', option.noticeNumber, option.iuv]),
              ),
          )
          .join('');
        after = page.at(-1)!.firstLine;
      }
    }
    return csv(lines(), `avvisi-${job.id}.csv`);
  }

  /** Every issued position's avviso (single payment and instalments on one PDF), one ZIP. */
  @Get(':id/avvisi.zip')
  @Header('cache-control', 'private, no-store')
  async avvisi(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<StreamableFile> {
    const job = await this.issued(ctx, id);
    const ente = await this.enti.getByCode(systemContext(), job.enteCode);
    if (!ente.cbillCode) {
      throw new ConflictException({ code: 'ENTE_NOT_ON_PAGOPA', message: `${ente.name} has no CBILL code.` });
    }
    const creditor = { name: ente.name, fiscalCode: ente.fiscalCode, cbillCode: ente.cbillCode };
    const zip = new ZipFile();
    const out = new PassThrough();
    zip.outputStream.pipe(out);
    const fill = async () => {
      for (let after = 0; ;) {
        const page = await this.jobs.noticedPositions(ctx, job.id, { afterLine: after, first: AVVISI_PAGE });
        for (const position of page) {
          const lines = [...position.lines].sort((a, b) => a.instalment - b.instalment);
          const numbers = new Map(position.options.map((option) => [option.instalment, option.noticeNumber]));
          const single = lines[0]!;
          const instalments = lines.slice(1).map((line) => ({
            noticeNumber: numbers.get(line.instalment)!,
            amountCents: line.amountCents,
            dueDate: line.dueDate,
          }));
          const pdf = await renderPaymentNoticePdf({
            creditor,
            debtor: { fullName: single.payerName, fiscalCode: single.payerFiscalCode },
            subject: single.description.slice(0, 90),
            single: {
              noticeNumber: numbers.get(0)!,
              amountCents: single.amountCents,
              dueDate: single.dueDate,
            },
            ...(instalments.length ? { instalments } : {}),
          });
          zip.addBuffer(pdf, `${fileSafe(position.positionId)}-${numbers.get(0)}.pdf`, { compress: false });
        }
        if (page.length < AVVISI_PAGE) break;
        after = page.at(-1)!.firstLine;
        // Memory stays flat: wait while the client has not read what is already rendered.
        const buffered = () => (zip.outputStream as unknown as Readable).readableLength + out.readableLength;
        while (buffered() > ZIP_BUFFER_BYTES && !out.destroyed) await setTimeout(50);
        if (out.destroyed) return;
      }
      zip.end();
    };
    fill().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
    return new StreamableFile(out, {
      type: 'application/zip',
      disposition: `attachment; filename="avvisi-${job.id}.zip"`,
    });
  }

  private async job(ctx: RequestContext, id: string): Promise<BulkJobView> {
    try {
      return await this.jobs.get(ctx, id);
    } catch (error) {
      if (error instanceof CatalogError && error.code === 'NOT_FOUND')
        throw new NotFoundException({ code: 'NOT_FOUND', message: error.message });
      throw error;
    }
  }

  /** A job whose issuing has started: before, it has no notice numbers. */
  private async issued(ctx: RequestContext, id: string): Promise<BulkJobView> {
    const job = await this.job(ctx, id);
    if (job.status !== 'issuing' && job.status !== 'completed') {
      throw new ConflictException({
        code: 'BULK_JOB_NOT_ISSUED',
        message: `Job ${id} is ${job.status}: it has no notices until startBulkIssuance has run.`,
      });
    }
    return job;
  }
}

function csv(lines: AsyncIterable<string>, fileName: string): StreamableFile {
  return new StreamableFile(Readable.from(lines), {
    type: 'text/csv; charset=utf-8',
    disposition: `attachment; filename="${fileName}"`,
  });
}

const fileSafe = (name: string) => name.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80);
