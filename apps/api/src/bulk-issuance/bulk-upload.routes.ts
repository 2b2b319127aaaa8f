import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { anonymousContext } from '@sus/catalog';
import { AccessDeniedError, can } from '@sus/domain';
import { SusError } from '@sus/platform';
import type { BulkIssuanceService } from './bulk-issuance.service';

export const BULK_UPLOAD_PATH = '/payments/bulk-jobs';

/**
 * POST /payments/bulk-jobs?enteCode=…&fileName=…, body the CSV file (text/csv): the file streamed
 * into a new job (never held whole in memory), answered with the job (201) to start with
 * startBulkIssuance. The CSV body parser hands the raw request stream over and is registered in
 * this route's own Fastify context only: everywhere else a CSV body is refused as before. Same
 * authentication as GraphQL (the api's onRequest hook); payments:write in the ente.
 */
export function installBulkUpload(
  fastify: FastifyInstance,
  bulk: () => BulkIssuanceService,
  maxBytes: number,
): void {
  void fastify.register(async (scope) => {
    scope.addContentTypeParser(
      ['text/csv', 'text/plain', 'application/octet-stream'],
      (_request, payload, done) => done(null, payload),
    );
    scope.post<{ Querystring: { enteCode?: string; fileName?: string } }>(
      BULK_UPLOAD_PATH,
      { bodyLimit: maxBytes },
      async (request, reply) => {
        const ctx = request.susContext ?? anonymousContext(request.id);
        const { enteCode, fileName } = request.query;
        const refuse = (status: number, code: string, message: string, field?: string) => {
          // The rest of the body is not read: the connection cannot be reused.
          reply.header('connection', 'close');
          return reply.status(status).send({ code, message, ...(field ? { field } : {}) });
        };
        if (typeof enteCode !== 'string' || !/^[A-Za-z0-9_]{1,30}$/.test(enteCode))
          return refuse(400, 'BAD_USER_INPUT', 'Say whose file it is: ?enteCode=<IPA code>.', 'enteCode');
        if (ctx.actor.kind === 'anonymous')
          return refuse(401, 'UNAUTHENTICATED', 'Uploading needs a staff token or an API key.');
        if (!can(ctx.actor, 'payments:write', enteCode))
          return refuse(403, 'FORBIDDEN', `Not allowed: issuing notices of ${enteCode}.`);
        const declared = Number(request.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxBytes)
          return refuse(
            413,
            'FILE_TOO_LARGE',
            `The file is larger than ${maxBytes} bytes; split it into several files.`,
          );
        if (!request.body || typeof (request.body as Readable).pipe !== 'function')
          return refuse(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the file as the body, Content-Type: text/csv.');
        try {
          const job = await bulk().upload(ctx, {
            enteCode,
            fileName: (fileName ?? 'bulk.csv').slice(0, 200),
            source: request.body as Readable,
            maxBytes,
          });
          if (job.status === 'rejected') reply.header('connection', 'close');
          return reply.status(201).send(job);
        } catch (error) {
          if (error instanceof AccessDeniedError) return refuse(403, 'FORBIDDEN', error.message);
          if (error instanceof SusError)
            return refuse(error.code === 'NOT_FOUND' ? 404 : 400, error.code, error.message, error.field);
          throw error;
        }
      },
    );
  });
}
