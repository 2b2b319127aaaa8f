import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { ZodError } from 'zod';

/** The IO Services API's `ProblemJson` (RFC 7807), as IO's functions send it. */
export interface ProblemJson {
  type?: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
}

/** An error answer of the IO Services API: ProblemJson served as `application/problem+json`. */
export class IoProblem extends HttpException {
  constructor(status: number, title: string, detail: string) {
    super({ title, status, detail } satisfies ProblemJson, status);
  }

  static validation(title: string, error: ZodError): IoProblem {
    return new IoProblem(400, title, describeIssues(error));
  }
}

/** One line per failing value, with its JSON path (IO lists each io-ts error the same way). */
export function describeIssues(error: ZodError): string {
  return error.issues
    .map((issue) => `value at ${issue.path.length > 0 ? issue.path.join('.') : 'root'}: ${issue.message}`)
    .join('\n');
}

/**
 * APIM's own answers (401, 403 for a key, 429) are plain `{ statusCode, message }` JSON and pass
 * through untouched; the functions' problems get their media type here.
 */
@Catch(IoProblem)
export class IoProblemFilter implements ExceptionFilter {
  catch(exception: IoProblem, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    void reply
      .status(exception.getStatus())
      .type('application/problem+json')
      .send(JSON.stringify(exception.getResponse()));
  }
}
