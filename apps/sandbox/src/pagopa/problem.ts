import { HttpException } from '@nestjs/common';
import type { ZodError } from 'zod';
import type { ProblemJson } from '../problem-json';

const TITLES: Record<number, string> = {
  400: 'BAD REQUEST',
  404: 'NOT FOUND',
  409: 'CONFLICT',
  422: 'UNPROCESSABLE ENTITY',
};

export class ProblemException extends HttpException {
  constructor(status: number, detail: string, title = TITLES[status] ?? 'ERROR') {
    super({ title, status, detail } satisfies ProblemJson, status);
  }
}

/** One line per failing field, with its JSON path, as Spring's validation messages do. */
export function describeZodError(error: ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'body'}: ${issue.message}`)
    .join('; ');
}
